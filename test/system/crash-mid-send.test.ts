/**
 * The whole stack killed with SIGKILL while the sweep runner waits on SES for a digest, then
 * started again on the data it left: the next run must send every digest exactly once, and the
 * killed run's sweep must end up `failed`, not `running` forever.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, it } from "vitest";
import { localDynamoClient } from "../../scripts/local/dynamodb.ts";
import { assertPortFree, findFreePort } from "../../scripts/local/ports.ts";
import { listEmails } from "../../scripts/local/ses.ts";
import { type Reply, waitFor } from "./client.ts";
import { dayOf, heldMeeting, lastWeek } from "./support/meetings.ts";

const script = join(import.meta.dirname, "support", "crashable-stack.ts");
const RUNNER_TIMEOUT_SECONDS = 75;

type Running = { child: ChildProcess; apiUrl: string; sesUrl: string; dynamodbEndpoint: string };

const started: ChildProcess[] = [];

/** Starts the stack in a process group of its own, so one signal takes all of it down. */
const startStack = (env: Record<string, string>): Promise<Running> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env, SWEEP_RUNNER_TIMEOUT_SECONDS: String(RUNNER_TIMEOUT_SECONDS) },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    started.push(child);
    let errors = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    child.once("exit", (code) =>
      reject(new Error(`the stack exited (${code}) before it was ready: ${errors}`)),
    );
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    lines.on("line", (line) => {
      if (!line.startsWith('{"apiUrl"')) return;
      resolve({ child, ...(JSON.parse(line) as Omit<Running, "child">) });
    });
  });

const killGroup = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    process.kill(-child.pid, "SIGKILL");
  });

afterAll(async () => {
  await Promise.all(started.map(killGroup));
});

describe("a crash in the middle of sending a digest", () => {
  it("sends each digest once after a restart on the same data, and marks the killed sweep failed", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "burden-watch-crash-"));
    const env = {
      PORT: String(await findFreePort()),
      DYNAMODB_PORT: String(await findFreePort()),
      SES_PORT: String(await findFreePort()),
      DATA_DIR: dataDir,
      TABLE_NAME: "burden-watch",
    };
    try {
      let stack = await startStack({ ...env, STALL_SES: "1" });
      const call = async (method: string, path: string, token?: string, body?: unknown) => {
        const response = await fetch(`${stack.apiUrl}${path}`, {
          method,
          headers: {
            "content-type": "application/json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, body: (await response.json()) as Reply["body"] };
      };
      const token = async (role: string, unit: string) =>
        String((await call("POST", "/dev/token", undefined, { role, unit })).body.token);

      const village = await token("grassroots", "village-1");
      for (const [unit, day] of [
        ["dept-education", 1],
        ["dept-health", 2],
      ] as const) {
        const reply = await call("POST", "/v1/events", village, heldMeeting(unit, dayOf(lastWeek, day)));
        assert.equal(reply.status, 201);
      }
      const supervisor = await token("supervisor", "supervision-office");
      const crashed = await call("POST", "/v1/sweeps", supervisor, { window: lastWeek.label });
      assert.equal(crashed.status, 202);

      // The runner claims the first digest and waits on the stalled SES: kill everything then.
      const dynamo = localDynamoClient(stack.dynamodbEndpoint);
      await waitFor(async () => {
        const scan = await dynamo.send(
          new ScanCommand({
            TableName: env.TABLE_NAME,
            FilterExpression: "entity = :digest AND #status = :sending",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":digest": { S: "OUTBOX" }, ":sending": { S: "sending" } },
          }),
        );
        return (scan.Items ?? []).length > 0 ? true : undefined;
      }, "a digest being sent");
      dynamo.destroy();
      const killedAt = Date.now();
      await killGroup(stack.child);
      // The group's processes die a moment after the signal; their ports are reused below.
      for (const name of ["PORT", "DYNAMODB_PORT", "SES_PORT"] as const) {
        await waitFor(
          () =>
            assertPortFree(Number(env[name]), name, name).then(
              () => true,
              () => undefined,
            ),
          `${name} to be released`,
        );
      }

      stack = await startStack(env);
      const again = await token("supervisor", "supervision-office");
      const rerun = await call("POST", "/v1/sweeps", again, { window: lastWeek.label });
      assert.equal(rerun.status, 202);
      const finished = await waitFor(
        async () => {
          const reply = await call("GET", `/v1/sweeps/${rerun.body.id}`, again);
          return reply.body.status === "running" ? undefined : reply.body;
        },
        "the re-run to finish",
        90_000,
      );
      assert.equal(finished.status, "completed", String(finished.error));
      // Both digests (the killed run's claim waited out) and the city-wide summary.
      assert.equal(finished.counts.emailsSent, 3);
      assert.ok(Date.now() - killedAt >= 25_000, "the killed run's claim was waited out, not ignored");
      const emails = await listEmails(stack.sesUrl);
      assert.deepEqual(emails.map((email) => email.destination.to[0]).sort(), [
        "education@demo.city.gov.cn",
        "health@demo.city.gov.cn",
        "supervision@demo.city.gov.cn",
      ]);

      const abandoned = await waitFor(
        async () => {
          const reply = await call("GET", `/v1/sweeps/${crashed.body.id}`, again);
          return reply.body.status === "running" ? undefined : reply.body;
        },
        "the killed sweep to be marked failed",
        (RUNNER_TIMEOUT_SECONDS + 20) * 1000,
      );
      assert.equal(abandoned.status, "failed");
      assert.match(String(abandoned.error), /runner stopped before finishing/);
    } finally {
      await Promise.all(started.map(killGroup));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
