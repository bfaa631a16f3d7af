import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { clockState } from "../platform/clock.ts";
import { config } from "../platform/config.ts";
import { dynamo } from "../platform/store/client.ts";

/** Health answers within a second even when the database hangs: that is what "degraded" is for. */
const HEALTH_BUDGET_MS = 800;

/**
 * Health reads one key that never exists: it proves the table answers without touching data. It
 * also names the clock the use cases read, so a moved local clock (POST /dev/clock) is never a
 * surprise.
 */
export const checkHealth = async () => {
  const probe = new GetCommand({ TableName: config().TABLE_NAME, Key: { pk: "HEALTH", sk: "HEALTH" } });
  const dynamodb = await dynamo()
    .send(probe, { abortSignal: AbortSignal.timeout(HEALTH_BUDGET_MS) })
    .then(
      () => "ok" as const,
      () => "unavailable" as const,
    );
  return {
    status: dynamodb === "ok" ? ("ok" as const) : ("degraded" as const),
    dependencies: { dynamodb },
    clock: clockState(),
  };
};
