import type { InspectionPlanItem, PlanAddition, PlanAdditionOf } from "../../plans/schemas.ts";
import type { UnitKind } from "../../units/schemas.ts";
import { earliestMs, type Occurrence, occurrencesOf, occurrenceViolation } from "./occurrences.ts";
import type { SweepPlan, SweepRule } from "./rule.ts";

type InspectionAddition = PlanAdditionOf<"inspections">;

const isInspectionAddition = (addition: PlanAddition): addition is InspectionAddition =>
  "leadUnitId" in addition;

type Visit = { leadUnitId: string; targetUnitId: string; targetKind: UnitKind | undefined; day: string };

/** A plan entry allows a visit by its lead unit to a target it names, by id or by kind, within its dates. */
const allows = (entry: InspectionPlanItem | InspectionAddition, visit: Visit): boolean =>
  entry.leadUnitId === visit.leadUnitId &&
  ((entry.targetUnitIds ?? []).includes(visit.targetUnitId) ||
    (visit.targetKind !== undefined && (entry.targetUnitKinds ?? []).includes(visit.targetKind))) &&
  entry.from <= visit.day &&
  visit.day <= entry.to;

/**
 * Whether a plan allowed the visit is read from what happened (who went where, when), not from
 * the plan item a report cites, which may name an item for other targets or dates. A temporary
 * addition allows only visits after its approval; a draft plan allows nothing.
 */
const isCovered = (
  { key, reports }: Occurrence<"inspection_visit">,
  targetKind: UnitKind | undefined,
  plans: readonly SweepPlan[],
): boolean => {
  const visit = {
    leadUnitId: key.subjectUnitId,
    targetUnitId: reports[0].targetUnitId,
    targetKind,
    day: key.day,
  };
  const year = Number(key.day.slice(0, 4));
  const inspections = plans.find((plan) => plan.year === year && plan.kind === "inspections");
  const plan = inspections?.plan;
  if (
    plan?.status === "published" &&
    plan.kind === "inspections" &&
    plan.items.some((item) => allows(item, visit))
  ) {
    return true;
  }
  const visitedAtMs = earliestMs(reports.map((report) => report.visitedAt));
  return (inspections?.additions ?? [])
    .filter(isInspectionAddition)
    .some((addition) => Date.parse(addition.addedAt) < visitedAtMs && allows(addition, visit));
};

/** A visit no plan item or earlier-approved temporary addition allowed, laid at the lead unit's door. */
export const offPlanInspection: SweepRule = {
  code: "OFF_PLAN_INSPECTION",
  needs: ["facts", "plans", "units"],
  evaluate({ facts, plans, units }, { timeZone }) {
    return occurrencesOf(facts, "inspection_visit", timeZone).flatMap((occurrence) => {
      const { targetUnitId } = occurrence.reports[0];
      if (isCovered(occurrence, units.get(targetUnitId)?.kind, plans)) return [];
      return [occurrenceViolation("OFF_PLAN_INSPECTION", occurrence, occurrence.reports, { targetUnitId })];
    });
  },
};
