import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../platform/config.ts";
import { dynamo } from "../platform/store/client.ts";
import { defineEntity } from "../platform/store/entity.ts";
import {
  getRecord,
  type Page,
  queryPage,
  recordsBetween,
  whenConditionHolds,
} from "../platform/store/store.ts";
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
  /** Every sweep run, newest first. */
  list(limit: number, cursor?: string): Promise<Page<SweepRecord>>;
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
  list: (limit, cursor) =>
    queryPage(sweepEntity, {
      partition: sweepEntity.partition("byType", {}),
      limit,
      cursor,
      newestFirst: true,
    }),
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
