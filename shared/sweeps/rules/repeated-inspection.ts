import type { UnitKind } from "../../units/schemas.ts";
import { byText, latestDay, occurrencesOf, violationOf } from "./occurrences.ts";
import type { SweepRule, VisitOccurrence } from "./rule.ts";

/** The units the limit protects: those on the receiving end of the city's inspections. */
const grassroots: readonly UnitKind[] = ["township", "village"];

/** The order visits happened in; the id settles visits reported at the same instant. */
const inOrder = (left: VisitOccurrence, right: VisitOccurrence): number =>
  byText(left.day, right.day) ||
  Date.parse(left.visitedAt) - Date.parse(right.visitedAt) ||
  byText(left.id, right.id);

/**
 * A grassroots unit visited more often in a calendar month than the deployment allows. The visits
 * within the limit were allowed, so only the lead units whose visits came after it are at fault,
 * one violation each per target and month. The month is counted from its first day, though the
 * window may begin later in it; only visits in the window open violations, so earlier weeks'
 * visits are not judged twice.
 */
export const repeatedInspection: SweepRule = {
  code: "REPEATED_INSPECTION",
  needs: ["facts", "units", "monthVisits"],
  evaluate({ facts, units, monthVisits }, { timeZone, thresholds, window }) {
    const limit = thresholds.inspectionVisitsPerMonth;
    const inWindow = new Set(window.days);
    const byTargetMonth = new Map<string, VisitOccurrence[]>();
    for (const visit of monthVisits) {
      const kind = units.get(visit.targetUnitId)?.kind;
      if (kind === undefined || !grassroots.includes(kind)) continue;
      const key = `${visit.targetUnitId}:${visit.day.slice(0, 7)}`;
      byTargetMonth.set(key, [...(byTargetMonth.get(key) ?? []), visit]);
    }

    const overLimit = new Map<
      string,
      { leadUnitId: string; targetUnitId: string; month: string; visits: number; found: VisitOccurrence[] }
    >();
    for (const visits of byTargetMonth.values()) {
      for (const visit of [...visits].sort(inOrder).slice(limit)) {
        if (!inWindow.has(visit.day)) continue;
        const month = visit.day.slice(0, 7);
        const subject = `${visit.leadUnitId}:${visit.targetUnitId}:${month}`;
        const group = overLimit.get(subject) ?? {
          leadUnitId: visit.leadUnitId,
          targetUnitId: visit.targetUnitId,
          month,
          visits: visits.length,
          found: [],
        };
        group.found.push(visit);
        overLimit.set(subject, group);
      }
    }

    const reportsOf = new Map(
      occurrencesOf(facts, "inspection_visit", timeZone).map((occurrence) => [
        occurrence.key.id,
        occurrence.reports,
      ]),
    );
    return [...overLimit.entries()]
      .sort(([left], [right]) => byText(left, right))
      .map(([subject, { leadUnitId, targetUnitId, month, visits, found }]) =>
        violationOf("REPEATED_INSPECTION", {
          subject,
          unitId: leadUnitId,
          occurredOn: latestDay(found.map((visit) => visit.day)),
          evidence: found.flatMap((visit) => reportsOf.get(visit.id) ?? []),
          detail: { targetUnitId, month, visits, limit },
        }),
      );
  },
};
