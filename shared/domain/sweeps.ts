import { z } from "zod";
import { idSchema, isoWeekSchema } from "./common.ts";

export const startSweepSchema = z.strictObject({
  window: isoWeekSchema.optional(),
  dryRun: z.boolean().default(false),
});
export type StartSweepBody = z.infer<typeof startSweepSchema>;

export const sweepStatusSchema = z.enum(["running", "completed", "failed"]);

export const sweepRecordSchema = z.object({
  id: z.string(),
  window: z.string(),
  windowStartUtc: z.string(),
  windowEndUtc: z.string(),
  dryRun: z.boolean(),
  status: sweepStatusSchema,
  trigger: z.enum(["api", "schedule", "cli"]),
  startedBy: z.string(),
  counts: z.object({
    eventsRead: z.number().int(),
    newViolations: z.number().int(),
    openViolations: z.number().int(),
    emailsSent: z.number().int(),
    emailsFailed: z.number().int(),
  }),
  durationMs: z.number().int().optional(),
  error: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SweepRecord = z.infer<typeof sweepRecordSchema>;

export const sweepIdParamsSchema = z.strictObject({ id: idSchema });
