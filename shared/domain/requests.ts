import * as z from "zod/mini";
import { text } from "../schema.ts";
import {
  attendeeLevelSchema,
  attendeesPerUnitSchema,
  auditEntrySchema,
  idSchema,
  instantSchema,
  minutesSchema,
  pageQueryShape,
} from "./common.ts";
import { unitKindSchema } from "./units.ts";

export const requestStatuses = [
  "submitted",
  "approved",
  "rejected",
  "merged",
  "withdrawn",
  "cancelled",
] as const;
export const requestStatusSchema = z.enum(requestStatuses);
export type RequestStatus = z.infer<typeof requestStatusSchema>;

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
export type MeetingRequestBody = z.infer<typeof meetingRequestSchema>;

/** Every request kind is one member of this union; later kinds (document, inspection, veto_item) add members. */
export const submitRequestSchema = z.discriminatedUnion("kind", [meetingRequestSchema]);
export type SubmitRequestBody = z.infer<typeof submitRequestSchema>;

export const findingSeveritySchema = z.enum(["info", "warning", "blocking"]);
export const findingSchema = z.object({
  code: z.string(),
  severity: findingSeveritySchema,
  message: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const decisionSchema = z
  .strictObject({
    decision: z.enum(["approve", "reject"]),
    comment: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  })
  .check(
    z.refine((body) => body.decision !== "reject" || (body.comment ?? "").length > 0, {
      message: "a comment is required to reject",
      path: ["comment"],
    }),
  );
export type DecisionBody = z.infer<typeof decisionSchema>;

export const requestRecordSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  submittedBy: z.string(),
  status: requestStatusSchema,
  body: submitRequestSchema,
  findings: z.array(findingSchema),
  decision: z.optional(
    z.object({
      decision: z.enum(["approve", "reject"]),
      comment: z.optional(z.string()),
      by: z.string(),
      at: z.string(),
    }),
  ),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RequestRecord = z.infer<typeof requestRecordSchema>;

export const requestWithAuditSchema = z.extend(requestRecordSchema, { audit: z.array(auditEntrySchema) });

export const listRequestsQuerySchema = z.strictObject({
  status: z.optional(requestStatusSchema),
  ...pageQueryShape(),
});

export const requestIdParamsSchema = z.strictObject({ id: idSchema });

/** The transitions the lifecycle allows; anything else is a conflict with the current state. */
const transitions: Record<RequestStatus, readonly RequestStatus[]> = {
  submitted: ["approved", "rejected", "merged", "withdrawn"],
  approved: ["cancelled"],
  rejected: [],
  merged: [],
  withdrawn: [],
  cancelled: [],
};

export const canTransition = (from: RequestStatus, to: RequestStatus): boolean =>
  transitions[from].includes(to);
