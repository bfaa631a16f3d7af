import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import type { SweepRecord } from "../domain/sweeps.ts";
import { dynamo } from "./client.ts";
import { getItem, isConditionFailure, withoutKeys } from "./store.ts";

const sweepPk = (id: string) => `SWEEP#${id}`;

export type SweepRepository = {
  get(id: string): Promise<SweepRecord | undefined>;
  save(record: SweepRecord): Promise<void>;
};

export const sweepRepository: SweepRepository = {
  async get(id) {
    const item = await getItem(sweepPk(id), "SWEEP");
    return item ? (withoutKeys(item) as SweepRecord) : undefined;
  },
  async save(record) {
    await dynamo().send(
      new PutCommand({
        TableName: config().TABLE_NAME,
        Item: {
          pk: sweepPk(record.id),
          sk: "SWEEP",
          entity: "SWEEP",
          gsi4pk: "SWEEP",
          gsi4sk: record.createdAt,
          ...record,
        },
      }),
    );
  },
};

/** A claim on one digest that is older than this was left by a crashed run and may be taken over. */
const STALE_CLAIM_MS = 15 * 60_000;

/**
 * The outbox that makes digests idempotent: a digest is claimed before it is sent and marked sent
 * after, so a re-run skips what went out and retries what failed or was abandoned mid-send.
 */
export type DigestOutbox = {
  claim(key: string, now: Date): Promise<boolean>;
  markSent(key: string, messageId: string, now: Date): Promise<void>;
  markFailed(key: string, now: Date): Promise<void>;
};

const digestKey = (key: string) => ({ pk: `DIGEST#${key}`, sk: "DIGEST" });

export const digestOutbox: DigestOutbox = {
  async claim(key, now) {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: config().TABLE_NAME,
          Key: digestKey(key),
          UpdateExpression: "SET #status = :sending, claimedAt = :now, entity = :entity",
          ConditionExpression:
            "attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":sending": "sending",
            ":failed": "failed",
            ":now": now.toISOString(),
            ":stale": new Date(now.getTime() - STALE_CLAIM_MS).toISOString(),
            ":entity": "DIGEST",
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
  async markSent(key, messageId, now) {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().TABLE_NAME,
        Key: digestKey(key),
        UpdateExpression: "SET #status = :sent, messageId = :messageId, sentAt = :now",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":sent": "sent", ":messageId": messageId, ":now": now.toISOString() },
      }),
    );
  },
  async markFailed(key, now) {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().TABLE_NAME,
        Key: digestKey(key),
        UpdateExpression: "SET #status = :failed, failedAt = :now",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":failed": "failed", ":now": now.toISOString() },
      }),
    );
  },
};
