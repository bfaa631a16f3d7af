import { z } from "zod";

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "letters, digits, '-' and '_' only");

/** An instant with an explicit offset, so a local time is never guessed. */
export const instantSchema = z.iso.datetime({ offset: true });

export const isoWeekSchema = z
  .string()
  .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, "an ISO week such as 2026-W49");

export const limitSchema = z.coerce.number().int().min(1).max(100).default(25);

export const cursorSchema = z.string().min(1).max(2048);

export const pageQuerySchema = z.strictObject({ limit: limitSchema, cursor: cursorSchema.optional() });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const attendeeLevels = ["principal", "deputy", "staff"] as const;
export const attendeeLevelSchema = z.enum(attendeeLevels);
export type AttendeeLevel = z.infer<typeof attendeeLevelSchema>;

export const auditEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  role: z.string(),
  action: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
