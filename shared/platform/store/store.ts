/**
 * The entity store: the few ways this app reads and writes the single table, all in terms of
 * declared entities (entity.ts), so no repository builds a key or casts an item by hand.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { type AuditEntry, auditEntrySchema } from "../common.ts";
import { config } from "../config.ts";
import { DependencyUnavailableError } from "../errors.ts";
import type { Caller } from "../roles.ts";
import { dynamo } from "./client.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import type { Entity, IndexQuery } from "./entity.ts";
import { keyedCompletion } from "./keyed-attempt.ts";

export type Item = Record<string, unknown>;
export type Page<T> = { items: T[]; nextCursor: string | null };

const getItem = async (pk: string, sk: string): Promise<Item | undefined> => {
  const { Item: item } = await dynamo().send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: { pk, sk }, ConsistentRead: true }),
  );
  return item;
};

/** One record by its primary key, parsed with its entity's schema. */
export const getRecord = async <R>(entity: Entity<R>, values: object): Promise<R | undefined> => {
  const { pk, sk } = entity.key(values);
  const item = await getItem(pk, sk);
  return item ? entity.fromItem(item) : undefined;
};

export type Filter = { expression: string; names: Record<string, string>; values: Record<string, unknown> };

/** Attribute equality conditions joined with AND; undefined values are left out. */
export const equalityFilter = (conditions: Record<string, unknown>): Filter | undefined => {
  const present = Object.entries(conditions).filter(([, value]) => value !== undefined);
  if (present.length === 0) return undefined;
  return {
    expression: present.map(([name]) => `#${name} = :${name}`).join(" AND "),
    names: Object.fromEntries(present.map(([name]) => [`#${name}`, name])),
    values: Object.fromEntries(present.map(([name, value]) => [`:${name}`, value])),
  };
};

export type PageQuery = {
  partition: IndexQuery;
  filter?: Filter | undefined;
  limit: number;
  cursor?: string | undefined;
  newestFirst?: boolean;
};

/** One page of a single index partition, with a cursor bound to exactly this query. */
export const queryPage = async <R>(entity: Entity<R>, query: PageQuery): Promise<Page<R>> => {
  const { partition } = query;
  // The filter's values belong to the query too: a cursor of ?status=approved must not page ?status=rejected.
  const scope = JSON.stringify([
    partition.index,
    partition.value,
    query.filter?.expression,
    query.filter?.values,
  ]);
  const input: QueryCommandInput = {
    TableName: config().TABLE_NAME,
    IndexName: partition.index,
    KeyConditionExpression: "#pk = :pk",
    FilterExpression: query.filter?.expression,
    ExpressionAttributeNames: { "#pk": partition.name, ...query.filter?.names },
    ExpressionAttributeValues: { ":pk": partition.value, ...query.filter?.values },
    Limit: query.limit,
    ScanIndexForward: !(query.newestFirst ?? true),
    ExclusiveStartKey: decodeCursor(query.cursor, scope),
  };
  const result = await dynamo().send(new QueryCommand(input));
  return {
    items: (result.Items ?? []).map((item) => entity.fromItem(item)),
    nextCursor: encodeCursor(result.LastEvaluatedKey, scope),
  };
};

