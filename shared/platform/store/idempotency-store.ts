import { randomUUID } from "node:crypto";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import type { Claim, IdempotencyStore } from "../http/idempotency.ts";
import { dynamo } from "./client.ts";
import { idempotencyEntity, runKeyedAttempt } from "./keyed-attempt.ts";
import { whenConditionHolds } from "./store.ts";

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Idempotency records live in the table, each under its own key, and expire by the table's TTL. */
export const dynamoIdempotencyStore: IdempotencyStore = {
  async claim(key, payloadHash, now, inProgressUntil, expiresAt): Promise<Claim> {
    const token = randomUUID();
    const claimed = await whenConditionHolds(() =>
      dynamo().send(
        new PutCommand({
          TableName: config().TABLE_NAME,
          Item: {
            ...idempotencyEntity.toItem({
              key,
              status: "in_progress",
              payloadHash,
              inProgressUntil: inProgressUntil.getTime(),
              claimToken: token,
            }),
            expiresAt: epochSeconds(expiresAt),
          },
          ConditionExpression:
            "attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND inProgressUntil < :nowMs)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":now": epochSeconds(now),
            ":nowMs": now.getTime(),
            ":inProgress": "in_progress",
          },
        }),
      ),
    );
    if (claimed) return { state: "claimed", token };
    const { Item: item } = await dynamo().send(
      new GetCommand({
        TableName: config().TABLE_NAME,
        Key: idempotencyEntity.key({ key }),
        ConsistentRead: true,
      }),
    );
    // Gone between the two calls: its attempt failed and released it, so this one is in progress.
    if (!item) return { state: "in_progress", payloadHash };
    const record = idempotencyEntity.fromItem(item);
    if (record.status === "completed" && record.response !== undefined) {
      return { state: "completed", payloadHash: record.payloadHash, response: JSON.parse(record.response) };
    }
    return { state: "in_progress", payloadHash: record.payloadHash };
  },

  attempt: (key, token, work, seal) => runKeyedAttempt({ key, token, seal }, work),

  async complete(key, token, response) {
    // The attempt's transaction may have completed the key already, with the same answer; an
    // attempt that outlived its claim leaves the key to the one that took it over.
    await whenConditionHolds(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: config().TABLE_NAME,
          Key: idempotencyEntity.key({ key }),
          UpdateExpression: "SET #status = :completed, #response = :response",
          ConditionExpression: "claimToken = :token",
          ExpressionAttributeNames: { "#status": "status", "#response": "response" },
          ExpressionAttributeValues: {
            ":completed": "completed",
            ":response": JSON.stringify(response),
            ":token": token,
          },
        }),
      ),
    );
  },

  async release(key, token) {
    // Only a claim still in progress: one its own transaction completed keeps its answer.
    await whenConditionHolds(() =>
      dynamo().send(
        new DeleteCommand({
          TableName: config().TABLE_NAME,
          Key: idempotencyEntity.key({ key }),
          ConditionExpression: "#status = :inProgress AND claimToken = :token",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":inProgress": "in_progress", ":token": token },
        }),
      ),
    );
  },
};
