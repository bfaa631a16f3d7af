import * as z from "zod/mini";
import { integer, queryInteger } from "./schema.ts";

export const idSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
      "must use only letters, digits, '-' and '_', starting with a letter or digit",
    ),
  );

const FIRST_INSTANT_MS = Date.UTC(2000, 0, 1);
const END_OF_INSTANTS_MS = Date.UTC(2100, 0, 1);

/**
 * An instant with an explicit offset, so a local time is never guessed. It lies in 2000 to 2099
 * (UTC): nothing this campaign records happened earlier, and keys and day partitions built from
 * a year such as 0000 or 9999 would sort apart from every real record. A value that is not even
 * in the format (an expanded year such as +010000) gets the format's message alone, not two.
 */
export const instantSchema = z.iso.datetime({ offset: true }).check(
  z.refine((value) => {
    if (!/^\d{4}-/.test(value)) return true;
    const ms = Date.parse(value);
    return !(ms < FIRST_INSTANT_MS || ms >= END_OF_INSTANTS_MS);
  }, "must be a date and time from 2000-01-01 to 2099-12-31, such as 2026-12-01T09:00:00+08:00"),
);

/** An ISO week of the years instants may fall in, so a sweep window never reaches outside them. */
export const isoWeekSchema = z
  .string()
  .check(
    z.regex(/^20\d{2}-W(0[1-9]|[1-4]\d|5[0-3])$/, "must be an ISO week from 2000 to 2099, such as 2026-W49"),
  );

/** The query of a route that takes no query parameters: an unknown one is refused, not ignored. */
export const noQuery = z.strictObject({});

export const idParamsSchema = z.strictObject({ id: idSchema });

export const cursorSchema = z.string().check(z.minLength(1), z.maxLength(2048));

/** `?limit=&cursor=` for every listing. */
export const pageQueryShape = (defaultLimit = 25) => ({
  limit: queryInteger(1, 100, defaultLimit),
  cursor: z.optional(cursorSchema),
});

export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

export const minutesSchema = integer(1, 24 * 60);
export const attendeesPerUnitSchema = integer(1, 50);

export const attendeeLevels = ["principal", "deputy", "staff"] as const;
export const attendeeLevelSchema = z.enum(attendeeLevels);
export type AttendeeLevel = z.infer<typeof attendeeLevelSchema>;

export const auditEntrySchema = z.object({
  at: instantSchema,
  by: z.string(),
  role: z.string(),
  action: z.string(),
  before: z.nullable(z.record(z.string(), z.unknown())),
  after: z.nullable(z.record(z.string(), z.unknown())),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * A calendar day, YYYY-MM-DD, in the years instants may fall in: a day a plan window or a form
 * names in the city's own calendar, never an instant.
 */
export const dateSchema = z.string().check(
  z.regex(/^20\d{2}-\d{2}-\d{2}$/, "must be a date from 2000-01-01 to 2099-12-31, such as 2026-12-01"),
  z.refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
  }, "must be a real calendar date, such as 2026-12-01"),
);

export const inspectionKinds = ["supervision", "inspection", "assessment"] as const;
export const inspectionKindSchema = z.enum(inspectionKinds);
export type InspectionKind = z.infer<typeof inspectionKindSchema>;