/** Every item of one partition, following pages to the end. */
export const queryAll = async (
  query: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
): Promise<Item[]> => {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({ ...query, TableName: config().TABLE_NAME, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

/**
 * The records of one index partition whose sort key lies in [from, to): sort keys start with an
 * instant, so BETWEEN on bare instants includes the start and excludes the end.
 */
export const recordsBetween = async <R>(
  entity: Entity<R>,
  partition: IndexQuery,
  from: string,
  to: string,
): Promise<R[]> => {
  const items = await queryAll({
    IndexName: partition.index,
    KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
    ExpressionAttributeNames: { "#pk": partition.name, "#sk": partition.sortName },
    ExpressionAttributeValues: { ":pk": partition.value, ":from": from, ":to": to },
  });
  return items.map((item) => entity.fromItem(item));
};

const AUDIT_SORT_PREFIX = "AUDIT#";

const parseAudit = (item: Item): AuditEntry => {
  const { pk: _pk, sk: _sk, entity: _entity, ...entry } = item;
  return auditEntrySchema.parse(entry);
};

/**
 * The audit entry for a state change, written in the same transaction as the change so the trail
 * can never disagree with the record. It shares the record's partition.
 */
export const auditPut = (
  recordPk: string,
  caller: Caller,
  action: string,
  before: Item | null,
  after: Item | null,
  at: string,
) => {
  const entry: AuditEntry = { at, by: caller.sub, role: caller.roles.join(","), action, before, after };
  return {
    Put: {
      TableName: config().TABLE_NAME,
      Item: { pk: recordPk, sk: `${AUDIT_SORT_PREFIX}${at}#${ulid()}`, entity: "AUDIT", ...entry },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
};

/** A record and its audit trail, oldest first, in one consistent Query of their shared partition. */
export const readWithAudit = async <R>(
  entity: Entity<R>,
  values: object,
): Promise<{ record: R | undefined; audit: AuditEntry[] }> => {
  const { pk, sk } = entity.key(values);
  const items = await queryAll({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": pk },
    ConsistentRead: true,
  });
  const record = items.find((item) => item.sk === sk);
  return {
    record: record ? entity.fromItem(record) : undefined,
    audit: items.filter((item) => String(item.sk).startsWith(AUDIT_SORT_PREFIX)).map(parseAudit),
  };
};

/**
 * A record and its audit trail without whatever else its partition keeps (a violation's
 * evidence, which may be large): a GetItem and a Query of the trail, in parallel.
 */
export const readApartWithAudit = async <R>(
  entity: Entity<R>,
  values: object,
): Promise<{ record: R | undefined; audit: AuditEntry[] }> => {
  const key = entity.key(values);
  const [record, trail] = await Promise.all([
    dynamo().send(new GetCommand({ TableName: config().TABLE_NAME, Key: key, ConsistentRead: true })),
    queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :audit)",
      ExpressionAttributeValues: { ":pk": key.pk, ":audit": AUDIT_SORT_PREFIX },
      ConsistentRead: true,
    }),
  ]);
  return {
    record: record.Item ? entity.fromItem(record.Item) : undefined,
    audit: trail.map(parseAudit),
  };
};

/** The code DynamoDB gave for each item of a cancelled transaction, in the transaction's order. */
const cancellationReasons = (error: unknown): (string | undefined)[] => {
  if (!(error instanceof Error) || error.name !== "TransactionCanceledException") return [];
  if (!("CancellationReasons" in error) || !Array.isArray(error.CancellationReasons)) return [];
  return error.CancellationReasons.map((reason: unknown) =>
    typeof reason === "object" && reason !== null && "Code" in reason && typeof reason.Code === "string"
      ? reason.Code
      : undefined,
  );
};

/** True when a write lost to its condition: the record changed or existed already. */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === "ConditionalCheckFailedException" ||
    cancellationReasons(error).includes("ConditionalCheckFailed"));

/** Runs a conditional write; false when its condition did not hold, any other failure thrown. */
export const whenConditionHolds = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/**
 * A transaction that collides with another one on the same items is cancelled with
 * TransactionConflict and wrote nothing: it is sent again this many times, after a short random
 * wait, before the caller is told to retry later.
 */
const CONFLICT_ATTEMPTS = 8;

/**
 * One atomic write. When a condition fails, `conflict` gets the index of the first item whose
 * condition failed and says what happened.
 */
export const transactWrite = async (
  items: TransactItems,
  conflict: (failedAt: number) => Error,
): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      const failedAt = reasons.indexOf("ConditionalCheckFailed");
      if (failedAt >= 0) throw conflict(failedAt);
      if (!reasons.includes("TransactionConflict")) throw error;
      if (attempt === CONFLICT_ATTEMPTS) {
        throw new DependencyUnavailableError("Others are changing the same records; retry shortly", 1, error);
      }
      await sleep(10 + Math.random() * 40 * attempt);
    }
  }
};

/** Many records by key, 100 per call, retrying the keys DynamoDB left unprocessed. */
export const getRecords = async <R>(entity: Entity<R>, keyValues: object[]): Promise<R[]> => {
  const table = config().TABLE_NAME;
  const keys = keyValues.map((values) => entity.key(values));
  const unique = [...new Map(keys.map((key) => [`${key.pk}|${key.sk}`, key])).values()];
  const found: R[] = [];
  for (let offset = 0; offset < unique.length; offset += 100) {
    let pending: Record<string, unknown>[] | undefined = unique.slice(offset, offset + 100);
    while (pending && pending.length > 0) {
      const result: BatchGetCommandOutput = await dynamo().send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[table] ?? []).map((item) => entity.fromItem(item)));
      pending = result.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
};

