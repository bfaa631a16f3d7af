import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { config } from "../config.ts";
import type { Claim, IdempotencyStore } from "../http/idempotency.ts";
import { dynamo } from "./client.ts";
import { defineEntity } from "./entity.ts";
import { isConditionFailure } from "./store.ts";

const idempotencyEntity = defineEntity({
  type: "IDEMPOTENCY",
  version: 1,
  schema: z.object({
    key: z.string(),
    status: z.enum(["in_progress", "completed"]),
    payloadHash: z.string(),
    inProgressUntil: z.number(),
    response: z.optional(z.string()),
  }),
  primary: ["key"],
});

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Idempotency records live in the table, each under its own key, and expire by the table's TTL. */
export const dynamoIdempotencyStore: IdempotencyStore = {
  async claim(key, payloadHash, now, inProgressUntil, expiresAt): Promise<Claim> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: config().TABLE_NAME,
          Item: {
            ...idempotencyEntity.toItem({
              key,
              status: "in_progress",
              payloadHash,
              inProgressUntil: inProgressUntil.getTime(),
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
      );
      return { state: "claimed" };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
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

  async complete(key, response) {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().TABLE_NAME,
        Key: idempotencyEntity.key({ key }),
        UpdateExpression: "SET #status = :completed, #response = :response",
        ExpressionAttributeNames: { "#status": "status", "#response": "response" },
        ExpressionAttributeValues: { ":completed": "completed", ":response": JSON.stringify(response) },
      }),
    );
  },

  async release(key) {
    await dynamo().send(
      new DeleteCommand({ TableName: config().TABLE_NAME, Key: idempotencyEntity.key({ key }) }),
    );
  },
};
