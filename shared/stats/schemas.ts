import * as z from "zod/mini";
import { idSchema } from "../platform/common.ts";
import { unitKindSchema } from "../units/schemas.ts";
import { statsFigures } from "./figures.ts";

/** A year as the query string sends it: text, from 2000 to 2099 like every plan year. */
export const statsQuerySchema = z.strictObject({
  year: z.optional(
    z.pipe(
      z.string().check(z.regex(/^20\d{2}$/, "must be a year from 2000 to 2099, such as 2026")),
      z.transform(Number),
    ),
  ),
  unitId: z.optional(idSchema),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

/**
 * One figure of the year asked for and of the year before, and the change between them. A median
 * with nothing to take it of, or a quota a plan does not set, is null (and so is its change).
 */
export const figureSchema = z.object({
  value: z.nullable(z.number()),
  previous: z.nullable(z.number()),
  change: z.nullable(z.number()),
});
export type FigureValue = z.infer<typeof figureSchema>;

/** Every figure, by its dotted name: the list in figures.ts is the one source of the names. */
export const figuresSchema = z.strictObject(
  Object.fromEntries(statsFigures.map((figure) => [figure, figureSchema])),
);
export type Figures = Record<string, FigureValue>;

export const unitStatsSchema = z.object({
  unitId: idSchema,
  name: z.string(),
  kind: unitKindSchema,
  figures: figuresSchema,
});
export type UnitStats = z.infer<typeof unitStatsSchema>;

export const statsSchema = z.object({
  year: z.int(),
  previousYear: z.int(),
  /** The whole city, including what is about no unit; absent for a department, which sees its own unit only. */
  city: z.optional(z.object({ figures: figuresSchema })),
  units: z.array(unitStatsSchema),
});
export type Stats = z.infer<typeof statsSchema>;
