import { meetingApprovals } from "./meeting-approval.ts";
import { occurrencesOf, occurrenceViolation } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

/**
 * A held meeting no approval covers (see meetingApprovals). Being on the meetings plan does not
 * replace the approval, so plans are not read. The convener is judged, whoever reported it, and
 * the department's and each summoned village's reports of one day are one violation.
 */
export const unapprovedMeeting: SweepRule = {
  code: "UNAPPROVED_MEETING",
  needs: ["facts", "requests"],
  evaluate({ facts, requests }, { timeZone }) {
    const approvalOf = meetingApprovals(requests, timeZone);
    return occurrencesOf(facts, "meeting_held", timeZone)
      .filter((occurrence) => approvalOf(occurrence) === undefined)
      .map((occurrence) => occurrenceViolation("UNAPPROVED_MEETING", occurrence, occurrence.reports));
  },
};
