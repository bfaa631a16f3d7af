import * as z from "zod/mini";
import { occurrenceReported } from "../plans/repository.ts";
import type { PlanKind } from "../plans/schemas.ts";
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
  type TransactItems,
} from "../platform/store/store.ts";
import { counterUpdates } from "../stats/counters.ts";
import { occurrenceChanges } from "../stats/occurrence-changes.ts";
import { type OccurrenceRecord, occurrenceRecordSchema } from "./occurrence-record.ts";
import { type FactRecord, factRecordSchema, happenedAt } from "./schemas.ts";

const happenedAtUtc = (fact: FactRecord) => new Date(happenedAt(fact)).toISOString();

export const factEntity = defineEntity({
  type: "FACT",
  version: 2,
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

/**
 * Occurrences by the unit they are about (what a department reads of itself) and by kind and local
 * month (the visits of a month, which the sweep counts per grassroots unit).
 */
export const occurrenceEntity = defineEntity({
  type: "OCCURRENCE",
  version: 1,
  schema: occurrenceRecordSchema,
  derive: (occurrence: OccurrenceRecord) => ({
    happenedAtUtc: new Date(occurrence.happenedAt).toISOString(),
    kindMonth: `${occurrence.kind}#${occurrence.day.slice(0, 7)}`,
  }),
  primary: ["id"],
  indexes: {
    byUnit: { pk: ["subjectUnitId"], sk: ["happenedAtUtc", "id"] },
    byDay: { pk: ["kindMonth"], sk: ["day", "id"] },
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

/**
 * The occurrence a new report belongs to, as its first report would create it, and the plan
 * whose quota a new occurrence counts against (none for visits).
 */
export type ReportedOccurrence = {
  occurrence: OccurrenceRecord;
  countsAgainst?: { year: number; kind: PlanKind } | undefined;
  /** It was found when the report was checked, so the report joins it. */
  existed: boolean;
};

export type FactRepository = {
  get(id: string): Promise<FactRecord | undefined>;
  /**
   * The fact, its audit entry, its unit's daily count and its occurrence, all or nothing: the first
   * report of an occurrence creates it and counts it against its plan's quota, a later one only
   * adds its unit to the reporters. An occurrence is never deleted, so one that `existed` is
   * joined in one transaction.
   */
  create(record: FactRecord, caller: Caller, quota: DailyQuota, reported: ReportedOccurrence): Promise<void>;
  /** An occurrence by id, read beside a report's checks to know whether the report is its first. */
  getOccurrence(id: string): Promise<OccurrenceRecord | undefined>;
  listByUnit(unitId: string, limit: number, cursor?: string): Promise<Page<FactRecord>>;
  listAll(limit: number, cursor?: string): Promise<Page<FactRecord>>;
  /** Facts that happened on one UTC day within [fromUtc, toUtc). */
  happenedOnUtcDay(day: string, fromUtc: string, toUtc: string): Promise<FactRecord[]>;
  /** The occurrences about one unit, the latest first. */
  occurrencesAbout(unitId: string, limit: number, cursor?: string): Promise<Page<OccurrenceRecord>>;
  /** The visits of one local month (YYYY-MM) on the days from `firstDay` to `lastDay`. */
  visitsInMonth(month: string, firstDay: string, lastDay: string): Promise<OccurrenceRecord[]>;
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

/** Where the occurrence's item stands in the report's transaction, right after the daily count. */
const OCCURRENCE_AT = ALONGSIDE_AT + 1;

const firstReport = ({ occurrence, countsAgainst }: ReportedOccurrence): TransactItems => [
  {
    Put: {
      TableName: config().TABLE_NAME,
      Item: occurrenceEntity.toItem(occurrence),
      ConditionExpression: "attribute_not_exists(pk)",
    },
  },
  ...(countsAgainst
    ? [occurrenceReported(countsAgainst.year, countsAgainst.kind, occurrence.subjectUnitId)]
    : []),
  // Only the report that creates the occurrence counts it, so duplicate reports count once.
  ...counterUpdates(occurrenceChanges(occurrence)),
];

const laterReport = (record: FactRecord, { occurrence }: ReportedOccurrence): TransactItems => [
  {
    Update: {
      TableName: config().TABLE_NAME,
      Key: occurrenceEntity.key(occurrence),
      UpdateExpression: "ADD reporters :reporter SET lastReportedAt = :at",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":reporter": new Set([record.unitId]), ":at": record.createdAt },
    },
  },
];

/** The occurrence existed already: the report joins it instead. */
class OccurrenceExists extends Error {}

export const factRepository: FactRepository = {
  get: (id) => getRecord(factEntity, { id }),

  async create(record, caller, quota, reported) {
    const write = (occurrenceItems: TransactItems) =>
      createAudited(
        factEntity,
        record,
        { caller, action: "fact.reported", at: record.createdAt },
        (failedAt) => {
          if (failedAt === ALONGSIDE_AT) return quota.exceeded();
          if (failedAt === OCCURRENCE_AT) return new OccurrenceExists();
          return new ConflictError(`Fact ${record.id} already exists`, "ALREADY_EXISTS");
        },
        [countAgainstQuota(record, quota), ...occurrenceItems],
      );
    if (reported.existed) return write(laterReport(record, reported));
    // Another report may have created it since it was read: this report then joins it instead.
    try {
      await write(firstReport(reported));
    } catch (error) {
      if (!(error instanceof OccurrenceExists)) throw error;
      await write(laterReport(record, reported));
    }
  },

  getOccurrence: (id) => getRecord(occurrenceEntity, { id }),

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

  occurrencesAbout(unitId, limit, cursor) {
    return queryPage(occurrenceEntity, {
      partition: occurrenceEntity.partition("byUnit", { subjectUnitId: unitId }),
      limit,
      cursor,
    });
  },

  visitsInMonth(month, firstDay, lastDay) {
    return recordsBetween(
      occurrenceEntity,
      occurrenceEntity.partition("byDay", { kindMonth: `inspection_visit#${month}` }),
      firstDay,
      // Sort keys are `<day>#<id>`: "~" sorts after "#", so the last day is included whole.
      `${lastDay}~`,
    );
  },
};
