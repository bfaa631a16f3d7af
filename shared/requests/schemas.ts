import * as z from "zod/mini";
import { auditEntrySchema, idSchema, instantSchema, pageQueryShape } from "../platform/common.ts";
import { text } from "../platform/schema.ts";
import { findingSchema } from "./kinds/kind.ts";
import { meetingRequestSchema } from "./kinds/meeting.ts";

export { type SubmitRequestBody, submitRequestSchema } from "./kinds/index.ts";
export { type Finding, findingSchema } from "./kinds/kind.ts";

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

const overrideSchema = z.strictObject({ reason: text(2000) });

export const decisionSchema = z
  .strictObject({
    decision: z.enum(["approve", "reject"]),
    comment: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
    /** Approving over a blocking finding takes a written reason, which the audit trail keeps. */
    override: z.optional(overrideSchema),
  })
  .check(
    z.refine((body) => body.decision !== "reject" || (body.comment ?? "").length > 0, {
      message: "comment is required to reject a request: tell the department why",
      path: ["comment"],
    }),
  );
export type DecisionBody = z.infer<typeof decisionSchema>;

/** The fields the server sets on every request, beside the fields the form submitted. */
const serverFields = {
  id: idSchema,
  unitId: idSchema,
  status: requestStatusSchema,
  findings: z.array(findingSchema),
  decision: z.optional(
    z.object({
      decision: z.enum(["approve", "reject"]),
      comment: z.optional(z.string()),
      override: z.optional(z.object({ reason: z.string() })),
      by: z.string(),
      at: instantSchema,
    }),
  ),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
};

/** A request reads the way its form submits it, with the server's fields beside them. */
export const requestRecordSchema = z.discriminatedUnion("kind", [
  z.extend(meetingRequestSchema, serverFields),
]);
export type RequestRecord = z.infer<typeof requestRecordSchema>;

export const requestWithAuditSchema = z.discriminatedUnion("kind", [
  z.extend(meetingRequestSchema, { ...serverFields, audit: z.array(auditEntrySchema) }),
]);

export const listRequestsQuerySchema = z.strictObject({
  status: z.optional(requestStatusSchema),
  ...pageQueryShape(),
});

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
