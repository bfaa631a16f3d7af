import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity } from "../platform/store/entity.ts";
import { createAudited, getRecord, type Page, queryPage, recordsBetween } from "../platform/store/store.ts";
import { type FactRecord, factRecordSchema, happenedAt } from "./schemas.ts";

const happenedAtUtc = (fact: FactRecord) => new Date(happenedAt(fact)).toISOString();

export const factEntity = defineEntity({
  type: "FACT",
  version: 1,
  schema: factRecordSchema,
  derive: (fact: FactRecord) => ({
    happenedAtUtc: happenedAtUtc(fact),
    happenedOnUtcDay: happenedAtUtc(fact).slice(0, 10),
  }),
  primary: ["id"],
  indexes: {
    byUnit: { pk: ["unitId"], sk: ["createdAt", "id"] },
    byDay: { pk: ["happenedOnUtcDay"], sk: ["happenedAtUtc", "id"] },
    byType: { pk: [], sk: ["createdAt", "id"] },
  },
});

export type FactRepository = {
  get(id: string): Promise<FactRecord | undefined>;
  create(record: FactRecord, caller: Caller): Promise<void>;
  listByUnit(unitId: string, limit: number, cursor?: string): Promise<Page<FactRecord>>;
  listAll(limit: number, cursor?: string): Promise<Page<FactRecord>>;
  /** Facts that happened on one UTC day within [fromUtc, toUtc). */
  happenedOnUtcDay(day: string, fromUtc: string, toUtc: string): Promise<FactRecord[]>;
};

export const factRepository: FactRepository = {
  get: (id) => getRecord(factEntity, { id }),

  create(record, caller) {
    return createAudited(
      factEntity,
      record,
      { caller, action: "fact.reported", at: record.createdAt },
      () => new ConflictError(`Fact ${record.id} already exists`, "ALREADY_EXISTS"),
    );
  },

  listByUnit(unitId, limit, cursor) {
    return queryPage(factEntity, { partition: factEntity.partition("byUnit", { unitId }), limit, cursor });
  },

  listAll(limit, cursor) {
    return queryPage(factEntity, { partition: factEntity.partition("byType", {}), limit, cursor });
  },

  happenedOnUtcDay(day, fromUtc, toUtc) {
    return recordsBetween(
      factEntity,
      factEntity.partition("byDay", { happenedOnUtcDay: day }),
      fromUtc,
      toUtc,
    );
  },
};
