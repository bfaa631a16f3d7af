import type { FactKind } from "../../facts/schemas.ts";
import type { PlanKind } from "../../plans/schemas.ts";
import type { SweptRule } from "../../violations/schemas.ts";
import { latestDay, type Occurrence, occurrencesOf, violationOf } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

/**
 * A unit past its yearly quota: one violation per unit and year, however many weeks it stays past
 * it. Only a unit with reports in the window is judged, so the violation opens in the week the unit
 * goes past and gathers evidence in each week it adds to the excess. The year is that of the local day,
 * so a window across New Year weighs each day against its own year's plan; the count of the year
 * comes from the store, which sees every week of it, and the window's facts are the evidence.
 */
export const quotaRule = (
  code: Extract<SweptRule, "MEETING_QUOTA_EXCEEDED" | "DOCUMENT_QUOTA_EXCEEDED">,
  factKind: Extract<FactKind, "meeting_held" | "document_issued">,
  planKind: Extract<PlanKind, "meetings" | "documents">,
): SweepRule => ({
  code,
  needs: ["facts", "plans"],
  evaluate({ facts, plans }, { timeZone }) {
    const byUnitYear = new Map<
      string,
      { unitId: string; year: number; found: Occurrence<typeof factKind>[] }
    >();
    for (const occurrence of occurrencesOf(facts, factKind, timeZone)) {
      const unitId = occurrence.key.subjectUnitId;
      const year = Number(occurrence.key.day.slice(0, 4));
      const subject = `${unitId}:${year}`;
      const group = byUnitYear.get(subject) ?? { unitId, year, found: [] };
      group.found.push(occurrence);
      byUnitYear.set(subject, group);
    }
    return [...byUnitYear.entries()].flatMap(([subject, { unitId, year, found }]) => {
      const published = plans.find(
        (plan) => plan.year === year && plan.kind === planKind && plan.plan?.status === "published",
      );
      const quota = published?.plan?.quotas.find((candidate) => candidate.unitId === unitId);
      if (published === undefined || quota === undefined) return [];
      const reported = published.reported.get(unitId) ?? 0;
      if (reported <= quota.limit) return [];
      return [
        violationOf(code, {
          subject,
          unitId,
          occurredOn: latestDay(found.map((occurrence) => occurrence.key.day)),
          evidence: found.flatMap((occurrence) => occurrence.reports),
          detail: { year, reported, quota: quota.limit },
        }),
      ];
    });
  },
});
