import { occurrencesOf, occurrenceViolation } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

/**
 * A meeting that required accompanying attendees, approved or not: one report saying so is
 * enough, and the reports that say so are the evidence.
 */
export const accompanyingAttendees: SweepRule = {
  code: "ACCOMPANYING_ATTENDEES",
  needs: ["facts"],
  evaluate({ facts }, { timeZone }) {
    return occurrencesOf(facts, "meeting_held", timeZone).flatMap((occurrence) => {
      const required = occurrence.reports.filter((report) => report.accompanyingAttendees);
      return required.length > 0 ? [occurrenceViolation("ACCOMPANYING_ATTENDEES", occurrence, required)] : [];
    });
  },
};
