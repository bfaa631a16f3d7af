import * as z from "zod/mini";
import { idSchema, isoWeekSchema } from "./common.ts";

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
  windowStartUtc: z.string(),
  windowEndUtc: z.string(),
  dryRun: z.boolean(),
  status: sweepStatusSchema,
  trigger: z.enum(["api", "schedule", "cli"]),
  startedBy: z.string(),
  counts: z.object({
    eventsRead: count,
    newViolations: count,
    openViolations: count,
    emailsSent: count,
    emailsFailed: count,
  }),
  durationMs: z.optional(z.int()),
  error: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SweepRecord = z.infer<typeof sweepRecordSchema>;

export const sweepIdParamsSchema = z.strictObject({ id: idSchema });
