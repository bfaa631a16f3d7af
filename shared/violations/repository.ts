import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEntry } from "../platform/common.ts";
import { config } from "../platform/config.ts";
import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { dynamo } from "../platform/store/client.ts";
import { decodeCursor, encodeCursor } from "../platform/store/cursor.ts";
import { defineEntity, type IndexQuery } from "../platform/store/entity.ts";
import {
  childPage,
  createAudited,
  equalityFilter,
  type Filter,
  getRecords,
  type Page,
  putChildren,
  queryAll,
  readApartWithAudit,
  replaceAudited,
} from "../platform/store/store.ts";
import { counterUpdates } from "../stats/counters.ts";
import { violationMoved, violationOpened } from "../stats/violation-changes.ts";
import {
  isUnresolved,
  unresolvedStatuses,
  type ViolationRecord,
  type ViolationRule,
  type ViolationStatus,
  violationRecordSchema,
} from "./schemas.ts";

const UNRESOLVED = "unresolved";

/**
 * The byStatus partition a violation waits in: open and responded ones share one, so the digests'
 * follow-up and the overdue listing each read a single partition ordered by `dueAt`.
 */
const queueOf = (status: ViolationStatus): string => (isUnresolved(status) ? UNRESOLVED : status);

export const violationEntity = defineEntity({
  type: "VIOLATION",
  version: 3,
  schema: violationRecordSchema,
  derive: (record: ViolationRecord) => ({
    queue: queueOf(record.status),
    // Sort keys compare as text: one offset for every instant, whatever offset `dueAt` was written with.
    dueAtUtc: new Date(record.dueAt).toISOString(),
  }),
  primary: ["id"],
  indexes: {
    byUnit: { pk: ["unitId"], sk: ["occurredOn", "id"] },
    byStatus: { pk: ["queue"], sk: ["dueAtUtc", "id"] },
    /** the violations opened in one ISO week (the sweep's window, or the week a supervisor recorded one) */
    byDay: { pk: ["window"], sk: ["rule", "id"] },
    byType: { pk: [], sk: ["occurredOn", "id"] },
  },
});

export type ViolationFilter = {
  rule?: ViolationRule | undefined;
  status?: ViolationStatus | undefined;
  unitId?: string | undefined;
  /** The ISO week the violations were opened in. */
  window?: string | undefined;
  /** Only the violations overdue as of `now` (`is: true`), or only those that are not. */
  overdue?: { is: boolean; now: Date } | undefined;
};

const EVIDENCE = "EVIDENCE";

export type EvidenceRef = { factId: string };

export type ViolationRepository = {
  /**
   * Writes a new violation with its first audit entry; ALREADY_EXISTS (409) when its id is taken.
   * `answer` is what a keyed POST replays: the view the API answered, not the bare record.
   */
  create(record: ViolationRecord, caller: Caller, answer: unknown): Promise<void>;
  /** Writes the violation unless one with its id exists; true when this call created it. */
  createIfAbsent(record: ViolationRecord, caller: Caller): Promise<boolean>;
  /** Keeps every evidence reference beside the violation; writing one twice is harmless. */
  putEvidence(violationId: string, factIds: string[]): Promise<void>;
  listEvidence(violationId: string, limit: number, cursor?: string): Promise<Page<EvidenceRef>>;
  /**
   * The next version of a violation and its audit entry, in one transaction; STATE_CHANGED (409)
   * when it changed since it was read. `answer`, when given, is what a keyed POST replays.
   */
  replace(
    previous: ViolationRecord,
    next: ViolationRecord,
    caller: Caller,
    action: string,
    answer?: unknown,
  ): Promise<void>;
  /** A violation and its audit trail, oldest first. */
  get(id: string): Promise<{ record: ViolationRecord | undefined; audit: AuditEntry[] }>;
  getMany(ids: string[]): Promise<ViolationRecord[]>;
  list(filter: ViolationFilter, limit: number, cursor?: string): Promise<Page<ViolationRecord>>;
  /** Every violation still open or responded, the longest overdue first. */
  unresolved(): Promise<ViolationRecord[]>;
  /** Every violation opened in one ISO week, by rule. */
  openedIn(window: string): Promise<ViolationRecord[]>;
  /** Every violation unresolved past its `dueAt` as of `now`, the longest overdue first. */
  overdueAt(now: Date): Promise<ViolationRecord[]>;
};

