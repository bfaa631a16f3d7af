import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { instantSchema } from "../platform/common.ts";
import { config } from "../platform/config.ts";
import { dynamo } from "../platform/store/client.ts";
import { defineEntity } from "../platform/store/entity.ts";
import { getRecord, recordsBetween, whenConditionHolds } from "../platform/store/store.ts";
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
  /** Sweeps created in [fromUtc, toUtc) that are still marked running. */
  runningBetween(fromUtc: string, toUtc: string): Promise<SweepRecord[]>;
  /**
   * Marks a running sweep whose deadline has passed as failed, unless it finished or a runner
   * moved its deadline meanwhile; true when this call marked it.
   */
  abandon(sweep: SweepRecord, reason: string, now: Date): Promise<boolean>;
};

export const sweepRepository: SweepRepository = {
  get: (id) => getRecord(sweepEntity, { id }),
  async save(record) {
    await dynamo().send(new PutCommand({ TableName: config().TABLE_NAME, Item: sweepEntity.toItem(record) }));
  },
  async runningBetween(fromUtc, toUtc) {
    const sweeps = await recordsBetween(sweepEntity, sweepEntity.partition("byType", {}), fromUtc, toUtc);
    return sweeps.filter((sweep) => sweep.status === "running");
  },
  abandon(sweep, reason, now) {
    return whenConditionHolds(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: config().TABLE_NAME,
          Key: sweepEntity.key({ id: sweep.id }),
          UpdateExpression: "SET #status = :failed, #error = :reason, updatedAt = :now",
          ConditionExpression: "#status = :running AND deadline = :deadline AND deadline < :now",
          ExpressionAttributeNames: { "#status": "status", "#error": "error" },
          ExpressionAttributeValues: {
            ":failed": "failed",
            ":running": "running",
            ":reason": reason,
            ":deadline": sweep.deadline ?? "",
            ":now": now.toISOString(),
          },
        }),
      ),
    );
  },
};

const digestEntity = defineEntity({
  type: "DIGEST",
  version: 2,
  schema: z.object({
    key: z.string(),
    status: z.enum(["sending", "sent", "failed"]),
    claimToken: z.optional(z.string()),
    leaseUntil: z.optional(instantSchema),
  }),
  primary: ["key"],
});

export type DigestClaim =
  | { claimed: true; token: string }
  | { claimed: false; status: "sent" }
  /** another run holds the digest until `leaseUntil` */
  | { claimed: false; status: "sending"; leaseUntil: string };

/**
 * The outbox that makes digests idempotent. A run claims a digest before sending it: the claim is
 * a lease, so a run that crashed mid-send blocks that digest only until its lease ends, and the
 * next run takes it over. A sent digest is never claimed again.
 */
export type DigestOutbox = {
  claim(key: string, token: string, now: Date, leaseUntil: Date): Promise<DigestClaim>;
  markSent(key: string, messageId: string, now: Date): Promise<void>;
  /** Gives a claim up after a failed send, so the next run retries at once; only the holder's claim. */
  release(key: string, token: string, now: Date): Promise<void>;
};

export const digestOutbox: DigestOutbox = {
  async claim(key, token, now, leaseUntil) {
    const claimed = await whenConditionHolds(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: config().TABLE_NAME,
          Key: digestEntity.key({ key }),
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
            ":entity": digestEntity.type,
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
        Key: digestEntity.key({ key }),
        ConsistentRead: true,
      }),
    );
    const current = item ? digestEntity.fromItem(item) : undefined;
    if (current?.status === "sent") return { claimed: false, status: "sent" };
    // Lost to a claim that has since been released or has expired: the caller asks again.
    return { claimed: false, status: "sending", leaseUntil: current?.leaseUntil ?? now.toISOString() };
  },

  async markSent(key, messageId, now) {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().TABLE_NAME,
        Key: digestEntity.key({ key }),
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
          Key: digestEntity.key({ key }),
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