export type Audited = { caller: Caller; action: string; at: string };

/** Where the items a caller adds to an audited write stand in its transaction: after the record and its audit entry. */
export const ALONGSIDE_AT = 2;

/**
 * A new record and its first audit entry in one transaction, with any `alongside` items (a counter,
 * say) after them; a failed condition is the caller's `conflict`, given the failed item's index.
 */
export const createAudited = <R extends Item & { version: number }>(
  entity: Entity<R>,
  record: R,
  audit: Audited,
  conflict: (failedAt: number) => Error,
  alongside: TransactItems = [],
  /** What a keyed POST answers, when it is more than the record (a view of it, say). */
  answer: unknown = record,
): Promise<void> =>
  transactWrite(
    [...savedItems(entity, undefined, record, audit), ...alongside, ...keyedCompletion(answer)],
    conflict,
  );

/**
 * A transaction item that holds only while `record` is still at the version it was read at: a
 * change decided on several records conflicts when any of them changed meanwhile.
 */
export const stillAt = <R extends { version: number }>(entity: Entity<R>, record: R) => ({
  ConditionCheck: {
    TableName: config().TABLE_NAME,
    Key: entity.key(record),
    ConditionExpression: "version = :version",
    ExpressionAttributeValues: { ":version": record.version },
  },
});

/**
 * The transaction items that write a record and its audit entry: a new record when there is no
 * `previous` (only if none exists), else its next version, only if nobody changed it since it was
 * read (every change raises `version`). `before` is what the audit entry keeps of the previous
 * version: all of it, unless a record is too large to be kept twice in one entry.
 */
export const savedItems = <R extends Item & { version: number }>(
  entity: Entity<R>,
  previous: R | undefined,
  next: R,
  audit: Audited,
  before: Item | null = previous ?? null,
): TransactItems => {
  const item = entity.toItem(next);
  const condition = previous
    ? {
        ConditionExpression: "version = :expected",
        ExpressionAttributeValues: { ":expected": previous.version },
      }
    : { ConditionExpression: "attribute_not_exists(pk)" };
  return [
    { Put: { TableName: config().TABLE_NAME, Item: item, ...condition } },
    auditPut(item.pk, audit.caller, audit.action, before, next, audit.at),
  ];
};

/** The next version of a record and its audit entry in one transaction (see `savedItems`). */
export const replaceAudited = <R extends Item & { version: number }>(
  entity: Entity<R>,
  previous: R,
  next: R,
  audit: Audited,
  conflict: (failedAt: number) => Error,
  /** Other items of the same change: records it was decided on (see `stillAt`), a counter, another record's replacement. */
  alongside: TransactItems = [],
  /** What a keyed POST answers, when it is more than the record (a view of it, say). */
  answer: unknown = next,
): Promise<void> =>
  transactWrite(
    [...savedItems(entity, previous, next, audit), ...alongside, ...keyedCompletion(answer)],
    conflict,
  );

/**
 * Items of one `kind` kept beside a record in its partition, each under `<kind>#<id>` (a violation's
 * evidence, for one): written without audit because they only detail what the audited record counts.
 */
export const putChildren = async (parentPk: string, kind: string, children: { id: string; item: Item }[]) => {
  const table = config().TABLE_NAME;
  // Bounded parallelism: a few hundred small puts finish quickly without flooding the table.
  for (let offset = 0; offset < children.length; offset += 25) {
    await Promise.all(
      children.slice(offset, offset + 25).map(({ id, item }) =>
        dynamo().send(
          new PutCommand({
            TableName: table,
            Item: { ...item, pk: parentPk, sk: `${kind}#${id}`, entity: kind },
          }),
        ),
      ),
    );
  }
};

/** One page of the items beside a record, in sort-key order, with a cursor bound to that record. */
export const childPage = async (
  parentPk: string,
  kind: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: Item[]; nextCursor: string | null }> => {
  const scope = JSON.stringify(["children", parentPk, kind]);
  const result = await dynamo().send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": parentPk, ":prefix": `${kind}#` },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, scope),
    }),
  );
  return {
    items: (result.Items ?? []).map(({ pk: _pk, sk: _sk, entity: _entity, ...item }) => item),
    nextCursor: encodeCursor(result.LastEvaluatedKey, scope),
  };
};
