import * as z from "zod/mini";
import { idSchema, instantSchema, pageQueryShape } from "../platform/common.ts";

export const violationRules = ["UNAPPROVED_MEETING"] as const;
export const violationRuleSchema = z.enum(violationRules);
export type ViolationRule = z.infer<typeof violationRuleSchema>;

export const violationStatuses = ["open", "responded", "rectified", "dismissed"] as const;
export const violationStatusSchema = z.enum(violationStatuses);
export type ViolationStatus = z.infer<typeof violationStatusSchema>;

/**
 * What a sweep rule produces: pure data, with an id derived from rule and subject so re-runs never
 * duplicate. `evidence.factIds` lists every fact behind it; the stored record keeps a count and
 * the first few, so no volume of reports can push a violation past DynamoDB's item limit.
 */
export type ViolationCandidate = {
  id: string;
  rule: ViolationRule;
  unitId: string;
  subject: string;
  summary: string;
  occurredOn: string;
  evidence: { factIds: string[] };
};

/** How many evidence references a violation record carries; the rest are listed apart. */
export const EVIDENCE_REFS_KEPT = 20;

/**
 * Ids are derived from rule and subject, e.g. UNAPPROVED_MEETING:dept-education:2026-11-20; any
 * other string is simply not found, like an unknown id of any other record.
 */
export const violationIdSchema = z.string().check(z.minLength(1), z.maxLength(200));

export const violationRecordSchema = z.object({
  id: violationIdSchema,
  rule: violationRuleSchema,
  unitId: idSchema,
  subject: z.string(),
  summary: z.string(),
  occurredOn: z.iso.date(),
  evidence: z.object({
    /** every fact behind the violation */
    count: z.int(),
    /** the first of them, in id order */
    factIds: z.array(z.string()).check(z.maxLength(EVIDENCE_REFS_KEPT)),
  }),
  status: violationStatusSchema,
  window: z.string(),
  sweepId: z.string(),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
});
export type ViolationRecord = z.infer<typeof violationRecordSchema>;

export const violationParamsSchema = z.strictObject({ id: violationIdSchema });

export const evidenceRefSchema = z.object({ factId: idSchema });

export const listEvidenceQuerySchema = z.strictObject(pageQueryShape(100));

export const listViolationsQuerySchema = z.strictObject({
  rule: z.optional(violationRuleSchema),
  status: z.optional(violationStatusSchema),
  unitId: z.optional(idSchema),
  ...pageQueryShape(),
});
