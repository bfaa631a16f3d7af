import { type AttendeeLevel, attendeeLevels } from "../../platform/common.ts";
import type { ViolationDetail } from "../../violations/schemas.ts";
import { meetingApprovals } from "./meeting-approval.ts";
import { occurrencesOf, occurrenceViolation } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

/** Lower is more senior: attendeeLevels runs from principal down to staff. */
const rank = (level: AttendeeLevel): number => attendeeLevels.indexOf(level);

/**
 * A held meeting that asked more than its approval allowed: more senior attendees, more attendees
 * per unit, or a run past the approved duration by more than the deployment tolerates. Any report
 * suffices, since a village's account of what it was summoned to is as good as the convener's; the
 * detail names only the aspects raised, each with the highest figure reported. A meeting without an
 * approval is UNAPPROVED_MEETING's, with nothing to compare against.
 */
export const meetingStandardRaised: SweepRule = {
  code: "MEETING_STANDARD_RAISED",
  needs: ["facts", "requests"],
  evaluate({ facts, requests }, { timeZone, thresholds }) {
    const approvalOf = meetingApprovals(requests, timeZone);
    return occurrencesOf(facts, "meeting_held", timeZone).flatMap((occurrence) => {
      const approval = approvalOf(occurrence);
      if (approval === undefined) return [];
      const { reports } = occurrence;
      const allowedMinutes = approval.durationMinutes + thresholds.meetingOverrunMinutes;
      const senior = reports.filter((report) => rank(report.attendeeLevel) < rank(approval.attendeeLevel));
      const crowded = reports.filter((report) => report.attendeesPerUnit > approval.attendeesPerUnit);
      const overran = reports.filter((report) => report.durationMinutes > allowedMinutes);
      const showing = reports.filter(
        (report) => senior.includes(report) || crowded.includes(report) || overran.includes(report),
      );
      if (showing.length === 0) return [];
      const detail: ViolationDetail = {
        ...(senior.length > 0
          ? {
              approvedLevel: approval.attendeeLevel,
              heldLevel: senior.reduce<AttendeeLevel>(
                (top, report) => (rank(report.attendeeLevel) < rank(top) ? report.attendeeLevel : top),
                approval.attendeeLevel,
              ),
            }
          : {}),
        ...(crowded.length > 0
          ? {
              approvedAttendees: approval.attendeesPerUnit,
              heldAttendees: Math.max(...crowded.map((report) => report.attendeesPerUnit)),
            }
          : {}),
        ...(overran.length > 0
          ? {
              approvedMinutes: approval.durationMinutes,
              heldMinutes: Math.max(...overran.map((report) => report.durationMinutes)),
            }
          : {}),
      };
      return [occurrenceViolation("MEETING_STANDARD_RAISED", occurrence, showing, detail)];
    });
  },
};
