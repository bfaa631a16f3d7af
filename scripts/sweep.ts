/**
 * `npm run sweep -- [--window 2026-W48] [--dry-run]`: one sweep against the running local stack
 * (`npm start`), using the same ports and the same clock: one moved with /dev/clock is read from
 * the server, so the default window and the records' timestamps are those the API would use.
 * Prints the sweep record as JSON; exits 1 unless it completed.
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import * as z from "zod/mini";
import { type ClockState, clockStateSchema, setSystemClock } from "../shared/platform/clock.ts";
import { isoWeekSchema } from "../shared/platform/common.ts";
import { localDynamoClient } from "./local/dynamodb.ts";
import { applyLocalEnvironment, portsFromEnv } from "./local/env.ts";

const usage = "Usage: npm run sweep -- [--window 2026-W48] [--dry-run]";

const fail = (message: string, code = 2): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const parsed = (() => {
  try {
    return parseArgs({
      options: {
        window: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
})();

if (parsed.help) {
  process.stdout.write(
    `${usage}\n\nWithout --window, sweeps the ISO week before the local stack's clock (GET /v1/health) in TIME_ZONE.\n`,
  );
  process.exit(0);
}
if (parsed.window !== undefined && !isoWeekSchema.safeParse(parsed.window).success) {
  fail(`--window must be an ISO week such as 2026-W48, not "${parsed.window}"`);
}

const { port, dynamodbPort, sesPort } = portsFromEnv();
const apiEndpoint = `http://127.0.0.1:${port}`;
const dynamodbEndpoint = `http://127.0.0.1:${dynamodbPort}`;
const sesEndpoint = `http://127.0.0.1:${sesPort}`;

const reachable = async (probe: () => Promise<unknown>): Promise<boolean> =>
  probe().then(
    () => true,
    () => false,
  );

const client = localDynamoClient(dynamodbEndpoint);
const dynamoUp = await reachable(() => client.send(new ListTablesCommand({ Limit: 1 })));
client.destroy();
if (!dynamoUp) fail(`No DynamoDB Local at ${dynamodbEndpoint}. Start the local stack first: npm start`);
if (!parsed["dry-run"] && !(await reachable(() => fetch(`${sesEndpoint}/store`)))) {
  fail(`No SES emulator at ${sesEndpoint}. Start the local stack first: npm start`);
}

const healthSchema = z.object({ clock: clockStateSchema });

/**
 * The running server's clock, from its public health answer: the sweep's window and timestamps
 * must be those the API uses, also while /dev/clock has moved it.
 */
const serverClock = async (): Promise<ClockState> => {
  const url = `${apiEndpoint}/v1/health`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    return fail(`No local API at ${apiEndpoint}. Start the local stack first: npm start`);
  }
  const parsed = healthSchema.safeParse(await response.json().catch(() => undefined));
  return parsed.success
    ? parsed.data.clock
    : fail(`${url} did not name its clock: is PORT the local API's port?`);
};

const clock = await serverClock();
if (clock.source === "set") {
  // From the server's instant on, as the server's clock runs on: the request's milliseconds do not matter.
  setSystemClock(new Date(clock.now));
  process.stderr.write(`The local stack's clock is set (POST /dev/clock): sweeping as of ${clock.now}\n`);
}

applyLocalEnvironment({ dynamodbEndpoint, sesEndpoint, lambdaEndpoint: apiEndpoint });
// stdout carries the sweep record as JSON for piping, so routine logs are kept off it.
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";

/** userInfo() throws where the uid has no passwd entry (some containers). */
const currentUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
};

const [{ makeSweepRunner }, { awsSweepRunDeps }] = await Promise.all([
  import("../shared/sweeps/run.ts"),
  import("../shared/sweeps/runner-deps.ts"),
]);
try {
  const record = await makeSweepRunner(awsSweepRunDeps()).run({
    window: parsed.window,
    dryRun: parsed["dry-run"],
    trigger: "cli",
    createdBy: `cli:${currentUser()}`,
  });
  process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  process.exit(record.status === "completed" ? 0 : 1);
} catch (error) {
  fail(`sweep failed: ${error instanceof Error ? error.message : String(error)}`, 1);
}
