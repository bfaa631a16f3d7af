import * as z from "zod/mini";
import {
  auditEntrySchema,
  idSchema,
  instantSchema,
  isoWeekSchema,
  pageQueryShape,
} from "../platform/common.ts";
import { text } from "../platform/schema.ts";

/** The rules a sweep evaluates, in the order digests and summaries list them. */
export const sweptRules = [
  "UNAPPROVED_MEETING",
  "MEETING_STANDARD_RAISED",
  "LAYERED_MEETING",
  "ACCOMPANYING_ATTENDEES",
  "MEETING_QUOTA_EXCEEDED",
  "UNAPPROVED_DOCUMENT",
  "DOCUMENT_QUOTA_EXCEEDED",
  "OFF_PLAN_INSPECTION",
  "REPEATED_INSPECTION",
  "OVERDUE_APPROVAL",
  "SECONDMENT_OVERDUE",
  "SECONDMENT_UNCONFIRMED",
  "UNADMITTED_PLAQUE",
  "COMPLAINT_OVERDUE",
] as const;
export type SweptRule = (typeof sweptRules)[number];

/** Never swept: a supervisor opens it from a site inspection, a discussion or reviewed materials. */
export const SUPERVISION_FINDING = "SUPERVISION_FINDING";

export const violationRules = [...sweptRules, SUPERVISION_FINDING] as const;
export const violationRuleSchema = z.enum(violationRules);
export type ViolationRule = z.infer<typeof violationRuleSchema>;

export const violationStatuses = ["open", "responded", "rectified", "dismissed"] as const;
export const violationStatusSchema = z.enum(violationStatuses);
export type ViolationStatus = z.infer<typeof violationStatusSchema>;

/** Still to be corrected: the statuses a digest follows up and `dueAt` applies to. */
export const unresolvedStatuses: readonly ViolationStatus[] = ["open", "responded"];
export const isUnresolved = (status: ViolationStatus): boolean => unresolvedStatuses.includes(status);

/**
 * Language-free figures behind a violation, which emails and screens put into words: for a quota,
 * `year`, `reported` and `quota`; for a raised standard, each aspect raised as a pair
 * (`approvedLevel`/`heldLevel`, `approvedAttendees`/`heldAttendees`, `approvedMinutes`/`heldMinutes`);
 * for an inspection, `targetUnitId` (and `month`, `visits`, `limit`
 * when repeated); for an overdue approval, `requestId` and `decideBy`. `summary` holds only the
 * titles involved, as the reporters wrote them.
 */
export const violationDetailSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type ViolationDetail = z.infer<typeof violationDetailSchema>;

/**
 * What a sweep rule produces: pure data, with an id derived from rule and subject so re-runs never
 * duplicate. `evidence.factIds` lists every record behind it (facts, or the request an overdue
 * approval is about); the stored violation keeps a count and the first few, so no volume of
 * reports can push it past DynamoDB's item limit.
 */
export type ViolationCandidate = {
  id: string;
  rule: SweptRule;
  unitId: string;
  subject: string;
  summary: string;
  occurredOn: string;
  /** The figures an email explains the violation with, in the reader's language (see ViolationDetail). */
  detail?: ViolationDetail;
  evidence: { factIds: string[] };
};

/** How many evidence references a violation record carries; the rest are listed apart. */
export const EVIDENCE_REFS_KEPT = 20;

/**
 * Ids are derived from rule and subject, e.g. UNAPPROVED_MEETING:dept-education:2026-11-20: ids,
 * days and digests joined by colons. Any other string is simply not found, like an unknown id of
 * any other record.
 */
export const violationIdSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(200),
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9_:-]*$/,
      "must be a violation id such as UNAPPROVED_MEETING:dept-education:2026-11-20",
    ),
  );

const byWhom = { by: z.string(), at: instantSchema };

export const violationRecordSchema = z.object({
  id: violationIdSchema,
  rule: violationRuleSchema,
  unitId: idSchema,
  subject: z.string(),
  summary: z.string(),
  /** A supervisor's own finding says what was found; a swept one has its evidence instead. */
  description: z.optional(z.string()),
  occurredOn: z.iso.date(),
  detail: z.optional(violationDetailSchema),
  evidence: z.object({
    /** every record behind the violation */
    count: z.int(),
    /** the first of them, in id order */
    factIds: z.array(z.string()).check(z.maxLength(EVIDENCE_REFS_KEPT)),
  }),
  status: violationStatusSchema,
  /** When it should be corrected by: opened (or reopened) plus VIOLATION_DUE_DAYS. */
  dueAt: instantSchema,
  /** The unit's latest explanation or report of its correction. */
  response: z.optional(z.object({ text: z.string(), ...byWhom })),
  /** The supervisor's decision that closed it. */
  resolution: z.optional(
    z.object({ outcome: z.enum(["rectified", "dismissed"]), reason: z.string(), ...byWhom }),
  ),
  /** The supervisor's latest reopening and why, so the unit sees what is still expected of it. */
  reopened: z.optional(z.object({ reason: z.string(), ...byWhom })),
  /** The ISO week it was opened in: the sweep's window, or the week a supervisor recorded it. */
  window: z.string(),
  /** The sweep that opened it; a supervisor's finding has none. */
  sweepId: z.optional(z.string()),
  /** The complaint a supervisor's finding was opened from, if any. */
  complaintId: z.optional(idSchema),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
});
export type ViolationRecord = z.infer<typeof violationRecordSchema>;

/** Unresolved past its `dueAt`, as of the clock of whoever reads it; never stored, so it never goes stale. */
export const isOverdue = (violation: Pick<ViolationRecord, "status" | "dueAt">, now: Date): boolean =>
  isUnresolved(violation.status) && Date.parse(violation.dueAt) < now.getTime();

/** A violation as the API answers it: the record and whether it is overdue now. */
export const violationViewSchema = z.extend(violationRecordSchema, { overdue: z.boolean() });
export type ViolationView = z.infer<typeof violationViewSchema>;

/** One violation as GET answers it: the view and every change to it, oldest first. */
export const violationWithAuditSchema = z.extend(violationViewSchema, { audit: z.array(auditEntrySchema) });

export const violationParamsSchema = z.strictObject({ id: violationIdSchema });

export const evidenceRefSchema = z.object({ factId: idSchema });

export const listEvidenceQuerySchema = z.strictObject(pageQueryShape(100));

export const listViolationsQuerySchema = z.strictObject({
  rule: z.optional(violationRuleSchema),
  status: z.optional(violationStatusSchema),
  unitId: z.optional(idSchema),
  /** `true`: only the unresolved ones past their `dueAt`. */
  overdue: z.optional(z.enum(["true", "false"])),
  /** The ISO week the violations were opened in. */
  window: z.optional(isoWeekSchema),
  ...pageQueryShape(),
});
export type ListViolationsQuery = z.infer<typeof listViolationsQuerySchema>;

export const respondSchema = z.strictObject({ text: text(4000) });
export const resolveSchema = z.strictObject({
  outcome: z.enum(["rectified", "dismissed"]),
  reason: text(2000),
});
export const reopenSchema = z.strictObject({ reason: text(2000) });
export const recordFindingSchema = z.strictObject({
  unitId: idSchema,
  title: text(200),
  description: text(4000),
});
export type RecordFindingBody = z.infer<typeof recordFindingSchema>;
