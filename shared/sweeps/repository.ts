import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { config } from "../platform/config.ts";
import { dynamo } from "../platform/store/client.ts";
import { defineEntity } from "../platform/store/entity.ts";
import { getRecord, isConditionFailure } from "../platform/store/store.ts";
import { type SweepRecord, sweepRecordSchema } from "./schemas.ts";

export const sweepEntity = defineEntity({
  type: "SWEEP",
  version: 2,
  schema: sweepRecordSchema,
  primary: ["id"],
  indexes: { byType: { pk: [], sk: ["createdAt", "id"] } },
});

export type SweepRepository = {
  get(id: string): Promise<SweepRecord | undefined>;
  save(record: SweepRecord): Promise<void>;
};

export const sweepRepository: SweepRepository = {
  get: (id) => getRecord(sweepEntity, { id }),
  async save(record) {
    await dynamo().send(new PutCommand({ TableName: config().TABLE_NAME, Item: sweepEntity.toItem(record) }));
  },
};

/** A claim on one digest that is older than this was left by a crashed run and may be taken over. */
const STALE_CLAIM_MS = 15 * 60_000;

const digestEntity = defineEntity({
  type: "DIGEST",
  version: 1,
  schema: z.object({ key: z.string() }),
  primary: ["key"],
});

/**
 * The outbox that makes digests idempotent: a digest is claimed before it is sent and marked sent
 * after, so a re-run skips what went out and retries what failed or was abandoned mid-send.
 */
export type DigestOutbox = {
  claim(key: string, now: Date): Promise<boolean>;
  markSent(key: string, messageId: string, now: Date): Promise<void>;
  markFailed(key: string, now: Date): Promise<void>;
};

const setStatus = (key: string, update: string, values: Record<string, unknown>) =>
  dynamo().send(
    new UpdateCommand({
      TableName: config().TABLE_NAME,
      Key: digestEntity.key({ key }),
      UpdateExpression: update,
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: values,
    }),
  );

export const digestOutbox: DigestOutbox = {
  async claim(key, now) {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: config().TABLE_NAME,
          Key: digestEntity.key({ key }),
          UpdateExpression: "SET #status = :sending, claimedAt = :now, entity = :entity, #key = :key",
          ConditionExpression:
            "attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND claimedAt < :stale)",
          ExpressionAttributeNames: { "#status": "status", "#key": "key" },
          ExpressionAttributeValues: {
            ":sending": "sending",
            ":failed": "failed",
            ":now": now.toISOString(),
            ":stale": new Date(now.getTime() - STALE_CLAIM_MS).toISOString(),
            ":entity": digestEntity.type,
            ":key": key,
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
    await setStatus(key, "SET #status = :sent, messageId = :messageId, sentAt = :now", {
      ":sent": "sent",
      ":messageId": messageId,
      ":now": now.toISOString(),
    });
  },
  async markFailed(key, now) {
    await setStatus(key, "SET #status = :failed, failedAt = :now", {
      ":failed": "failed",
      ":now": now.toISOString(),
    });
  },
};
