import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { instantSchema } from "./common.ts";
import { config } from "./config.ts";
import { dynamo } from "./store/client.ts";
import { defineEntity } from "./store/entity.ts";
import { whenConditionHolds } from "./store/store.ts";

const outboxEntity = defineEntity({
  type: "OUTBOX",
  version: 2,
  schema: z.object({
    key: z.string(),
    status: z.enum(["sending", "sent", "failed"]),
    claimToken: z.optional(z.string()),
    leaseUntil: z.optional(instantSchema),
  }),
  primary: ["key"],
});

export type OutboxClaim =
  | { claimed: true; token: string }
  | { claimed: false; status: "sent" }
  /** another run holds the digest until `leaseUntil` */
  | { claimed: false; status: "sending"; leaseUntil: string };

/**
 * The outbox that makes every email idempotent (a sweep's digests, a decision's notice): each has a
 * key, and a sender claims it before sending. The claim is a lease, so a sender that crashed
 * mid-send blocks that email only until its lease ends, and the next one takes it over. A sent
 * email is never claimed again.
 */
export type EmailOutbox = {
  claim(key: string, token: string, now: Date, leaseUntil: Date): Promise<OutboxClaim>;
  markSent(key: string, messageId: string, now: Date): Promise<void>;
  /** Gives a claim up after a failed send, so the next run retries at once; only the holder's claim. */
  release(key: string, token: string, now: Date): Promise<void>;
};

export const emailOutbox: EmailOutbox = {
  async claim(key, token, now, leaseUntil) {
    const claimed = await whenConditionHolds(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: config().TABLE_NAME,
          Key: outboxEntity.key({ key }),
          UpdateExpression:
            "SET #status = :sending, claimToken = :token, leaseUntil = :leaseUntil, claimedAt = :now, " +
            "entity = :entity, schemaVersion = :version, #key = :key",
          // A claim without a lease was written before leases existed; nothing holds it any more.
          ConditionExpression:
            "attribute_not_exists(pk) OR #status = :failed OR " +
            "(#status = :sending AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now))",
          ExpressionAttributeNames: { "#status": "status", "#key": "key" },
          ExpressionAttributeValues: {
            ":sending": "sending",
            ":failed": "failed",
            ":token": token,
            ":leaseUntil": leaseUntil.toISOString(),
            ":now": now.toISOString(),
            ":entity": outboxEntity.type,
            ":version": 2,
            ":key": key,
          },
        }),
      ),
    );
    if (claimed) return { claimed: true, token };
    const { Item: item } = await dynamo().send(
      new GetCommand({
        TableName: config().TABLE_NAME,
        Key: outboxEntity.key({ key }),
        ConsistentRead: true,
      }),
    );
    const current = item ? outboxEntity.fromItem(item) : undefined;
    if (current?.status === "sent") return { claimed: false, status: "sent" };
    // Lost to a claim that has since been released or has expired: the caller asks again.
    return { claimed: false, status: "sending", leaseUntil: current?.leaseUntil ?? now.toISOString() };
  },

  async markSent(key, messageId, now) {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().TABLE_NAME,
        Key: outboxEntity.key({ key }),
        UpdateExpression: "SET #status = :sent, messageId = :messageId, sentAt = :now REMOVE leaseUntil",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":sent": "sent", ":messageId": messageId, ":now": now.toISOString() },
      }),
    );
  },

  async release(key, token, now) {
    await whenConditionHolds(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: config().TABLE_NAME,
          Key: outboxEntity.key({ key }),
          UpdateExpression: "SET #status = :failed, failedAt = :now REMOVE leaseUntil",
          ConditionExpression: "#status = :sending AND claimToken = :token",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":failed": "failed",
            ":sending": "sending",
            ":token": token,
            ":now": now.toISOString(),
          },
        }),
      ),
    );
  },
};
