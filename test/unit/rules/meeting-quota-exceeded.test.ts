import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactOf } from "../../../shared/facts/schemas.ts";
import { meetingQuotaExceeded } from "../../../shared/sweeps/rules/meeting-quota-exceeded.ts";
import type { SweepPlan } from "../../../shared/sweeps/rules/rule.ts";
import { meetingFact } from "../../fakes/records.ts";
import { documentsPlan, meetingsPlan, sweepContext, sweepInputs, week53 } from "../../fakes/sweep-inputs.ts";

const held = (id: string, heldAt: string, overrides: Partial<FactOf<"meeting_held">> = {}) =>
  meetingFact({ id, heldAt, ...overrides });

/** dept-a may convene 10 meeting-days a year. */
const quotas = [{ unitId: "dept-a", limit: 10 }];

const evaluate = (facts: FactOf<"meeting_held">[], plans: SweepPlan[], context = sweepContext()) =>
  meetingQuotaExceeded.evaluate(sweepInputs({ facts, plans }), context);

describe("MEETING_QUOTA_EXCEEDED", () => {
  it("declares that it reads facts and plans", () => {
    assert.equal(meetingQuotaExceeded.code, "MEETING_QUOTA_EXCEEDED");
    assert.deepEqual([...meetingQuotaExceeded.needs].sort(), ["facts", "plans"]);
  });

  it("accepts a convener within its quota, up to the quota itself", () => {
    const facts = [held("e1", "2026-11-25T09:00:00+08:00")];
    assert.deepEqual(evaluate(facts, [meetingsPlan(2026, { quotas, reported: { "dept-a": 10 } })]), []);
  });

  it("finds a convener past its quota once, with the window's meetings as evidence and its latest day", () => {
    const facts = [
      held("e1", "2026-11-24T09:00:00+08:00"),
      held("e3", "2026-11-26T09:00:00+08:00", { title: "Heating work" }),
      held("e2", "2026-11-24T15:00:00+08:00"),
      held("e4", "2026-11-26T09:00:00+08:00", { unitId: "village-1" }),
    ];
    const plans = [meetingsPlan(2026, { quotas, reported: { "dept-a": 12 } })];
    assert.deepEqual(evaluate(facts, plans), [
      {
        id: "MEETING_QUOTA_EXCEEDED:dept-a:2026",
        rule: "MEETING_QUOTA_EXCEEDED",
        unitId: "dept-a",
        subject: "dept-a:2026",
        summary: "Heating work; Safety meeting",
        occurredOn: "2026-11-26",
        detail: { year: 2026, reported: 12, quota: 10 },
        evidence: { factIds: ["e1", "e2", "e3", "e4"] },
      },
    ]);
  });

  it("judges only conveners that met in the window, and only those with a quota", () => {
    const facts = [held("e1", "2026-11-25T09:00:00+08:00", { convenerUnitId: "dept-c" })];
    const plans = [meetingsPlan(2026, { quotas, reported: { "dept-a": 30, "dept-c": 30 } })];
    assert.deepEqual(evaluate(facts, plans), []);
  });

  it("ignores a draft plan's quotas, a year with no plan, another year's plan and another kind's", () => {
    const facts = [held("e1", "2026-11-25T09:00:00+08:00")];
    const reported = { "dept-a": 30 };
    assert.deepEqual(evaluate(facts, [meetingsPlan(2026, { status: "draft", quotas, reported })]), []);
    assert.deepEqual(
      evaluate(facts, [
        { year: 2026, kind: "meetings", plan: undefined, reported: new Map(), additions: [] },
      ]),
      [],
    );
    assert.deepEqual(evaluate(facts, [meetingsPlan(2025, { quotas, reported })]), []);
    assert.deepEqual(evaluate(facts, [documentsPlan(2026, { quotas, reported })]), []);
  });

  it("weighs each day of ISO week 2026-W53 against its own year: 31 December counts for 2026, 1 January for 2027", () => {
    const context = sweepContext({ window: week53() });
    // 23:59 on 31 December and 00:00 on 1 January in Shanghai, both 31 December in UTC.
    const facts = [held("e1", "2026-12-31T15:59:00Z"), held("e2", "2026-12-31T16:00:00Z")];
    const over2026 = [
      meetingsPlan(2026, { quotas, reported: { "dept-a": 11 } }),
      meetingsPlan(2027, { quotas, reported: { "dept-a": 1 } }),
    ];
    assert.deepEqual(
      evaluate(facts, over2026, context).map((violation) => [
        violation.id,
        violation.occurredOn,
        violation.evidence.factIds,
      ]),
      [["MEETING_QUOTA_EXCEEDED:dept-a:2026", "2026-12-31", ["e1"]]],
    );
    const overBoth = [
      meetingsPlan(2026, { quotas, reported: { "dept-a": 11 } }),
      meetingsPlan(2027, { quotas: [{ unitId: "dept-a", limit: 0 }], reported: { "dept-a": 1 } }),
    ];
    assert.deepEqual(
      evaluate(facts, overBoth, context).map((violation) => [
        violation.id,
        violation.occurredOn,
        violation.detail,
      ]),
      [
        ["MEETING_QUOTA_EXCEEDED:dept-a:2026", "2026-12-31", { year: 2026, reported: 11, quota: 10 }],
        ["MEETING_QUOTA_EXCEEDED:dept-a:2027", "2027-01-01", { year: 2027, reported: 1, quota: 0 }],
      ],
    );
  });
});
