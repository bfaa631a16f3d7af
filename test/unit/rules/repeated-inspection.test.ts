import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactOf } from "../../../shared/facts/schemas.ts";
import { repeatedInspection } from "../../../shared/sweeps/rules/repeated-inspection.ts";
import type { SweepContext, VisitOccurrence } from "../../../shared/sweeps/rules/rule.ts";
import {
  days,
  inspectionVisit,
  ruleThresholds,
  sweepContext,
  sweepInputs,
  unitsOf,
  visit,
} from "../../fakes/sweep-inputs.ts";

const units = unitsOf({
  "dept-a": "department",
  "dept-b": "department",
  "dept-c": "department",
  "township-1": "township",
  "village-1": "village",
});

/** A report of `lead`'s visit to `target` at `visitedAt`, as `reporter` saw it. */
const report = (id: string, lead: string, target: string, visitedAt: string, reporter = target) =>
  inspectionVisit({ id, leadUnitId: lead, targetUnitId: target, visitedAt, unitId: reporter });

/** 2026-W49: Monday 30 November to Sunday 6 December, across the turn of the month. */
const week49: SweepContext["window"] = {
  label: "2026-W49",
  startUtc: "2026-11-29T16:00:00.000Z",
  endUtc: "2026-12-06T16:00:00.000Z",
  days: days("2026-11-30", 7),
};

/** The limit is two visits a month unless the context says otherwise; the window is 2026-W48. */
const evaluate = (
  monthVisits: VisitOccurrence[],
  facts: FactOf<"inspection_visit">[] = [],
  context: SweepContext = sweepContext(),
) => repeatedInspection.evaluate(sweepInputs({ facts, units, monthVisits }), context);

const summarised = (violations: ReturnType<typeof evaluate>) =>
  violations.map((violation) => [violation.id, violation.occurredOn, violation.evidence.factIds]);

