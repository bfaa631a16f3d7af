import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactOf } from "../../../shared/facts/schemas.ts";
import { documentQuotaExceeded } from "../../../shared/sweeps/rules/document-quota-exceeded.ts";
import type { SweepPlan } from "../../../shared/sweeps/rules/rule.ts";
import { meetingFact } from "../../fakes/records.ts";
import {
  documentIssued,
  documentsPlan,
  meetingsPlan,
  sweepContext,
  sweepInputs,
  week53,
} from "../../fakes/sweep-inputs.ts";

const issued = (id: string, issuedAt: string, overrides: Partial<FactOf<"document_issued">> = {}) =>
  documentIssued({ id, issuedAt, title: `Document ${id}`, ...overrides });

/** dept-a may issue 5 documents a year. */
const quotas = [{ unitId: "dept-a", limit: 5 }];

const evaluate = (
  facts: (FactOf<"document_issued"> | FactOf<"meeting_held">)[],
  plans: SweepPlan[],
  context = sweepContext(),
) => documentQuotaExceeded.evaluate(sweepInputs({ facts, plans }), context);

describe("DOCUMENT_QUOTA_EXCEEDED", () => {
  it("declares that it reads facts and plans", () => {
    assert.equal(documentQuotaExceeded.code, "DOCUMENT_QUOTA_EXCEEDED");
    assert.deepEqual([...documentQuotaExceeded.needs].sort(), ["facts", "plans"]);
  });

  it("accepts an issuer within its quota", () => {
    const facts = [issued("d1", "2026-11-25T10:00:00+08:00")];
    assert.deepEqual(evaluate(facts, [documentsPlan(2026, { quotas, reported: { "dept-a": 5 } })]), []);
  });

  it("finds an issuer past its quota, counting documents, not meetings", () => {
    const facts = [
      issued("d1", "2026-11-25T10:00:00+08:00"),
      issued("d2", "2026-11-27T10:00:00+08:00", { docNumber: "A〔2026〕7" }),
      meetingFact({ id: "e1" }),
    ];
    const plans = [
      documentsPlan(2026, { quotas, reported: { "dept-a": 6 } }),
      meetingsPlan(2026, { quotas: [{ unitId: "dept-a", limit: 0 }], reported: { "dept-a": 9 } }),
    ];
    assert.deepEqual(evaluate(facts, plans), [
      {
        id: "DOCUMENT_QUOTA_EXCEEDED:dept-a:2026",
        rule: "DOCUMENT_QUOTA_EXCEEDED",
        unitId: "dept-a",
        subject: "dept-a:2026",
        summary: "Document d1; Document d2",
        occurredOn: "2026-11-27",
        detail: { year: 2026, reported: 6, quota: 5 },
        evidence: { factIds: ["d1", "d2"] },
      },
    ]);
  });

  it("ignores a draft plan's quotas", () => {
    const facts = [issued("d1", "2026-11-25T10:00:00+08:00")];
    assert.deepEqual(
      evaluate(facts, [documentsPlan(2026, { status: "draft", quotas, reported: { "dept-a": 9 } })]),
      [],
    );
  });

  it("weighs 31 December 2026 against the 2026 plan and 1 January 2027 against the 2027 plan", () => {
    const facts = [issued("d1", "2026-12-31T23:59:00+08:00"), issued("d2", "2027-01-01T00:00:00+08:00")];
    const plans = [
      documentsPlan(2026, { quotas, reported: { "dept-a": 5 } }),
      documentsPlan(2027, { quotas: [{ unitId: "dept-a", limit: 0 }], reported: { "dept-a": 1 } }),
    ];
    const violations = evaluate(facts, plans, sweepContext({ window: week53() }));
    assert.deepEqual(
      violations.map((violation) => [violation.id, violation.occurredOn, violation.evidence.factIds]),
      [["DOCUMENT_QUOTA_EXCEEDED:dept-a:2027", "2027-01-01", ["d2"]]],
    );
  });
});
