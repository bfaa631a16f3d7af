/**
 * `npm start`: the whole system on this machine. Prints where everything is and a ready token per
 * demo role, then runs until Ctrl-C, taking every child process down with it.
 */
import { parseArgs } from "node:util";
import { type LocalStack, startLocalStack } from "./stack.ts";

const { values } = parseArgs({
  options: {
    "in-memory": { type: "boolean", default: false },
    "no-seed": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(
    "Usage: npm start [-- [--in-memory] [--no-seed]]\n\n" +
      "  --in-memory   keep nothing on disk (database, signing key); a clean city every start\n" +
      "  --no-seed     write no demo city: a new table stays empty, for scripts and tests that set up\n" +
      "                their own city (the printed tokens name demo units that do not exist then)\n\n" +
      "Ports: PORT (3000), DYNAMODB_PORT (8000), SES_PORT (8005). Data: .local/ at the repository root.\n",
  );
  process.exit(0);
}

const timestamp = () => new Date().toISOString().slice(11, 19);
const log = (line: string) => process.stdout.write(`${timestamp()} ${line}\n`);

const describeNextSweep = (next: Date | undefined): string => {
  if (!next) return "not scheduled";
  const timeZone = process.env.TIME_ZONE ?? "Asia/Shanghai";
  const local = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    dateStyle: "short",
    timeStyle: "short",
    hourCycle: "h23",
  }).format(next);
  return `next ${local} ${timeZone}`;
};

const printBanner = (stack: LocalStack, inMemory: boolean, seed: boolean) => {
  const lines = [
    "",
    `burden-watch is running${inMemory ? " (in memory: nothing is kept)" : ""}`,
    ...(seed
      ? []
      : [
          "No demo city (--no-seed): nothing was seeded, the table holds only what you create.",
          "The tokens below name the demo units, which do not exist until you create them.",
        ]),
    "",
    `  API             ${stack.apiUrl}   (try ${stack.apiUrl}/v1/health)`,
    `  Emails (SES)    ${stack.sesUrl}   (every email sent, as a web page)`,
    `  DynamoDB Local  ${stack.dynamodbEndpoint}   (table ${stack.tableName})`,
    `  Weekly sweep    ${describeNextSweep(stack.nextScheduledSweep())}   (or now: npm run sweep)`,
    '  Clock           real time   (move it: POST /dev/clock {"now"}, see docs/local-clock.md)',
    "",
    'Tokens (valid 12 h; more from POST /dev/token {"role","unit"}):',
  ];
  for (const token of stack.tokens ?? []) {
    lines.push(
      `  ${token.role.padEnd(10)} ${token.unit}: curl -H "Authorization: Bearer ${token.token}" ${stack.apiUrl}/v1/units`,
    );
  }
  lines.push("", "Press Ctrl-C to stop.", "");
  process.stdout.write(`${lines.join("\n")}\n`);
};

const inMemory = values["in-memory"];
const seed = !values["no-seed"];
let stack: LocalStack | undefined;
let shuttingDown = false;

const shutdown = async (signal: string) => {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`${signal}: stopping`);
  // A second Ctrl-C while stopping means "now": exit and let the exit hook kill the children.
  process.once("SIGINT", () => process.exit(130));
  await stack?.stop();
  process.exit(0);
};

process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGHUP", () => void shutdown("SIGHUP"));

try {
  log("starting DynamoDB Local and the SES emulator...");
  stack = await startLocalStack({ inMemory, seed, log });
  if (shuttingDown) await stack.stop();
  else printBanner(stack, inMemory, seed);
} catch (error) {
  process.stderr.write(
    `\nburden-watch could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
