/**
 * The entity store: the few ways this app reads and writes the single table, all in terms of
 * declared entities (entity.ts), so no repository builds a key or casts an item by hand.
 */
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

/** True when a write lost to its condition: the record changed or existed already. */
export const isConditionFailure = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  if (error.name === "ConditionalCheckFailedException") return true;
  if (error.name !== "TransactionCanceledException" || !("CancellationReasons" in error)) return false;
  const reasons = error.CancellationReasons;
  return (
    Array.isArray(reasons) &&
    reasons.some((reason: unknown) => {
      return (
        typeof reason === "object" &&
        reason !== null &&
        "Code" in reason &&
        reason.Code === "ConditionalCheckFailed"
      );
    })
  );
};

type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/** One atomic write; when any condition fails, the caller's conflict error says what happened. */
export const transactWrite = async (items: TransactItems, conflict: () => Error): Promise<void> => {
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (isConditionFailure(error)) throw conflict();
    throw error;
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

/** A new record and its first audit entry in one transaction; an existing key is a conflict. */
export const createAudited = <R extends Item>(
  entity: Entity<R>,
  record: R,
  audit: Audited,
  conflict: () => Error,
): Promise<void> => {
  const item = entity.toItem(record);
  return transactWrite(
    [
      {
        Put: { TableName: config().TABLE_NAME, Item: item, ConditionExpression: "attribute_not_exists(pk)" },
      },
      auditPut(item.pk, audit.caller, audit.action, null, record, audit.at),
      ...keyedCompletion(record),
    ],
    conflict,
  );
};

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
 * The next version of a record and its audit entry in one transaction, written only if nobody
 * changed the record since it was read (every change raises `version`).
 */
export const replaceAudited = <R extends Item & { version: number }>(
  entity: Entity<R>,
  previous: R,
  next: R,
  audit: Audited,
  conflict: () => Error,
  /** Other records the change was decided on, which must not have changed either (see `stillAt`). */
  alongside: TransactItems = [],
): Promise<void> => {
  const item = entity.toItem(next);
  return transactWrite(
    [
      {
        Put: {
          TableName: config().TABLE_NAME,
          Item: item,
          ConditionExpression: "version = :expected",
          ExpressionAttributeValues: { ":expected": previous.version },
        },
      },
      auditPut(item.pk, audit.caller, audit.action, previous, next, audit.at),
      ...alongside,
      ...keyedCompletion(next),
    ],
    conflict,
  );
};

/**
 * Items kept beside a record in its partition under a sort-key prefix (a violation's evidence, for
 * one): written without audit because they only detail what the audited record counts.
 */
export const putChildren = async (
  parentPk: string,
  prefix: string,
  items: Item[],
  keyOf: (item: Item) => string,
) => {
  const table = config().TABLE_NAME;
  // Bounded parallelism: a few hundred small puts finish quickly without flooding the table.
  for (let offset = 0; offset < items.length; offset += 25) {
    await Promise.all(
      items.slice(offset, offset + 25).map((item) =>
        dynamo().send(
          new PutCommand({
            TableName: table,
            Item: { ...item, pk: parentPk, sk: `${prefix}${keyOf(item)}`, entity: prefix.replace(/#$/, "") },
          }),
        ),
      ),
    );
  }
};

/** One page of the items beside a record, in sort-key order, with a cursor bound to that record. */
export const childPage = async (
  parentPk: string,
  prefix: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: Item[]; nextCursor: string | null }> => {
  const scope = JSON.stringify(["children", parentPk, prefix]);
  const result = await dynamo().send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": parentPk, ":prefix": prefix },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, scope),
    }),
  );
  return {
    items: (result.Items ?? []).map(({ pk: _pk, sk: _sk, entity: _entity, ...item }) => item),
    nextCursor: encodeCursor(result.LastEvaluatedKey, scope),
  };
};
