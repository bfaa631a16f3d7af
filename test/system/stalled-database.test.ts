import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { startLocalStack, throwawayStack } from "../../scripts/local/stack.ts";

/**
 * Runs on a DynamoDB Local of its own (paused with SIGSTOP), in a file of its own: the handlers'
 * database client is per process, and the other files' database must keep answering.
 */
describe("a stalled database", () => {
  it("fails calls fast with 503 and Retry-After, and health says degraded within a second", async () => {
    const stack = await startLocalStack(throwawayStack);
    const pid = stack.dynamodbPid;
    assert.ok(pid, "the stack started its own DynamoDB Local");
    try {
      const tokenReply = await fetch(`${stack.apiUrl}/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "admin", unit: "city-office" }),
      });
      const { token } = (await tokenReply.json()) as { token: string };
      const get = (path: string) =>
        fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await get("/v1/units")).status, 200);

      process.kill(pid, "SIGSTOP");
      try {
        let started = performance.now();
        const health = await get("/v1/health");
        const healthMs = performance.now() - started;
        assert.equal(health.status, 200);
        assert.equal(((await health.json()) as { status: string }).status, "degraded");
        assert.ok(healthMs < 1_500, `health answered in ${Math.round(healthMs)} ms`);

        started = performance.now();
        const units = await get("/v1/units");
        const unitsMs = performance.now() - started;
        assert.equal(units.status, 503);
        assert.ok(Number(units.headers.get("retry-after")) > 0);
        assert.equal(
          ((await units.json()) as { error: { code: string } }).error.code,
          "DEPENDENCY_UNAVAILABLE",
        );
        assert.ok(unitsMs < 10_000, `a stalled call failed after ${Math.round(unitsMs)} ms`);
      } finally {
        process.kill(pid, "SIGCONT");
      }
      assert.equal((await get("/v1/units")).status, 200);
    } finally {
      await stack.stop();
    }
  });
});
