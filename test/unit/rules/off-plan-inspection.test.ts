import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactOf } from "../../../shared/facts/schemas.ts";
import type { InspectionPlanItem, PlanAdditionOf } from "../../../shared/plans/schemas.ts";
import { offPlanInspection } from "../../../shared/sweeps/rules/off-plan-inspection.ts";
import type { SweepPlan } from "../../../shared/sweeps/rules/rule.ts";
import {
  inspectionsPlan,
  inspectionVisit,
  sweepContext,
  sweepInputs,
  unitsOf,
} from "../../fakes/sweep-inputs.ts";

/** dept-a's visit to village-1 on 25 November 2026 at 10:00 Shanghai time, as `reporter` saw it. */
const visited = (id: string, overrides: Partial<FactOf<"inspection_visit">> = {}, reporter = "village-1") =>
  inspectionVisit({ id, unitId: reporter, ...overrides });

/** dept-a's November inspection of village-1. */
const item = (overrides: Partial<InspectionPlanItem> = {}): InspectionPlanItem => ({
  id: "p1",
  title: "Heating safety check",
  inspectionKind: "inspection",
  leadUnitId: "dept-a",
  targetUnitIds: ["village-1"],
  from: "2026-11-01",
  to: "2026-11-30",
  ...overrides,
});

/** The same inspection, approved as a temporary addition on 20 November. */
const addition = (overrides: Partial<PlanAdditionOf<"inspections">> = {}): PlanAdditionOf<"inspections"> => ({
  ...item({ id: "r9" }),
  requestId: "r9",
  addedAt: "2026-11-20T10:00:00+08:00",
  ...overrides,
});

const units = unitsOf({ "dept-a": "department", "village-1": "village", "township-1": "township" });

const evaluate = (facts: FactOf<"inspection_visit">[], plans: SweepPlan[] = []) =>
  offPlanInspection.evaluate(sweepInputs({ facts, plans, units }), sweepContext());

const count = (facts: FactOf<"inspection_visit">[], plans: SweepPlan[]) => evaluate(facts, plans).length;

describe("OFF_PLAN_INSPECTION", () => {
  it("declares that it reads facts, plans and units", () => {
    assert.equal(offPlanInspection.code, "OFF_PLAN_INSPECTION");
    assert.deepEqual([...offPlanInspection.needs].sort(), ["facts", "plans", "units"]);
  });

  it("finds a visit on no plan, laid at the lead unit's door", () => {
    assert.deepEqual(evaluate([visited("v1")]), [
      {
        id: "OFF_PLAN_INSPECTION:dept-a:village-1:2026-11-25",
        rule: "OFF_PLAN_INSPECTION",
        unitId: "dept-a",
        subject: "dept-a:village-1:2026-11-25",
        summary: "Heating safety check",
        occurredOn: "2026-11-25",
        detail: { targetUnitId: "village-1" },
        evidence: { factIds: ["v1"] },
      },
    ]);
  });

  it("accepts a visit a published item allows: its lead, a target it names by id or by kind, within its dates", () => {
    assert.equal(count([visited("v1")], [inspectionsPlan(2026, { items: [item()] })]), 0);
    const byKind = item({ targetUnitIds: undefined, targetUnitKinds: ["village"] });
    assert.equal(count([visited("v1")], [inspectionsPlan(2026, { items: [byKind] })]), 0);
    const oneDay = item({ from: "2026-11-25", to: "2026-11-25" });
    assert.equal(count([visited("v1")], [inspectionsPlan(2026, { items: [oneDay] })]), 0);
  });

  it("does not accept a visit by another lead, to another target, outside the dates, or under a draft plan", () => {
    const plan = (entry: InspectionPlanItem) => [inspectionsPlan(2026, { items: [entry] })];
    assert.equal(count([visited("v1")], plan(item({ leadUnitId: "dept-b" }))), 1);
    assert.equal(count([visited("v1", { targetUnitId: "township-1" })], plan(item())), 1);
    assert.equal(
      count([visited("v1", { targetUnitId: "township-1" })], plan(item({ targetUnitKinds: ["village"] }))),
      1,
    );
    assert.equal(
      count([visited("v1", { targetUnitId: "unknown" })], plan(item({ targetUnitKinds: ["village"] }))),
      1,
    );
    assert.equal(count([visited("v1")], plan(item({ to: "2026-11-24" }))), 1);
    assert.equal(count([visited("v1")], plan(item({ from: "2026-11-26" }))), 1);
    assert.equal(count([visited("v1")], [inspectionsPlan(2026, { status: "draft", items: [item()] })]), 1);
    // A report citing the item does not stretch it to other dates.
    assert.equal(count([visited("v1", { planItemId: "p1" })], plan(item({ to: "2026-11-24" }))), 1);
  });

  it("reads the visit's day in local time: 00:30 on 1 December in Shanghai is past an item ending 30 November", () => {
    const early = visited("v1", { visitedAt: "2026-11-30T16:30:00Z" });
    const violations = evaluate([early], [inspectionsPlan(2026, { items: [item()] })]);
    assert.deepEqual(
      violations.map((violation) => violation.id),
      ["OFF_PLAN_INSPECTION:dept-a:village-1:2026-12-01"],
    );
  });

  it("accepts a visit a temporary addition approved before it allows, and only then", () => {
    assert.equal(count([visited("v1")], [inspectionsPlan(2026, { additions: [addition()] })]), 0);
    const late = addition({ addedAt: "2026-11-25T10:30:00+08:00" });
    assert.equal(count([visited("v1")], [inspectionsPlan(2026, { additions: [late] })]), 1);
    const elsewhere = addition({ targetUnitIds: ["township-1"] });
    assert.equal(count([visited("v1")], [inspectionsPlan(2026, { additions: [elsewhere] })]), 1);
    // The visit began at the earliest time any report gives, before this approval.
    const between = addition({ addedAt: "2026-11-25T09:30:00+08:00" });
    const reports = [visited("v1"), visited("v2", { visitedAt: "2026-11-25T09:00:00+08:00" }, "dept-a")];
    assert.equal(count(reports, [inspectionsPlan(2026, { additions: [between] })]), 1);
  });

  it("folds the lead unit's and the village's reports of one visit into one violation", () => {
    const reports = [
      visited("v2", { title: "Safety check", visitedAt: "2026-11-25T15:00:00+08:00" }, "dept-a"),
      visited("v1"),
      visited("v3", { targetUnitId: "township-1" }, "township-1"),
    ];
    assert.deepEqual(
      evaluate(reports).map((violation) => [violation.id, violation.evidence.factIds, violation.summary]),
      [
        ["OFF_PLAN_INSPECTION:dept-a:township-1:2026-11-25", ["v3"], "Heating safety check"],
        [
          "OFF_PLAN_INSPECTION:dept-a:village-1:2026-11-25",
          ["v1", "v2"],
          "Heating safety check; Safety check",
        ],
      ],
    );
  });
});
