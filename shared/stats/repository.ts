import * as z from "zod/mini";
import { CorruptItemError } from "../platform/store/entity.ts";
import { queryAll } from "../platform/store/store.ts";
import { STATS_ENTITY, statsPk, statsSk } from "./counters.ts";

/** One unit's counters of one year: every figure moved so far, by its dotted name. */
export type UnitCounters = { unitId: string; figures: Record<string, number> };

export type StatsRepository = {
  /** The counter items of a year (`STATS#<year>`), of every unit or of one: one Query, every page. */
  countersOf(year: number, unitId?: string): Promise<UnitCounters[]>;
};

const counterItemSchema = z.object({
  unitId: z.string(),
  figures: z.record(z.string(), z.number()),
});

/** The attributes a counter item keeps besides its figures. */
const keptBeside = new Set(["pk", "sk", "entity", "unitId", "year"]);

const countersOf = (item: Record<string, unknown>): UnitCounters => {
  const figures = Object.fromEntries(Object.entries(item).filter(([name]) => !keptBeside.has(name)));
  const parsed = counterItemSchema.safeParse({ unitId: item.unitId, figures });
  if (!parsed.success) throw new CorruptItemError(STATS_ENTITY, parsed.error);
  return parsed.data;
};

export const statsRepository: StatsRepository = {
  async countersOf(year, unitId) {
    const items = await queryAll({
      KeyConditionExpression: unitId === undefined ? "pk = :pk" : "pk = :pk AND sk = :sk",
      ExpressionAttributeValues: {
        ":pk": statsPk(year),
        ...(unitId === undefined ? {} : { ":sk": statsSk(unitId) }),
      },
    });
    return items.map(countersOf);
  },
};
