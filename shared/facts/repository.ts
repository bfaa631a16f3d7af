import { setTimeout as sleep } from "node:timers/promises";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { idSchema } from "../platform/common.ts";
import { config } from "../platform/config.ts";
import { ConflictError, DependencyUnavailableError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { dynamo } from "../platform/store/client.ts";
import { defineEntity } from "../platform/store/entity.ts";
import { keyedCompletion } from "../platform/store/keyed-attempt.ts";
import { auditPut, getRecord, type Page, queryPage, recordsBetween } from "../platform/store/store.ts";
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

/** The cancellation reason DynamoDB gave for the transaction's item at `index`, if any. */
const reasonAt = (error: unknown, index: number): string | undefined => {
  if (!(error instanceof Error) || error.name !== "TransactionCanceledException") return undefined;
  if (!("CancellationReasons" in error) || !Array.isArray(error.CancellationReasons)) return undefined;
  const reason: unknown = error.CancellationReasons[index];
  return typeof reason === "object" && reason !== null && "Code" in reason && typeof reason.Code === "string"
    ? reason.Code
    : undefined;
};

const isTransactionConflict = (error: unknown): boolean =>
  [0, 1, 2].some((index) => reasonAt(error, index) === "TransactionConflict");

/**
 * Every report of a unit on one day updates the same counter, so simultaneous reports collide as
 * transaction conflicts; the loser writes nothing and simply tries again after a short, random wait.
 */
const CONFLICT_ATTEMPTS = 8;

export const factRepository: FactRepository = {
  get: (id) => getRecord(factEntity, { id }),

  async create(record, caller, quota) {
    const table = config().TABLE_NAME;
    const item = factEntity.toItem(record);
    const transaction = new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
        auditPut(item.pk, caller, "fact.reported", null, record, record.createdAt),
        {
          Update: {
            TableName: table,
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
        },
        ...keyedCompletion(record),
      ],
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await dynamo().send(transaction);
        return;
      } catch (error) {
        if (reasonAt(error, 2) === "ConditionalCheckFailed") throw quota.exceeded();
        if (reasonAt(error, 0) === "ConditionalCheckFailed") {
          throw new ConflictError(`Fact ${record.id} already exists`, "ALREADY_EXISTS");
        }
        if (!isTransactionConflict(error)) throw error;
        if (attempt === CONFLICT_ATTEMPTS) {
          throw new DependencyUnavailableError("Many reports are arriving at once; retry shortly", 1, error);
        }
        await sleep(10 + Math.random() * 40 * attempt);
      }
    }
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
