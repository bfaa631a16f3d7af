import type { Finding, MeetingRequestBody } from "../domain/requests.ts";

export type MeetingLimits = { maxMinutes: number; minNoticeHours: number };

const HOUR_MS = 3_600_000;

/**
 * What an approver should know about a meeting request before deciding. Pure: the submission
 * instant and the limits come in, so the same request always gets the same findings.
 */
export const meetingFindings = (
  body: MeetingRequestBody,
  submittedAt: Date,
  limits: MeetingLimits,
): Finding[] => {
  const findings: Finding[] = [];
  if (body.attendeesPerUnit > 1) {
    findings.push({
      code: "SEVERAL_ATTENDEES_PER_UNIT",
      severity: "warning",
      message: `Asks ${body.attendeesPerUnit} attendees from each unit where one usually suffices`,
    });
  }
  if (body.relayed) {
    findings.push({
      code: "RELAYED_MEETING",
      severity: "blocking",
      message: "Relays the meeting down the hierarchy, which the rules forbid",
    });
  }
  if (body.durationMinutes > limits.maxMinutes) {
    findings.push({
      code: "TOO_LONG",
      severity: "warning",
      message: `Lasts ${body.durationMinutes} minutes, over the ${limits.maxMinutes}-minute cap`,
    });
  }
  const noticeHours = (Date.parse(body.startsAt) - submittedAt.getTime()) / HOUR_MS;
  if (noticeHours < 0) {
    findings.push({
      code: "SHORT_NOTICE",
      severity: "blocking",
      message: "Starts before the request was submitted: approval must come first",
    });
  } else if (noticeHours < limits.minNoticeHours) {
    findings.push({
      code: "SHORT_NOTICE",
      severity: "warning",
      message: `Gives ${Math.floor(noticeHours)} hours' notice, less than the ${limits.minNoticeHours} required`,
    });
  }
  return findings;
};
