import * as z from "zod/mini";
import { auditEntrySchema, idSchema, instantSchema, pageQueryShape } from "../platform/common.ts";
import { text } from "../platform/schema.ts";
import { documentRequestSchema } from "./kinds/document.ts";
import { requestKindNames } from "./kinds/index.ts";
import { inspectionRequestFields } from "./kinds/inspection.ts";
import { findingSchema } from "./kinds/kind.ts";
import { meetingRequestSchema } from "./kinds/meeting.ts";
import { vetoItemRequestSchema } from "./kinds/veto-item.ts";

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

export const requestKindSchema = z.enum(requestKindNames);

const overrideSchema = z.strictObject({ reason: text(2000) });

const needsComment = (decision: string) => decision === "reject" || decision === "merge";

export const decisionSchema = z
  .strictObject({
    decision: z.enum(["approve", "reject", "merge"]),
    comment: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
    /** The submitted or approved meeting request this one is merged into. */
    mergeInto: z.optional(idSchema),
    /** Approving over a blocking finding or past the quota takes a written reason, which the audit trail keeps. */
    override: z.optional(overrideSchema),
  })
  .check(
    z.refine((body) => !needsComment(body.decision) || (body.comment ?? "").length > 0, {
      message: "comment is required to reject or merge a request: tell the department why",
      path: ["comment"],
    }),
    z.refine((body) => body.decision !== "merge" || body.mergeInto !== undefined, {
      message: "mergeInto is required to merge: name the meeting request this one joins",
      path: ["mergeInto"],
    }),
    z.refine((body) => body.decision === "merge" || body.mergeInto === undefined, {
      message: "mergeInto is only for decision merge: remove it",
      path: ["mergeInto"],
    }),
    z.refine((body) => body.decision === "approve" || body.override === undefined, {
      message: "override is only for approving: remove it",
      path: ["override"],
    }),
  );
export type DecisionBody = z.infer<typeof decisionSchema>;

export const cancelSchema = z.strictObject({ reason: text(2000) });
export type CancelBody = z.infer<typeof cancelSchema>;

/** The fields the server sets on every request, beside the fields the form submitted. */
const serverFields = {
  id: idSchema,
  unitId: idSchema,
  status: requestStatusSchema,
  findings: z.array(findingSchema),
  /** When an approver should have decided: submission plus REQUEST_DECIDE_DAYS. */
  decideBy: z.optional(instantSchema),
  decision: z.optional(
    z.object({
      decision: z.enum(["approve", "reject", "merge"]),
      comment: z.optional(z.string()),
      override: z.optional(z.object({ reason: z.string() })),
      mergeInto: z.optional(z.string()),
      by: z.string(),
      at: instantSchema,
    }),
  ),
  /** The requests merged into this one. */
  mergedFrom: z.optional(z.array(z.string())),
  cancellation: z.optional(z.object({ reason: z.string(), by: z.string(), at: instantSchema })),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
};

const recordOf = <S extends z.ZodMiniObject>(schema: S) => z.extend(schema, serverFields);

/** A request reads the way its form submits it, with the server's fields beside them. */
export const requestRecordSchema = z.discriminatedUnion("kind", [
  recordOf(meetingRequestSchema),
  recordOf(documentRequestSchema),
  recordOf(inspectionRequestFields),
  recordOf(vetoItemRequestSchema),
]);
export type RequestRecord = z.infer<typeof requestRecordSchema>;

const audited = { audit: z.array(auditEntrySchema) };
export const requestWithAuditSchema = z.discriminatedUnion("kind", [
  z.extend(recordOf(meetingRequestSchema), audited),
  z.extend(recordOf(documentRequestSchema), audited),
  z.extend(recordOf(inspectionRequestFields), audited),
  z.extend(recordOf(vetoItemRequestSchema), audited),
]);

export const listRequestsQuerySchema = z.strictObject({
  status: z.optional(requestStatusSchema),
  kind: z.optional(requestKindSchema),
  /** Oldest first is the approver's queue; the default is newest first, except for ?status=submitted. */
  order: z.optional(z.enum(["oldest", "newest"])),
  ...pageQueryShape(),
});
export type ListRequestsQuery = z.infer<typeof listRequestsQuerySchema>;

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