describe("REPEATED_INSPECTION", () => {
  it("declares that it reads facts, units and the month's visits", () => {
    assert.equal(repeatedInspection.code, "REPEATED_INSPECTION");
    assert.deepEqual([...repeatedInspection.needs].sort(), ["facts", "monthVisits", "units"]);
  });

  it("accepts visits up to the limit", () => {
    const visits = [
      visit("dept-b", "village-1", "2026-11-10T10:00:00+08:00"),
      visit("dept-a", "village-1", "2026-11-25T10:00:00+08:00"),
    ];
    assert.deepEqual(
      evaluate(visits, [report("v1", "dept-a", "village-1", "2026-11-25T10:00:00+08:00")]),
      [],
    );
  });

  it("finds the lead units whose visits came after the limit, with their own reports as evidence", () => {
    const visits = [
      visit("dept-a", "village-1", "2026-11-25T10:00:00+08:00"),
      visit("dept-c", "village-1", "2026-11-25T15:00:00+08:00"),
      visit("dept-b", "village-1", "2026-11-10T10:00:00+08:00"),
      visit("dept-a", "village-1", "2026-11-24T10:00:00+08:00"),
    ];
    const facts = [
      report("v1", "dept-a", "village-1", "2026-11-24T10:00:00+08:00"),
      report("v2", "dept-a", "village-1", "2026-11-25T10:00:00+08:00"),
      report("v3", "dept-a", "village-1", "2026-11-25T10:05:00+08:00", "dept-a"),
      report("v4", "dept-c", "village-1", "2026-11-25T15:00:00+08:00"),
    ];
    assert.deepEqual(evaluate(visits, facts), [
      {
        id: "REPEATED_INSPECTION:dept-a:village-1:2026-11",
        rule: "REPEATED_INSPECTION",
        unitId: "dept-a",
        subject: "dept-a:village-1:2026-11",
        summary: "Heating safety check",
        occurredOn: "2026-11-25",
        detail: { targetUnitId: "village-1", month: "2026-11", visits: 4, limit: 2 },
        evidence: { factIds: ["v2", "v3"] },
      },
      {
        id: "REPEATED_INSPECTION:dept-c:village-1:2026-11",
        rule: "REPEATED_INSPECTION",
        unitId: "dept-c",
        subject: "dept-c:village-1:2026-11",
        summary: "Heating safety check",
        occurredOn: "2026-11-25",
        detail: { targetUnitId: "village-1", month: "2026-11", visits: 4, limit: 2 },
        evidence: { factIds: ["v4"] },
      },
    ]);
  });

  it("orders a day's visits by instant, whatever their offsets, then by id", () => {
    // 09:00+08:00 is 01:00Z, before 01:30Z, although it sorts after it as text.
    const visits = [
      visit("dept-b", "village-1", "2026-11-10T10:00:00+08:00"),
      visit("dept-a", "village-1", "2026-11-25T01:30:00Z", "2026-11-25"),
      visit("dept-c", "village-1", "2026-11-25T09:00:00+08:00"),
    ];
    assert.deepEqual(
      evaluate(visits).map((violation) => violation.unitId),
      ["dept-a"],
    );
    const tied = [
      visit("dept-b", "village-1", "2026-11-10T10:00:00+08:00"),
      visit("dept-c", "village-1", "2026-11-25T10:00:00+08:00"),
      visit("dept-a", "village-1", "2026-11-25T10:00:00+08:00"),
    ];
    assert.deepEqual(
      evaluate(tied).map((violation) => violation.unitId),
      ["dept-c"],
    );
  });

  it("counts the month from its first day but opens violations only for visits in the window", () => {
    const visits = [
      visit("dept-b", "village-1", "2026-11-02T10:00:00+08:00"),
      visit("dept-b", "village-1", "2026-11-03T10:00:00+08:00"),
      visit("dept-b", "village-1", "2026-11-04T10:00:00+08:00"),
      visit("dept-a", "village-1", "2026-11-26T10:00:00+08:00"),
    ];
    const violations = evaluate(visits, [report("v1", "dept-a", "village-1", "2026-11-26T10:00:00+08:00")]);
    assert.deepEqual(summarised(violations), [
      ["REPEATED_INSPECTION:dept-a:village-1:2026-11", "2026-11-26", ["v1"]],
    ]);
    assert.equal(violations[0]?.detail?.visits, 4);
  });

  it("counts each calendar month apart when the window spans two", () => {
    const visits = [
      visit("dept-b", "village-1", "2026-11-10T10:00:00+08:00"),
      visit("dept-b", "village-1", "2026-11-20T10:00:00+08:00"),
      visit("dept-a", "village-1", "2026-11-30T10:00:00+08:00"),
      visit("dept-b", "village-1", "2026-12-01T10:00:00+08:00"),
      visit("dept-b", "village-1", "2026-12-02T10:00:00+08:00"),
      visit("dept-c", "village-1", "2026-12-03T10:00:00+08:00"),
      visit("dept-c", "village-1", "2026-12-05T10:00:00+08:00"),
    ];
    const facts = [
      report("v1", "dept-a", "village-1", "2026-11-30T10:00:00+08:00"),
      report("v2", "dept-b", "village-1", "2026-12-01T10:00:00+08:00"),
      report("v3", "dept-c", "village-1", "2026-12-03T10:00:00+08:00"),
      report("v4", "dept-c", "village-1", "2026-12-05T10:00:00+08:00"),
    ];
    const violations = evaluate(visits, facts, sweepContext({ window: week49 }));
    assert.deepEqual(summarised(violations), [
      ["REPEATED_INSPECTION:dept-a:village-1:2026-11", "2026-11-30", ["v1"]],
      ["REPEATED_INSPECTION:dept-c:village-1:2026-12", "2026-12-05", ["v3", "v4"]],
    ]);
    assert.deepEqual(
      violations.map((violation) => violation.detail),
      [
        { targetUnitId: "village-1", month: "2026-11", visits: 3, limit: 2 },
        { targetUnitId: "village-1", month: "2026-12", visits: 4, limit: 2 },
      ],
    );
  });

  it("protects only grassroots units it knows, and reads the limit from the deployment", () => {
    const thrice = (target: string) => [
      visit("dept-a", target, "2026-11-23T10:00:00+08:00"),
      visit("dept-a", target, "2026-11-24T10:00:00+08:00"),
      visit("dept-a", target, "2026-11-25T10:00:00+08:00"),
    ];
    assert.deepEqual(evaluate([...thrice("dept-b"), ...thrice("unknown")]), []);
    assert.deepEqual(
      evaluate(thrice("township-1")).map((violation) => violation.id),
      ["REPEATED_INSPECTION:dept-a:township-1:2026-11"],
    );
    const lenient = sweepContext({ thresholds: { ...ruleThresholds, inspectionVisitsPerMonth: 3 } });
    assert.deepEqual(evaluate(thrice("township-1"), [], lenient), []);
  });
});
