import type { EventRecord } from "../domain/events.ts";
import type { Caller } from "../domain/roles.ts";
import { ConflictError } from "../errors.ts";
import { createAudited, itemsOnUtcDay, type Page, queryPage } from "./store.ts";

const eventPk = (id: string) => `EVENT#${id}`;

/** The instant a fact happened, in UTC, which places it in the byDay index. */
export const occurredAtUtc = (record: EventRecord): string => new Date(record.body.heldAt).toISOString();

const toItem = (record: EventRecord) => {
  const occurred = occurredAtUtc(record);
  const created = `${record.createdAt}#${record.id}`;
  return {
    pk: eventPk(record.id),
    sk: "EVENT",
    entity: "EVENT",
    gsi1pk: `EVENT#UNIT#${record.reporterUnitId}`,
    gsi1sk: created,
    gsi2pk: `EVENT#DAY#${occurred.slice(0, 10)}`,
    gsi2sk: `${occurred}#${record.id}`,
    gsi4pk: "EVENT",
    gsi4sk: created,
    ...record,
  };
};

export type EventRepository = {
  create(record: EventRecord, caller: Caller): Promise<void>;
  listByUnit(unitId: string, limit: number, cursor?: string): Promise<Page<EventRecord>>;
  listAll(limit: number, cursor?: string): Promise<Page<EventRecord>>;
  occurredOnUtcDay(day: string, fromUtc: string, toUtc: string): Promise<EventRecord[]>;
};

export const eventRepository: EventRepository = {
  create(record, caller) {
    return createAudited(
      toItem(record),
      record,
      { caller, action: "event.reported", at: record.createdAt },
      () => new ConflictError(`Event ${record.id} already exists`, "ALREADY_EXISTS"),
    );
  },

  listByUnit(unitId, limit, cursor) {
    return queryPage(
      { index: "byUnit", partition: { name: "gsi1pk", value: `EVENT#UNIT#${unitId}` }, limit, cursor },
      (item) => item as EventRecord,
    );
  },

  listAll(limit, cursor) {
    return queryPage(
      { index: "byType", partition: { name: "gsi4pk", value: "EVENT" }, limit, cursor },
      (item) => item as EventRecord,
    );
  },

  async occurredOnUtcDay(day, fromUtc, toUtc) {
    return (await itemsOnUtcDay("EVENT", day, fromUtc, toUtc)) as EventRecord[];
  },
};
