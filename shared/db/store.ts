import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { config } from "../config.ts";
import type { AuditEntry } from "../domain/common.ts";
import type { Caller } from "../domain/roles.ts";
import { dynamo } from "./client.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import type { IndexName } from "./table-definition.ts";

export type Item = Record<string, unknown>;
export type Page<T> = { items: T[]; nextCursor: string | null };

const keyAttribute = /^(pk|sk|gsi\d(pk|sk)|entity|expiresAt)$/;

/** A stored item as the domain sees it: the table's key attributes removed. */
export const withoutKeys = (item: Item): Item =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !keyAttribute.test(name)));

export const getItem = async (pk: string, sk: string): Promise<Item | undefined> => {
  const { Item: item } = await dynamo().send(
    new GetCommand({ TableName: config().TABLE_NAME, Key: { pk, sk }, ConsistentRead: true }),
  );
  return item;
};

export type Filter = { expression: string; names: Record<string, string>; values: Record<string, unknown> };

export type PageQuery = {
  index?: IndexName;
  partition: { name: string; value: string };
  sortBeginsWith?: { name: string; value: string };
  filter?: Filter | undefined;
  limit: number;
  cursor?: string | undefined;
  newestFirst?: boolean;
};

/** One page of a single-partition Query, with a cursor bound to exactly this query. */
export const queryPage = async <T>(query: PageQuery, parse: (item: Item) => T): Promise<Page<T>> => {
  const scope = [
    query.index ?? "table",
    query.partition.value,
    query.sortBeginsWith?.value ?? "",
    query.filter?.expression ?? "",
  ].join("|");
  const names: Record<string, string> = { "#pk": query.partition.name, ...query.filter?.names };
  const values: Record<string, unknown> = { ":pk": query.partition.value, ...query.filter?.values };
  let keyCondition = "#pk = :pk";
  if (query.sortBeginsWith) {
    names["#sk"] = query.sortBeginsWith.name;
    values[":sk"] = query.sortBeginsWith.value;
    keyCondition += " AND begins_with(#sk, :sk)";
  }
  const input: QueryCommandInput = {
    TableName: config().TABLE_NAME,
    IndexName: query.index,
    KeyConditionExpression: keyCondition,
    FilterExpression: query.filter?.expression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    Limit: query.limit,
    ScanIndexForward: !(query.newestFirst ?? true),
    ExclusiveStartKey: decodeCursor(query.cursor, scope),
  };
  const result = await dynamo().send(new QueryCommand(input));
  return {
    items: (result.Items ?? []).map((item) => parse(withoutKeys(item))),
    nextCursor: encodeCursor(result.LastEvaluatedKey as Record<string, string> | undefined, scope),
  };
};

/** Every item of one partition (optionally a sort-key range), following pages to the end. */
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
 * The items of one entity type that happened on one UTC day within [fromUtc, toUtc): one byDay
 * partition, read to its end. Sort keys are `<instant>#<id>`, so BETWEEN on the bare instants
 * includes the start and excludes the end.
 */
export const itemsOnUtcDay = async (
  entity: string,
  day: string,
  fromUtc: string,
  toUtc: string,
): Promise<Item[]> => {
  const items = await queryAll({
    IndexName: "byDay",
    KeyConditionExpression: "gsi2pk = :day AND gsi2sk BETWEEN :from AND :to",
    ExpressionAttributeValues: { ":day": `${entity}#DAY#${day}`, ":from": fromUtc, ":to": toUtc },
  });
  return items.map(withoutKeys);
};

export const auditSortKeyPrefix = "AUDIT#";

/**
 * The audit entry for a state change, to be written in the same transaction as the change so the
 * trail can never disagree with the record.
 */
export const auditPut = (
  entityPk: string,
  caller: Caller,
  action: string,
  before: Item | null,
  after: Item | null,
  at: string,
) => {
  const entry: AuditEntry = {
    at,
    actor: caller.sub,
    role: caller.roles.join(","),
    action,
    before,
    after,
  };
  return {
    Put: {
      TableName: config().TABLE_NAME,
      Item: { pk: entityPk, sk: `${auditSortKeyPrefix}${at}#${ulid()}`, entity: "AUDIT", ...entry },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
};

/**
 * A record and its audit trail share a partition, so one consistent Query reads both: the item
 * under `recordSk` and every `AUDIT#` item, oldest first.
 */
export const readWithAudit = async (
  entityPk: string,
  recordSk: string,
): Promise<{ record: Item | undefined; audit: AuditEntry[] }> => {
  const items = await queryAll({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": entityPk },
    ConsistentRead: true,
  });
  const record = items.find((item) => item.sk === recordSk);
  const audit = items.filter((item) => String(item.sk).startsWith(auditSortKeyPrefix));
  return {
    record: record ? withoutKeys(record) : undefined,
    audit: audit.map((item) => withoutKeys(item) as AuditEntry),
  };
};

export const newId = (): string => ulid();

export const nowIso = (): string => new Date().toISOString();

/** True when a write lost to its condition: the record changed or existed already. */
export const isConditionFailure = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  if (error.name === "ConditionalCheckFailedException") return true;
  if (error.name !== "TransactionCanceledException") return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code === "ConditionalCheckFailed");
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

/** Reads many items by key, 100 per call, retrying the keys DynamoDB left unprocessed. */
export const batchGet = async (keys: { pk: string; sk: string }[]): Promise<Item[]> => {
  const table = config().TABLE_NAME;
  const found: Item[] = [];
  const unique = [...new Map(keys.map((key) => [`${key.pk}|${key.sk}`, key])).values()];
  for (let offset = 0; offset < unique.length; offset += 100) {
    let pending: Record<string, unknown>[] | undefined = unique.slice(offset, offset + 100);
    while (pending && pending.length > 0) {
      const result: BatchGetCommandOutput = await dynamo().send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[table] ?? []).map(withoutKeys));
      pending = result.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
};

type Audited = { caller: Caller; action: string; at: string };

/** A new record and its first audit entry in one transaction; an existing key is a conflict. */
export const createAudited = (
  item: Item & { pk: string },
  record: Item,
  audit: Audited,
  conflict: () => Error,
): Promise<void> =>
  transactWrite(
    [
      {
        Put: { TableName: config().TABLE_NAME, Item: item, ConditionExpression: "attribute_not_exists(pk)" },
      },
      auditPut(item.pk, audit.caller, audit.action, null, record, audit.at),
    ],
    conflict,
  );

/**
 * The next version of a record and its audit entry in one transaction, written only if nobody
 * changed the record since it was read (every change raises `version`).
 */
export const replaceAudited = (
  item: Item & { pk: string },
  previous: Item & { version: number },
  next: Item,
  audit: Audited,
  conflict: () => Error,
): Promise<void> =>
  transactWrite(
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
    ],
    conflict,
  );