/** One index partition to page through, and what else a violation must match to be listed. */
type Listing = {
  partition: IndexQuery;
  /** A condition on the sort key, whose byStatus form starts with `dueAt`: "<" now keeps the overdue. */
  dueAt?: { op: "<" | ">="; now: Date };
  /** Attributes that must equal these values, outside the partition's key. */
  equal: Record<string, string | undefined>;
  /** Overdue (or not) as a filter, where the partition is not ordered by `dueAt`. */
  overdue?: { is: boolean; now: Date } | undefined;
  oldestFirst: boolean;
};

const overdueFilter = ({ is, now }: { is: boolean; now: Date }): Filter => {
  const statuses = unresolvedStatuses.map((_, index) => `:unresolved${index}`);
  const overdue = `#status IN (${statuses.join(", ")}) AND #dueAt < :now`;
  return {
    expression: is ? overdue : `NOT (${overdue})`,
    names: { "#status": "status", "#dueAt": "dueAt" },
    values: {
      ...Object.fromEntries(unresolvedStatuses.map((status, index) => [`:unresolved${index}`, status])),
      ":now": now.toISOString(),
    },
  };
};

/** The narrowest partition the filter allows, the rest as conditions; none when nothing can match. */
const listingOf = (filter: ViolationFilter): Listing | undefined => {
  const { rule, status, unitId, window, overdue } = filter;
  // A rectified or dismissed violation is never overdue.
  if (overdue?.is && status !== undefined && !isUnresolved(status)) return undefined;
  if (unitId !== undefined) {
    return {
      partition: violationEntity.partition("byUnit", { unitId }),
      equal: { rule, status, window },
      overdue,
      oldestFirst: false,
    };
  }
  if (overdue?.is) {
    return {
      partition: violationEntity.partition("byStatus", { queue: UNRESOLVED }),
      dueAt: { op: "<", now: overdue.now },
      equal: { rule, status, window },
      oldestFirst: true,
    };
  }
  if (window !== undefined) {
    return {
      partition: violationEntity.partition("byDay", { window }),
      equal: { rule, status },
      overdue,
      oldestFirst: true,
    };
  }
  if (status !== undefined) {
    const queue = queueOf(status);
    return {
      partition: violationEntity.partition("byStatus", { queue }),
      // Not overdue: in the unresolved queue, those due now or later; a resolved one never is.
      ...(overdue && queue === UNRESOLVED ? { dueAt: { op: ">=" as const, now: overdue.now } } : {}),
      equal: { rule, status: queue === status ? undefined : status },
      oldestFirst: true,
    };
  }
  return {
    partition: violationEntity.partition("byType", {}),
    equal: { rule },
    overdue,
    oldestFirst: false,
  };
};

/**
 * One page of a listing, with a cursor bound to it. The instant it is judged at is left out of
 * the cursor's scope: it moves on between one page and the next.
 */
