/**
 * The runner function around the runner: it runs the recorded sweep, publishes the sweep's metrics
 * and fails the invocation when the sweep did not complete, so Lambda's and the scheduler's
 * retries, the dead-letter queue and the alarms see it.
 */
import assert from "node:assert/strict";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { afterEach, beforeEach, describe, it, vi } from "vitest";
import { logger } from "../../shared/platform/logger.ts";
import { memorySweepRunDeps } from "../fakes/memory.ts";
import { meetingFact, unitRecord } from "../fakes/records.ts";

const refusing = { to: "" };

const deps = memorySweepRunDeps({
  facts: [
    meetingFact({ id: "f1", convenerUnitId: "dept-a", heldAt: "2026-11-24T09:00:00+08:00" }),
    meetingFact({ id: "f2", convenerUnitId: "dept-b", heldAt: "2026-11-25T09:00:00+08:00" }),
  ],
  units: [
    unitRecord({ id: "dept-a", emails: ["a@city.gov"] }),
    unitRecord({ id: "dept-b", emails: ["b@city.gov"] }),
  ],
  refuse: (email) => email.to.includes(refusing.to),
  now: "2026-11-30T00:30:00.000Z",
});

vi.mock("../../shared/sweeps/runner-deps.ts", () => ({ awsSweepRunDeps: () => deps }));

const context = { getRemainingTimeInMillis: () => 300_000 } as unknown as Context;
const metricsAdded = vi.spyOn(Metrics.prototype, "addMetric");

beforeEach(() => {
  // The data points are checked where they are added; nothing is printed.
  vi.spyOn(Metrics.prototype, "publishStoredMetrics").mockImplementation(function (this: Metrics) {
    return this;
  });
  vi.spyOn(logger, "info").mockImplementation(() => {});
  vi.spyOn(logger, "error").mockImplementation(() => {});
  metricsAdded.mockClear();
});
afterEach(() => {
  refusing.to = "";
});

const published = () => Object.fromEntries(metricsAdded.mock.calls.map(([name, , value]) => [name, value]));

describe("the sweep runner function", () => {
  it("fails the invocation after recording a sweep that left a digest unsent, with its metrics", async () => {
    const { handler } = await import("../../functions/sweep-runner/handler.ts");
    refusing.to = "b@city.gov";
    await assert.rejects(
      handler({ scheduledTime: "2026-11-30T00:00:00Z" }, context),
      (error: Error) => error.name === "SweepIncompleteError" && /dept-b: send_failed/.test(error.message),
    );
    const recorded = deps.sweeps.saved.at(-1);
    assert.equal(recorded?.status, "failed");
    assert.deepEqual(published(), {
      ViolationsOpened: 2,
      DigestsSent: 1,
      DigestsFailed: 1,
      SubjectsFailed: 0,
    });
  });

  it("returns the sweep when it completed; a retry of the same week sends only what was missing", async () => {
    const { handler } = await import("../../functions/sweep-runner/handler.ts");
    const result = await handler({ scheduledTime: "2026-11-30T00:00:00Z" }, context);
    assert.equal(result.status, "completed");
    assert.deepEqual(published(), {
      ViolationsOpened: 0,
      DigestsSent: 1,
      DigestsFailed: 0,
      SubjectsFailed: 0,
    });
    const mailer = deps.mailer;
    assert.deepEqual(mailer.sent.map((email) => email.to[0]).sort(), ["a@city.gov", "b@city.gov"]);
  });
});
