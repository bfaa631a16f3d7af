/**
 * Statistics from what was read, as pure functions: the counters of a year and the year before,
 * the plans of both, and what is late now. The city is the sum of every counter item of the year
 * (what is about no unit included), its medians taken of the city's whole histogram.
 */
import type { PlanRecord } from "../plans/schemas.ts";
import { toCsv } from "../platform/csv.ts";
import type { Unit } from "../units/schemas.ts";
import {
  medians,
  ON_PLAN,
  quotaFigures,
  SECONDMENTS_OVERDUE,
  statsFigures,
  VIOLATIONS_OVERDUE,
} from "./figures.ts";
import type { UnitCounters } from "./repository.ts";
import type { Figures, Stats, UnitStats } from "./schemas.ts";

/** Everything one year's figures are worked out from. */
export type YearData = {
  year: number;
  counters: readonly UnitCounters[];
  plans: {
    meetings?: PlanRecord | undefined;
    documents?: PlanRecord | undefined;
    inspections?: PlanRecord | undefined;
  };
  /** Unresolved violations past their due instant now, by unit, among those opened this year. */
  overdueViolations: ReadonlyMap<string, number>;
  /** Seconded people not back by their return date now, by borrowing unit, among those that started this year. */
  overdueSecondments: ReadonlyMap<string, number>;
};

/**
 * The median of a histogram of whole days (`<prefix>.<days>` → how many took that long); the mean
 * of the two middle values when the count is even; null when it holds nothing.
 */
export const medianOf = (counters: Readonly<Record<string, number>>, prefix: string): number | null => {
  const bins: { days: number; count: number }[] = [];
  for (const [name, count] of Object.entries(counters)) {
    const days = name.slice(prefix.length + 1);
    if (name.startsWith(`${prefix}.`) && /^\d+$/.test(days) && count > 0)
      bins.push({ days: Number(days), count });
  }
  bins.sort((a, b) => a.days - b.days);
  let seen = 0;
  const upTo = bins.map(({ days, count }) => {
    seen += count;
    return { days, last: seen };
  });
  if (seen === 0) return null;
  // Positions counted from 0: the one in the middle, or the two either side of it.
  const at = (position: number) => upTo.find((bin) => position < bin.last)?.days ?? 0;
  return (at(Math.floor((seen - 1) / 2)) + at(Math.floor(seen / 2))) / 2;
};

const sumIn = (counts: ReadonlyMap<string, number>, unitId: string | undefined): number =>
  unitId === undefined
    ? [...counts.values()].reduce((sum, count) => sum + count, 0)
    : (counts.get(unitId) ?? 0);

/** A unit's quota in a plan, or the city's total; null when there is no plan or it sets the unit none. */
const quotaIn = (plan: PlanRecord | undefined, unitId: string | undefined): number | null => {
  if (!plan) return null;
  const quotas = plan.quotas.filter((quota) => unitId === undefined || quota.unitId === unitId);
  if (unitId !== undefined && quotas.length === 0) return null;
  return quotas.reduce((sum, quota) => sum + quota.limit, 0);
};

/** Inspections on plan: the plan items a unit leads, or every item for the city. */
const onPlanIn = (plan: PlanRecord | undefined, unitId: string | undefined): number =>
  plan?.kind === "inspections"
    ? plan.items.filter((item) => unitId === undefined || item.leadUnitId === unitId).length
    : 0;

/** Every figure of one year, for one unit or (unitId undefined) the whole city. */
export const valuesOf = (data: YearData, unitId: string | undefined): Record<string, number | null> => {
  const counted: Record<string, number> = {};
  for (const item of data.counters) {
    if (unitId !== undefined && item.unitId !== unitId) continue;
    for (const [figure, count] of Object.entries(item.figures))
      counted[figure] = (counted[figure] ?? 0) + count;
  }
  const worked: Record<string, number | null> = {
    [VIOLATIONS_OVERDUE]: sumIn(data.overdueViolations, unitId),
    [SECONDMENTS_OVERDUE]: sumIn(data.overdueSecondments, unitId),
    [ON_PLAN]: onPlanIn(data.plans.inspections, unitId),
  };
  for (const [figure, kind] of Object.entries(quotaFigures))
    worked[figure] = quotaIn(data.plans[kind], unitId);
  for (const [figure, prefix] of Object.entries(medians)) worked[figure] = medianOf(counted, prefix);
  return Object.fromEntries(
    statsFigures.map((figure) => [
      figure,
      figure in worked ? (worked[figure] ?? null) : (counted[figure] ?? 0),
    ]),
  );
};

/** Each figure of this year beside last year's, and the change. */
export const compared = (current: YearData, previous: YearData, unitId: string | undefined): Figures => {
  const now = valuesOf(current, unitId);
  const before = valuesOf(previous, unitId);
  return Object.fromEntries(
    statsFigures.map((figure) => {
      const value = now[figure] ?? null;
      const earlier = before[figure] ?? null;
      return [
        figure,
        { value, previous: earlier, change: value === null || earlier === null ? null : value - earlier },
      ];
    }),
  );
};

/** The answer: the city (when the reader sees it) and one entry per unit, in the order given. */
export const statsOf = (
  current: YearData,
  previous: YearData,
  units: readonly Pick<Unit, "id" | "name" | "kind">[],
  withCity: boolean,
): Stats => ({
  year: current.year,
  previousYear: previous.year,
  ...(withCity ? { city: { figures: compared(current, previous, undefined) } } : {}),
  units: units.map(
    (unit): UnitStats => ({
      unitId: unit.id,
      name: unit.name,
      kind: unit.kind,
      figures: compared(current, previous, unit.id),
    }),
  ),
});

/** The city's row in the CSV: no unit id, and a kind no unit has. */
export const CITY_ROW = { unitId: "", name: "City", kind: "city" } as const;

/**
 * The statistics as a spreadsheet: the city's row (when present) and one row per unit, each
 * figure in three columns (`<figure>`, `<figure>.previous`, `<figure>.change`); null is empty.
 */
export const statsCsv = (stats: Stats): string => {
  const header = [
    "unitId",
    "name",
    "kind",
    ...statsFigures.flatMap((figure) => [figure, `${figure}.previous`, `${figure}.change`]),
  ];
  const cells = (figures: Figures) =>
    statsFigures.flatMap((figure) => {
      const { value, previous, change } = figures[figure] ?? { value: null, previous: null, change: null };
      return [value ?? undefined, previous ?? undefined, change ?? undefined];
    });
  const rows = [
    ...(stats.city ? [[CITY_ROW.unitId, CITY_ROW.name, CITY_ROW.kind, ...cells(stats.city.figures)]] : []),
    ...stats.units.map((unit) => [unit.unitId, unit.name, unit.kind, ...cells(unit.figures)]),
  ];
  return toCsv(header, rows);
};
