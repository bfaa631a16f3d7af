import * as z from "zod/mini";
import { instantSchema, isoWeekSchema } from "../platform/common.ts";

export const startSweepSchema = z.strictObject({
  window: z.optional(isoWeekSchema),
  dryRun: z._default(z.boolean(), false),
});
export type StartSweepBody = z.infer<typeof startSweepSchema>;

export const sweepStatusSchema = z.enum(["running", "completed", "failed"]);

const count = z.int();

export const sweepRecordSchema = z.object({
  id: z.string(),
  window: z.string(),
  windowStartUtc: instantSchema,
  windowEndUtc: instantSchema,
  dryRun: z.boolean(),
  status: sweepStatusSchema,
  trigger: z.enum(["api", "schedule", "cli"]),
  createdBy: z.string(),
  counts: z.object({
    factsRead: count,
    newViolations: count,
    openViolations: count,
    emailsSent: count,
    emailsFailed: count,
  }),
  durationMs: z.optional(z.int()),
  error: z.optional(z.string()),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type SweepRecord = z.infer<typeof sweepRecordSchema>;
