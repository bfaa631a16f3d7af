import * as z from "zod/mini";
import { idSchema } from "../platform/common.ts";
import { config } from "../platform/config.ts";
import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity } from "../platform/store/entity.ts";
import {
  ALONGSIDE_AT,
  createAudited,
  getRecord,
  type Page,
  queryPage,
  recordsBetween,
} from "../platform/store/store.ts";
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

const DAILY_COUNT_VERSION = 1;

/** How many facts one unit reported on one local day: the counter the daily cap is checked against. */
const dailyFactCountEntity = defineEntity({
  type: "FACT_DAY_COUNT",
  version: DAILY_COUNT_VERSION,
  schema: z.object({ unitId: idSchema, day: z.iso.date(), count: z.int() }),
  primary: ["unitId", "day"],
});

/** The reporting unit's local day, its cap, and the error to answer once the cap is reached. */
export type DailyQuota = { day: string; limit: number; exceeded: () => Error };

export type FactRepository = {
  get(id: string): Promise<FactRecord | undefined>;
  /** The fact, its audit entry and its unit's daily count, all or nothing. */
  create(record: FactRecord, caller: Caller, quota: DailyQuota): Promise<void>;
  listByUnit(unitId: string, limit: number, cursor?: string): Promise<Page<FactRecord>>;
  listAll(limit: number, cursor?: string): Promise<Page<FactRecord>>;
  /** Facts that happened on one UTC day within [fromUtc, toUtc). */
  happenedOnUtcDay(day: string, fromUtc: string, toUtc: string): Promise<FactRecord[]>;
};

/**
 * Raises the reporting unit's count for the day, only while it is under the cap. Every report of
 * a unit on one day updates this item, so simultaneous reports collide; the entity store sends a
 * colliding transaction again, and the condition keeps the count exact.
 */
const countAgainstQuota = (record: FactRecord, quota: DailyQuota) => ({
  Update: {
    TableName: config().TABLE_NAME,
    Key: dailyFactCountEntity.key({ unitId: record.unitId, day: quota.day }),
    UpdateExpression:
      "SET #count = if_not_exists(#count, :zero) + :one, #unitId = :unitId, #day = :day, #entity = :entity, #schemaVersion = :version",
    ConditionExpression: "attribute_not_exists(#count) OR #count < :limit",
    ExpressionAttributeNames: {
      "#count": "count",
      "#unitId": "unitId",
      "#day": "day",
      "#entity": "entity",
      "#schemaVersion": "schemaVersion",
    },
    ExpressionAttributeValues: {
      ":zero": 0,
      ":one": 1,
      ":limit": quota.limit,
      ":unitId": record.unitId,
      ":day": quota.day,
      ":entity": dailyFactCountEntity.type,
      ":version": DAILY_COUNT_VERSION,
    },
  },
});

export const factRepository: FactRepository = {
  get: (id) => getRecord(factEntity, { id }),

  create(record, caller, quota) {
    return createAudited(
      factEntity,
      record,
      { caller, action: "fact.reported", at: record.createdAt },
      (failedAt) =>
        failedAt === ALONGSIDE_AT
          ? quota.exceeded()
          : new ConflictError(`Fact ${record.id} already exists`, "ALREADY_EXISTS"),
      [countAgainstQuota(record, quota)],
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
