import { z } from "zod";
import { idSchema } from "./common.ts";

export const violationRules = ["UNAPPROVED_MEETING"] as const;

/** Violation ids are `RULE:unit:subject`, readable and derived from what was found, never random. */
export const violationIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Z_]+:[A-Za-z0-9_:.-]+$/);
export const violationRuleSchema = z.enum(violationRules);
export type ViolationRule = z.infer<typeof violationRuleSchema>;

export const violationStatuses = ["open", "responded", "rectified", "dismissed"] as const;
export const violationStatusSchema = z.enum(violationStatuses);
export type ViolationStatus = z.infer<typeof violationStatusSchema>;

/** What a sweep rule produces: pure data, with an id derived from rule and subject so re-runs never duplicate. */
export type ViolationCandidate = {
  id: string;
  rule: ViolationRule;
  unitId: string;
  subject: string;
  summary: string;
  occurredOn: string;
  evidence: { eventIds: string[] };
};

export const violationRecordSchema = z.object({
  id: z.string(),
  rule: violationRuleSchema,
  unitId: z.string(),
  subject: z.string(),
  summary: z.string(),
  occurredOn: z.string(),
  evidence: z.object({ eventIds: z.array(z.string()) }),
  status: violationStatusSchema,
  window: z.string(),
  sweepId: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ViolationRecord = z.infer<typeof violationRecordSchema>;

export const listViolationsQuerySchema = z.strictObject({
  rule: violationRuleSchema.optional(),
  status: violationStatusSchema.optional(),
  unitId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
});
