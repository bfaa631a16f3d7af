/**
 * Statistics are counters, never recounts: each (year, unit) has one item in the year's partition
 * (`STATS#<year>`, sort key `UNIT#<unit>`), and every write that changes a counted record moves
 * its counters in the same transaction. A year's statistics are then one Query of one partition,
 * whatever the table holds.
 *
 * The year is the local year (TIME_ZONE) of the date the figure is about: a request's and a fact's
 * day, a violation's opening, a complaint's receipt, a secondment's start, a plaque's registration.
 */
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { config } from "../platform/config.ts";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export const STATS_ENTITY = "STATS_COUNTERS";

/** The unit key of figures that are about no unit (a complaint that names none, say). */
export const NO_UNIT = "-";

export const statsPk = (year: number): string => `STATS#${year}`;
export const statsSk = (unitId: string): string => `UNIT#${unitId}`;

/**
 * A figure's name, dotted by area: `meetings.requested`, `violations.rule.UNAPPROVED_MEETING`,
 * `complaints.daysToTriage.3`. Each is a top-level attribute of the counter item, so ADD needs no
 * parent map to exist first.
 */
export type Figure = string;

export type CounterChange = { year: number; unitId: string; deltas: Record<Figure, number> };

const itemOf = ({ year, unitId, deltas }: CounterChange): TransactItem | undefined => {
  const moved = Object.entries(deltas).filter(([, delta]) => delta !== 0);
  if (moved.length === 0) return undefined;
  const names: Record<string, string> = { "#unitId": "unitId", "#entity": "entity", "#year": "year" };
  const values: Record<string, unknown> = { ":unitId": unitId, ":entity": STATS_ENTITY, ":year": year };
  const adds = moved.map(([figure, delta], index) => {
    names[`#f${index}`] = figure;
    values[`:d${index}`] = delta;
    return `#f${index} :d${index}`;
  });
  return {
    Update: {
      TableName: config().TABLE_NAME,
      Key: { pk: statsPk(year), sk: statsSk(unitId) },
      UpdateExpression: `SET #unitId = :unitId, #entity = :entity, #year = :year ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

/**
 * The transaction items that move these counters, one per (year, unit): a transaction may touch an
 * item only once, so changes to the same unit's counters in the same year are added together.
 */
export const counterUpdates = (changes: readonly CounterChange[]): TransactItem[] => {
  const merged = new Map<string, CounterChange>();
  for (const change of changes) {
    const key = `${change.year}\0${change.unitId}`;
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { ...change, deltas: { ...change.deltas } });
      continue;
    }
    for (const [figure, delta] of Object.entries(change.deltas))
      existing.deltas[figure] = (existing.deltas[figure] ?? 0) + delta;
  }
  return [...merged.values()].flatMap((change) => itemOf(change) ?? []);
};
