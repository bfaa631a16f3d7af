import * as z from "zod/mini";
import {
  attendeeLevelSchema,
  attendeesPerUnitSchema,
  instantSchema,
  minutesSchema,
} from "../../platform/common.ts";
import { text } from "../../platform/schema.ts";
import { unitKindSchema } from "../../units/schemas.ts";
import type { Finding, RequestKind } from "./kind.ts";

export const meetingRequestSchema = z.strictObject({
  kind: z.literal("meeting"),
  title: text(200),
  startsAt: instantSchema,
  durationMinutes: minutesSchema,
  format: z.enum(["in_person", "video"]),
  attendeeLevel: attendeeLevelSchema,
  attendeesPerUnit: attendeesPerUnitSchema,
  attendeeUnitKinds: z.array(unitKindSchema).check(z.minLength(1), z.maxLength(4)),
  relayed: z.boolean(),
  reason: text(2000),
});
export type MeetingRequest = z.infer<typeof meetingRequestSchema>;

const HOUR_MS = 3_600_000;

/**
 * What an approver should know about a meeting request before deciding. Pure: the submission
 * instant and the limits come in, so the same request always gets the same findings.
 */
export const meetingFindings: RequestKind<MeetingRequest>["findings"] = (body, { submittedAt, limits }) => {
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
  if (body.durationMinutes > limits.meetingMaxMinutes) {
    findings.push({
      code: "TOO_LONG",
      severity: "warning",
      message: `Lasts ${body.durationMinutes} minutes, over the ${limits.meetingMaxMinutes}-minute cap`,
    });
  }
  const noticeHours = (Date.parse(body.startsAt) - submittedAt.getTime()) / HOUR_MS;
  if (noticeHours < 0) {
    findings.push({
      code: "SHORT_NOTICE",
      severity: "blocking",
      message: "Starts before the request was submitted: approval must come first",
    });
  } else if (noticeHours < limits.meetingMinNoticeHours) {
    findings.push({
      code: "SHORT_NOTICE",
      severity: "warning",
      message: `Gives ${Math.floor(noticeHours)} hours' notice, less than the ${limits.meetingMinNoticeHours} required`,
    });
  }
  return findings;
};

export const meetingKind: RequestKind<MeetingRequest> = {
  kind: "meeting",
  findings: meetingFindings,
  happensAt: (body) => body.startsAt,
};
