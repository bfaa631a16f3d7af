import * as z from "zod/mini";
import { instantSchema, isoWeekSchema } from "../platform/common.ts";

export const startSweepSchema = z.strictObject({
  window: z.optional(isoWeekSchema),
  dryRun: z._default(z.boolean(), false),
});
export type StartSweepBody = z.infer<typeof startSweepSchema>;

export const sweepStatusSchema = z.enum(["running", "completed", "failed"]);

const count = z.int();
/** Counts added after the first sweeps were recorded read as zero on those. */
const laterCount = z._default(z.int(), 0);

/** Why a digest of the window did not go out in this run. */
export const unsentReasons = [
  /** SES refused it or did not answer in time; the next run sends it */
  "send_failed",
  /** another run holds its claim and neither sent it nor gave it up before this run had to stop */
  "claimed_by_another_run",
  /** SES accepted it but the outbox could not record that; a later run may send it again */
  "sent_not_recorded",
  /** this run was too close to its timeout to send it safely */
  "out_of_time",
] as const;

export const unsentDigestSchema = z.object({ unitId: z.string(), reason: z.enum(unsentReasons) });
export type UnsentDigest = z.infer<typeof unsentDigestSchema>;

/** How many failed subjects a sweep record names; the count covers them all. */
export const FAILED_SUBJECTS_KEPT = 20;

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
    /** violations that could not be written this run; they are logged and retried by the next run */
    subjectsFailed: laterCount,
  }),
  /** The digests of the window that this run could not send, by unit and reason. */
  unsentDigests: z.optional(z.array(unsentDigestSchema)),
  /** The first violations (by id) that could not be written; `counts.subjectsFailed` has the total. */
  failedSubjects: z.optional(z.array(z.string()).check(z.maxLength(FAILED_SUBJECTS_KEPT))),
  /** When the runner working on this sweep must have finished; a running sweep past it was abandoned. */
  deadline: z.optional(instantSchema),
  durationMs: z.optional(z.int()),
  error: z.optional(z.string()),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type SweepRecord = z.infer<typeof sweepRecordSchema>;