const listingPage = async (
  listing: Listing,
  limit: number,
  cursor: string | undefined,
): Promise<Page<ViolationRecord>> => {
  const { partition, dueAt } = listing;
  const equal = equalityFilter(listing.equal);
  const filters = [equal, listing.overdue ? overdueFilter(listing.overdue) : undefined].filter(
    (filter): filter is Filter => filter !== undefined,
  );
  const scope = JSON.stringify([
    partition.index,
    partition.value,
    dueAt?.op,
    equal?.expression,
    equal?.values,
    listing.overdue?.is,
  ]);
  const result = await dynamo().send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      IndexName: partition.index,
      KeyConditionExpression: dueAt ? `#pk = :pk AND #sk ${dueAt.op} :dueAt` : "#pk = :pk",
      FilterExpression:
        filters.length > 1
          ? filters.map((filter) => `(${filter.expression})`).join(" AND ")
          : filters[0]?.expression,
      ExpressionAttributeNames: {
        "#pk": partition.name,
        ...(dueAt ? { "#sk": partition.sortName } : {}),
        ...Object.fromEntries(filters.flatMap((filter) => Object.entries(filter.names))),
      },
      ExpressionAttributeValues: {
        ":pk": partition.value,
        ...(dueAt ? { ":dueAt": dueAt.now.toISOString() } : {}),
        ...Object.fromEntries(filters.flatMap((filter) => Object.entries(filter.values))),
      },
      Limit: limit,
      ScanIndexForward: listing.oldestFirst,
      ExclusiveStartKey: decodeCursor(cursor, scope),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => violationEntity.fromItem(item)),
    nextCursor: encodeCursor(result.LastEvaluatedKey, scope),
  };
};

/** Every violation of one index partition, following pages to the end. */
const allOf = async (partition: IndexQuery): Promise<ViolationRecord[]> => {
  const items = await queryAll({
    IndexName: partition.index,
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": partition.name },
    ExpressionAttributeValues: { ":pk": partition.value },
  });
  return items.map((item) => violationEntity.fromItem(item));
};

const opened = (record: ViolationRecord, caller: Caller) => ({
  caller,
  action: "violation.opened",
  at: record.createdAt,
});

export const violationRepository: ViolationRepository = {
  create(record, caller, answer) {
    return createAudited(
      violationEntity,
      record,
      opened(record, caller),
      () => new ConflictError(`Violation ${record.id} already exists`, "ALREADY_EXISTS"),
      counterUpdates([violationOpened(record)]),
      answer,
    );
  },

  async createIfAbsent(record, caller) {
    try {
      await createAudited(
        violationEntity,
        record,
        opened(record, caller),
        () => new ConflictError(`Violation ${record.id} exists`),
        counterUpdates([violationOpened(record)]),
      );
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  },

  putEvidence(violationId, factIds) {
    const { pk } = violationEntity.key({ id: violationId });
    return putChildren(
      pk,
      EVIDENCE,
      factIds.map((factId) => ({ id: factId, item: { factId } })),
    );
  },

  async listEvidence(violationId, limit, cursor) {
    const { pk } = violationEntity.key({ id: violationId });
    const page = await childPage(pk, EVIDENCE, limit, cursor);
    return {
      items: page.items.map((item) => ({ factId: String(item.factId) })),
      nextCursor: page.nextCursor,
    };
  },

  replace(previous, next, caller, action, answer) {
    return replaceAudited(
      violationEntity,
      previous,
      next,
      { caller, action, at: next.updatedAt },
      () =>
        new ConflictError(
          `Violation ${previous.id} was changed by someone else meanwhile; read it again`,
          "STATE_CHANGED",
        ),
      counterUpdates(violationMoved(previous, next)),
      answer ?? next,
    );
  },

  get: (id) => readApartWithAudit(violationEntity, { id }),

  getMany: (ids) =>
    getRecords(
      violationEntity,
      ids.map((id) => ({ id })),
    ),

  async list(filter, limit, cursor) {
    const listing = listingOf(filter);
    if (!listing) return { items: [], nextCursor: null };
    return listingPage(listing, limit, cursor);
  },

  unresolved: () => allOf(violationEntity.partition("byStatus", { queue: UNRESOLVED })),

  openedIn: (window) => allOf(violationEntity.partition("byDay", { window })),

  async overdueAt(now) {
    const partition = violationEntity.partition("byStatus", { queue: UNRESOLVED });
    // The queue's sort keys start with the due instant in UTC: the overdue ones are a key range.
    const items = await queryAll({
      IndexName: partition.index,
      KeyConditionExpression: "#pk = :pk AND #sk < :now",
      ExpressionAttributeNames: { "#pk": partition.name, "#sk": partition.sortName },
      ExpressionAttributeValues: { ":pk": partition.value, ":now": now.toISOString() },
    });
    return items.map((item) => violationEntity.fromItem(item));
  },
};
