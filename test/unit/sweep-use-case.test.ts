import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { runSweep, type SweepRunDeps } from "../../shared/sweeps/run.ts";
import type { SweepRecord } from "../../shared/sweeps/schemas.ts";
import { startSweep } from "../../shared/sweeps/use-cases.ts";

const fakeDeps = (): SweepRunDeps & { saved: SweepRecord[]; daysRead: string[] } => {
  const saved: SweepRecord[] = [];
  const daysRead: string[] = [];
  return {
    saved,
    daysRead,
    sweeps: { get: async () => undefined, save: async (record) => void saved.push(record) },
    events: {
      create: async () => {},
      listByUnit: async () => ({ items: [], nextCursor: null }),
      listAll: async () => ({ items: [], nextCursor: null }),
      occurredOnUtcDay: async (day) => {
        daysRead.push(day);
        return [];
      },
    },
    requests: {
      get: async () => undefined,
      getWithAudit: async () => ({ record: undefined, audit: [] }),
      create: async () => {},
      transition: async () => {},
      listByUnit: async () => ({ items: [], nextCursor: null }),
      listAll: async () => ({ items: [], nextCursor: null }),
      startingOnUtcDay: async () => [],
      getMany: async () => [],
    },
    violations: {
      createIfAbsent: async () => true,
      getMany: async () => [],
      list: async () => ({ items: [], nextCursor: null }),
    },
    units: {
      get: async () => undefined,
      list: async () => ({ items: [], nextCursor: null }),
      create: async () => {},
      replace: async () => {},
    },
    outbox: { claim: async () => true, markSent: async () => {}, markFailed: async () => {} },
    mailer: { send: async () => "id" },
    now: () => new Date("2026-12-08T01:00:00Z"),
  };
};

describe("runSweep", () => {
  it("counts the default window back from the scheduled instant, not from when it runs", async () => {
    const deps = fakeDeps();
    const sweep = await runSweep(
      { dryRun: false, trigger: "schedule", startedBy: "schedule", asOf: new Date("2026-11-30T00:00:00Z") },
      deps,
    );
    assert.equal(sweep.window, "2026-W48");
    assert.equal(sweep.status, "completed");
    assert.deepEqual(deps.daysRead, [
      "2026-11-22",
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
  });

  it("uses the week before now when no instant is given, and records running then completed", async () => {
    const deps = fakeDeps();
    const sweep = await runSweep({ dryRun: true, trigger: "cli", startedBy: "cli" }, deps);
    assert.equal(sweep.window, "2026-W49");
    assert.deepEqual(
      deps.saved.map((record) => record.status),
      ["running", "completed"],
    );
  });
});

describe("startSweep", () => {
  it("records a sweep that could not be launched as failed, not running", async () => {
    const deps = fakeDeps();
    const caller = { sub: "s", roles: ["supervisor" as const], unitId: undefined };
    const failing = {
      sweeps: deps.sweeps,
      now: deps.now,
      launch: async () => {
        throw new Error("Lambda unavailable");
      },
    };
    await assert.rejects(
      startSweep(caller, { window: "2026-W48", dryRun: false }, failing),
      /Lambda unavailable/,
    );
    assert.deepEqual(
      deps.saved.map((record) => record.status),
      ["running", "failed"],
    );
  });
});
