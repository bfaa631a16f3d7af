import * as z from "zod/mini";
import {
  type AttendeeLevel,
  attendeeLevelSchema,
  attendeeLevels,
  attendeesPerUnitSchema,
  idSchema,
  instantSchema,
  minutesSchema,
} from "../../platform/common.ts";
import { text } from "../../platform/schema.ts";
import { unitKindSchema } from "../../units/schemas.ts";
import type { Finding, FindingContext, RequestKind } from "./kind.ts";
import { namedItem, notOnPlanMessage, planFinding, quotaFinding } from "./plan-findings.ts";

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
  /** The rules forbid accompanying attendees; left out, none are required. */
  accompanyingAttendees: z._default(z.boolean(), false),
  planItemId: z.optional(idSchema),
  reason: text(2000),
});
export type MeetingRequest = z.infer<typeof meetingRequestSchema>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Meetings this close together are worth holding as one. */
const MERGE_WINDOW_DAYS = 3;
/** Enough candidates for an approver to act on; more would bury the other findings. */
const MERGE_CANDIDATES_SHOWN = 5;

/** Higher is more senior: principal outranks deputy outranks staff. */
const seniority = (level: AttendeeLevel): number => attendeeLevels.length - attendeeLevels.indexOf(level);

const mergeCandidates = (body: MeetingRequest, context: FindingContext): Finding[] =>
  context.nearby
    .filter(
      (other) =>
        other.kind === "meeting" &&
        Math.abs(Date.parse(other.happensAt) - Date.parse(body.startsAt)) <= MERGE_WINDOW_DAYS * DAY_MS &&
        (other.unitId === context.unitId ||
          body.attendeeUnitKinds.some((kind) => (other.attendeeUnitKinds ?? []).includes(kind))),
    )
    .slice(0, MERGE_CANDIDATES_SHOWN)
    .map((other) => ({
      code: "MERGE_CANDIDATE",
      severity: "info",
      message: `"${other.title}" (${other.status}, ${other.unitId === context.unitId ? "your unit" : other.unitId}) meets within ${MERGE_WINDOW_DAYS} days${other.unitId === context.unitId ? "" : " with the same kinds of attendee units"}: consider holding one meeting`,
      ref: other.id,
    }));

/**
 * What an approver should know about a meeting request before deciding. Pure: the submission
 * instant, the limits, the plan and the nearby requests come in, so the same request in the same
 * context always gets the same findings.
 */
export const meetingFindings: RequestKind<MeetingRequest>["findings"] = (body, context) => {
  const { submittedAt, limits } = context;
  const findings: Finding[] = [];
  const item = namedItem(
    context.plan?.kind === "meetings" ? context.plan.items : undefined,
    body.planItemId,
    (candidate) => candidate.convenerUnitId === context.unitId,
  );
  findings.push(...quotaFinding(context, "meetings"));
  findings.push(
    planFinding(context, item, { notOnPlan: notOnPlanMessage(context, body.planItemId, "meetings") }),
  );
  if (item?.attendeeLevel && seniority(body.attendeeLevel) > seniority(item.attendeeLevel)) {
    findings.push({
      code: "LEVEL_RAISED",
      severity: "warning",
      message: `Asks for ${body.attendeeLevel} attendees where the plan says ${item.attendeeLevel}`,
      ref: item.id,
    });
  }
  if (body.attendeesPerUnit > 1) {
    findings.push({
      code: "SEVERAL_ATTENDEES_PER_UNIT",
      severity: "warning",
      message: `Asks ${body.attendeesPerUnit} attendees from each unit where one usually suffices`,
    });
  }
  if (body.accompanyingAttendees) {
    findings.push({
      code: "ACCOMPANYING_ATTENDEES",
      severity: "blocking",
      message: "Requires accompanying attendees, which the rules forbid",
    });
  }
  if (body.relayed) {
    findings.push({
      code: "RELAYED",
      severity: "blocking",
      message: "Relays the meeting down the hierarchy (a layered meeting), which the rules forbid",
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
  findings.push(...mergeCandidates(body, context));
  return findings;
};

export const meetingKind: RequestKind<MeetingRequest> = {
  kind: "meeting",
  planKind: "meetings",
  nearbyDays: MERGE_WINDOW_DAYS,
  findings: meetingFindings,
  happensAt: (body) => body.startsAt,
  cancellableUntil: (body) => body.startsAt,
};
