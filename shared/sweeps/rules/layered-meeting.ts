import { occurrencesOf, occurrenceViolation } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

/**
 * A meeting relayed down the hierarchy, approved or not: one report saying so is enough, since
 * the village that sat through the relay knows it better than the convener. The reports that say
 * so are the evidence.
 */
export const layeredMeeting: SweepRule = {
  code: "LAYERED_MEETING",
  needs: ["facts"],
  evaluate({ facts }, { timeZone }) {
    return occurrencesOf(facts, "meeting_held", timeZone).flatMap((occurrence) => {
      const relayed = occurrence.reports.filter((report) => report.relayed);
      return relayed.length > 0 ? [occurrenceViolation("LAYERED_MEETING", occurrence, relayed)] : [];
    });
  },
};
