/**
 * Records every write the handlers' DynamoDB client completes, attributed to the handler call that
 * made it. The attribution uses AsyncLocalStorage rather than a time window: a sweep started by one
 * call runs on in the background (the local Lambda Invoke endpoint) and writes while later calls
 * run, and those writes belong to no call under test.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export type WriteOperation = {
  command: string;
  /** Whether the item is written (Put, Update) or removed (Delete). */
  kind: "put" | "update" | "delete";
  pk: string;
  sk: string;
};

const writeCommands = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "TransactWriteItemsCommand",
  "BatchWriteItemCommand",
]);

/** Key attributes may arrive marshalled ({S: "..."}) or plain, depending on the middleware step. */
export const attributeText = (value: unknown): string => {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && "S" in value) return String(value.S);
  return String(value);
};

type Keyed = { pk?: unknown; sk?: unknown };

const keyOf = (key: Keyed | undefined) => ({ pk: attributeText(key?.pk), sk: attributeText(key?.sk) });

// biome-ignore lint/suspicious/noExplicitAny: the middleware sees every command's input untyped
type AnyInput = any;

const operationsOf = (command: string, input: AnyInput): WriteOperation[] => {
  switch (command) {
    case "PutItemCommand":
      return [{ command, kind: "put", ...keyOf(input.Item) }];
    case "UpdateItemCommand":
      return [{ command, kind: "update", ...keyOf(input.Key) }];
    case "DeleteItemCommand":
      return [{ command, kind: "delete", ...keyOf(input.Key) }];
    case "TransactWriteItemsCommand":
      return (input.TransactItems ?? []).flatMap((item: AnyInput): WriteOperation[] => {
        if (item.Put) return [{ command, kind: "put", ...keyOf(item.Put.Item) }];
        if (item.Update) return [{ command, kind: "update", ...keyOf(item.Update.Key) }];
        if (item.Delete) return [{ command, kind: "delete", ...keyOf(item.Delete.Key) }];
        return []; // ConditionCheck writes nothing
      });
    case "BatchWriteItemCommand":
      return Object.values(input.RequestItems ?? {}).flatMap((requests) =>
        (requests as AnyInput[]).flatMap((request): WriteOperation[] => {
          if (request.PutRequest) return [{ command, kind: "put", ...keyOf(request.PutRequest.Item) }];
          if (request.DeleteRequest) {
            return [{ command, kind: "delete", ...keyOf(request.DeleteRequest.Key) }];
          }
          return [];
        }),
      );
    default:
      return [];
  }
};

export type WriteRecorder = {
  /** Runs `work` and returns what it returned with the writes it completed. */
  record<T>(work: () => Promise<T>): Promise<{ result: T; writes: WriteOperation[] }>;
};

/**
 * Adds the recording middleware to the client the handlers use (the document client shares the
 * low-level client's middleware stack). A write counts only once DynamoDB accepted it: a write
 * that lost its condition changed nothing.
 */
export const recordWrites = (client: DynamoDBClient): WriteRecorder => {
  const current = new AsyncLocalStorage<WriteOperation[]>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      const writes = current.getStore();
      const command = context.commandName ?? "";
      if (writes && writeCommands.has(command)) writes.push(...operationsOf(command, args.input));
      return output;
    },
    { step: "initialize", name: "systemTestWriteRecorder", override: true },
  );
  return {
    async record(work) {
      const writes: WriteOperation[] = [];
      const result = await current.run(writes, work);
      return { result, writes };
    },
  };
};

/** Idempotency-Key claims live under this key prefix (shared/platform/store/idempotency-store.ts). */
export const IDEMPOTENCY_PREFIX = "IDEMPOTENCY#";

/**
 * What a rejected call may leave behind: nothing. The one documented write a rejected call makes is
 * the Idempotency-Key protocol's claim, which a failed attempt releases (README: "A failed attempt
 * is not remembered"), so every claimed key must also have been deleted by the same call.
 */
export const lastingWritesOfRejectedCall = (writes: readonly WriteOperation[]): string[] => {
  const problems: string[] = [];
  const claimed = new Set<string>();
  const released = new Set<string>();
  for (const write of writes) {
    if (!write.pk.startsWith(IDEMPOTENCY_PREFIX)) {
      problems.push(`${write.command} ${write.kind} of ${write.pk} / ${write.sk}`);
    } else if (write.kind === "delete") {
      released.add(write.pk);
    } else {
      claimed.add(write.pk);
    }
  }
  for (const key of claimed) {
    if (!released.has(key)) problems.push(`idempotency claim ${key} kept after a rejected call`);
  }
  return problems;
};
