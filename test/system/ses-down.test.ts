/**
 * SES down while the weekly sweep runs, in a file of its own: the SES client is per process, and
 * this test stops and restarts its own emulator under it.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, inject, it } from "vitest";
import { buildContext } from "../../scripts/local/event.ts";
import { findFreePort } from "../../scripts/local/ports.ts";
import { listEmails, startSes } from "../../scripts/local/ses.ts";
import { startLocalStack, throwawayStack } from "../../scripts/local/stack.ts";
import { dayOf, heldMeeting, lastWeek } from "./support/meetings.ts";

describe("SES down", () => {
  it("fails the runner's invocation after recording the sweep; the retry sends only what is missing", async () => {
    const sesPort = await findFreePort();
    let ses = await startSes({ port: sesPort });
    const stack = await startLocalStack({
      ...throwawayStack,
      emulators: { dynamodbEndpoint: inject("dynamodbEndpoint"), sesUrl: ses.url },
      tableName: `burden-watch-${randomUUID()}`,
    });
    try {
      const token = async (role: string, unit: string) => {
        const reply = await fetch(`${stack.apiUrl}/dev/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ role, unit }),
        });
        return ((await reply.json()) as { token: string }).token;
      };
      const village = await token("grassroots", "village-2");
      for (const [unit, day] of [
        ["dept-education", 1],
        ["dept-agriculture", 2],
      ] as const) {
        const reply = await fetch(`${stack.apiUrl}/v1/events`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${village}` },
          body: JSON.stringify(heldMeeting(unit, dayOf(lastWeek, day))),
        });
        assert.equal(reply.status, 201);
      }
      const { handler } = await import("../../functions/sweep-runner/handler.ts");
      const invoke = () =>
        handler(
          { scheduledTime: new Date().toISOString() },
          buildContext({
            functionName: "burden-watch-sweep-runner",
            requestId: randomUUID(),
            region: "us-east-1",
            startedAt: Date.now(),
            timeoutMs: 300_000,
          }),
        );

      await ses.stop();
      const failure = await invoke().then(
        () => assert.fail("the invocation must fail while SES is down"),
        (error: Error) => error,
      );
      assert.equal(failure.name, "SweepIncompleteError");
      const sweepId = /Sweep (\S+) of/.exec(failure.message)?.[1];
      const supervisor = await token("supervisor", "supervision-office");
      const recorded = (await (
        await fetch(`${stack.apiUrl}/v1/sweeps/${sweepId}`, {
          headers: { authorization: `Bearer ${supervisor}` },
        })
      ).json()) as { status: string; counts: { emailsFailed: number }; unsentDigests: object[] };
      assert.equal(recorded.status, "failed");
      assert.equal(recorded.counts.emailsFailed, 3);
      assert.deepEqual(
        [...recorded.unsentDigests].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
        [
          { unitId: "dept-agriculture", reason: "send_failed" },
          { unitId: "dept-education", reason: "send_failed" },
          { unitId: "supervision-office", reason: "send_failed" },
        ],
      );

      ses = await startSes({ port: sesPort });
      assert.equal((await invoke()).status, "completed");
      // Both digests and the city-wide summary.
      assert.equal((await listEmails(ses.url)).length, 3);
      await invoke();
      assert.equal((await listEmails(ses.url)).length, 3, "a further retry sends nothing again");
    } finally {
      await stack.stop();
      await ses.stop();
    }
  });
});
