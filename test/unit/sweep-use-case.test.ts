import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { BusinessRuleError, NotFoundError, ValidationError } from "../../shared/platform/errors.ts";
import { windowOfWeek } from "../../shared/platform/time.ts";
import { newSweep, resolveWindow } from "../../shared/sweeps/new-sweep.ts";
import { makeSweepRunner } from "../../shared/sweeps/run.ts";
import { makeSweepUseCases } from "../../shared/sweeps/use-cases.ts";
import { fixedClock, memorySweepRunDeps, memorySweeps, sequentialIds } from "../fakes/memory.ts";
import { caller } from "../fakes/records.ts";

const timeZone = "Asia/Shanghai";
/** Tuesday 8 December 2026, 09:00 in Shanghai: inside 2026-W50. */
const NOW = "2026-12-08T01:00:00.000Z";

const runnerFakes = () => {
  const fakes = memorySweepRunDeps({ now: NOW });
  return { ...fakes, runner: makeSweepRunner(fakes) };
};

const apiFakes = (launch: (id: string) => Promise<void> = async () => {}) => {
  const sweeps = memorySweeps();
  const launched: string[] = [];
  const clock = fixedClock(NOW);
  const useCases = makeSweepUseCases({
    sweeps,
    clock,
    ids: sequentialIds("S"),
    timeZone,
    runnerTimeoutSeconds: 300,
    launch: async (id) => {
      launched.push(id);
      await launch(id);
    },
  });
  return { sweeps, launched, clock, useCases };
};

const refusal = (run: () => unknown, type: typeof BusinessRuleError | typeof ValidationError, code: string) =>
  assert.throws(run, (error) => {
    assert.ok(error instanceof type, String(error));
    assert.equal(error.code, code);
    assert.deepEqual(
      error.details.map((detail) => detail.path),
      ["window"],
    );
    return true;
  });

describe("the sweep runner", () => {
  it("counts the default window back from the scheduled instant, not from when it runs", async () => {
    const deps = runnerFakes();
    const sweep = await deps.runner.run({
      dryRun: false,
      trigger: "schedule",
      createdBy: "schedule",
      asOf: new Date("2026-11-30T00:00:00Z"),
    });
    assert.equal(sweep.window, "2026-W48");
    assert.equal(sweep.status, "completed");
    assert.deepEqual(deps.facts.daysRead, [
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
    const deps = runnerFakes();
    const sweep = await deps.runner.run({ dryRun: true, trigger: "cli", createdBy: "cli" });
    assert.equal(sweep.window, "2026-W49");
    assert.equal(sweep.createdBy, "cli");
    assert.deepEqual(
      deps.sweeps.saved.map((record) => record.status),
      ["running", "completed"],
    );
  });

  it("refuses a named week that has not ended, before recording anything", async () => {
    const deps = runnerFakes();
    await assert.rejects(
      deps.runner.run({ window: "2026-W50", dryRun: false, trigger: "cli", createdBy: "cli" }),
      (error) => error instanceof BusinessRuleError && error.code === "WINDOW_NOT_ENDED",
    );
    assert.equal(deps.sweeps.saved.length, 0);
  });
});

describe("resolveWindow", () => {
  const now = new Date(NOW);

  it("refuses a week that has not ended yet with 422 WINDOW_NOT_ENDED", () => {
    refusal(() => resolveWindow("2026-W50", now, timeZone), BusinessRuleError, "WINDOW_NOT_ENDED");
    refusal(() => resolveWindow("2027-W10", now, timeZone), BusinessRuleError, "WINDOW_NOT_ENDED");
    assert.throws(
      () => resolveWindow("2026-W50", now, timeZone),
      (error) =>
        error instanceof BusinessRuleError &&
        error.status === 422 &&
        error.details[0]?.message ===
          "window must be a week that has ended; 2026-W50 ends 2026-12-13T16:00:00.000Z",
    );
  });

  it("accepts a week that has ended", () => {
    const window = resolveWindow("2026-W49", now, timeZone);
    assert.equal(window.label, "2026-W49");
    assert.equal(window.firstDay, "2026-11-30");
    assert.equal(window.endUtc, "2026-12-06T16:00:00.000Z");
  });

  it("counts a week as ended from the first instant of the next one, in the deployment's zone", () => {
    const { endUtc } = windowOfWeek("2026-W49", timeZone);
    assert.equal(resolveWindow("2026-W49", new Date(endUtc), timeZone).label, "2026-W49");
    refusal(
      () => resolveWindow("2026-W49", new Date(Date.parse(endUtc) - 1), timeZone),
      BusinessRuleError,
      "WINDOW_NOT_ENDED",
    );
    // Sunday 23:00 UTC is Monday already in Shanghai, but not in UTC.
    const sundayNight = new Date("2026-12-06T23:00:00Z");
    assert.equal(resolveWindow("2026-W49", sundayNight, timeZone).label, "2026-W49");
    refusal(() => resolveWindow("2026-W49", sundayNight, "UTC"), BusinessRuleError, "WINDOW_NOT_ENDED");
  });

  it("refuses a week that does not exist as a validation error at window", () => {
    refusal(() => resolveWindow("2025-W53", now, timeZone), ValidationError, "VALIDATION_FAILED");
  });

  it("takes the previous week when none is named", () => {
    assert.equal(resolveWindow(undefined, now, timeZone).label, "2026-W49");
  });

  it("records a new sweep as running with every count at zero", () => {
    const sweep = newSweep(
      "S1",
      windowOfWeek("2026-W49", timeZone),
      { dryRun: true, trigger: "api", createdBy: "super" },
      now,
      300,
    );
    assert.deepEqual(sweep, {
      id: "S1",
      window: "2026-W49",
      windowStartUtc: "2026-11-29T16:00:00.000Z",
      windowEndUtc: "2026-12-06T16:00:00.000Z",
      dryRun: true,
      status: "running",
      trigger: "api",
      createdBy: "super",
      counts: {
        factsRead: 0,
        newViolations: 0,
        openViolations: 0,
        emailsSent: 0,
        emailsFailed: 0,
        subjectsFailed: 0,
      },
      deadline: "2026-12-08T01:05:00.000Z",
      createdAt: NOW,
      updatedAt: NOW,
    });
  });
});

describe("starting a sweep from the API", () => {
  it("records the sweep as running, hands it to the runner and answers at once", async () => {
    const { sweeps, launched, useCases } = apiFakes();
    const sweep = await useCases.start(caller("supervisor"), { window: "2026-W48", dryRun: true });
    assert.equal(sweep.status, "running");
    assert.equal(sweep.trigger, "api");
    assert.equal(sweep.createdBy, "super");
    assert.equal(sweep.dryRun, true);
    assert.deepEqual(launched, [sweep.id]);
    assert.deepEqual(sweeps.saved, [sweep]);
    assert.deepEqual(await useCases.get(sweep.id), sweep);
  });

  it("reports and records a running sweep past its runner's deadline as failed", async () => {
    const clock = fixedClock(NOW);
    const sweeps = memorySweeps();
    const useCases = makeSweepUseCases({
      sweeps,
      clock,
      ids: sequentialIds("S"),
      timeZone,
      runnerTimeoutSeconds: 300,
      launch: async () => {},
    });
    const sweep = await useCases.start(caller("supervisor"), { window: "2026-W48", dryRun: false });
    clock.set("2026-12-08T01:04:59.000Z");
    assert.equal((await useCases.get(sweep.id)).status, "running");
    clock.set("2026-12-08T01:05:01.000Z");
    const abandoned = await useCases.get(sweep.id);
    assert.equal(abandoned.status, "failed");
    assert.match(abandoned.error ?? "", /runner stopped before finishing/);
    assert.equal(sweeps.saved.at(-1)?.status, "failed");
  });

  it("sweeps the previous week when none is named", async () => {
    const { useCases } = apiFakes();
    assert.equal((await useCases.start(caller("admin"), { dryRun: false })).window, "2026-W49");
  });

  it("refuses a week not yet ended and neither records nor launches anything", async () => {
    const { sweeps, launched, useCases } = apiFakes();
    await assert.rejects(
      useCases.start(caller("supervisor"), { window: "2026-W50", dryRun: false }),
      (error) => {
        assert.ok(error instanceof BusinessRuleError);
        assert.equal(error.status, 422);
        assert.equal(error.code, "WINDOW_NOT_ENDED");
        return true;
      },
    );
    assert.equal(sweeps.saved.length, 0);
    assert.equal(launched.length, 0);
  });

  it("records a sweep that could not be launched as failed, not running", async () => {
    const { sweeps, useCases } = apiFakes(async () => {
      throw new Error("Lambda unavailable");
    });
    await assert.rejects(
      useCases.start(caller("supervisor"), { window: "2026-W48", dryRun: false }),
      /Lambda unavailable/,
    );
    assert.deepEqual(
      sweeps.saved.map((record) => record.status),
      ["running", "failed"],
    );
    assert.match(sweeps.saved[1]?.error ?? "", /could not be started/);
  });

  it("answers an unknown sweep as not found", async () => {
    const { useCases } = apiFakes();
    await assert.rejects(useCases.get("S404"), NotFoundError);
  });
});

describe("listing sweeps", () => {
  it("lists the runs newest first, each as its latest record", async () => {
    const { sweeps, clock, useCases } = apiFakes();
    const first = await useCases.start(caller("supervisor"), { window: "2026-W48", dryRun: false });
    await sweeps.save({ ...first, status: "completed" });
    clock.set("2026-12-08T01:01:00.000Z");
    const second = await useCases.start(caller("admin"), { dryRun: true });
    const page = await useCases.list({ limit: 25 });
    assert.deepEqual(
      page.items.map((sweep) => [sweep.id, sweep.status]),
      [
        [second.id, "running"],
        [first.id, "completed"],
      ],
    );
    assert.deepEqual(
      (await useCases.list({ limit: 1 })).items.map((sweep) => sweep.id),
      [second.id],
    );
  });

  it("reports and records a run past its runner's deadline as failed, as reading it does", async () => {
    const { sweeps, clock, useCases } = apiFakes();
    const sweep = await useCases.start(caller("supervisor"), { window: "2026-W48", dryRun: false });
    clock.set("2026-12-08T01:05:01.000Z");
    const [listed] = (await useCases.list({ limit: 25 })).items;
    assert.equal(listed?.id, sweep.id);
    assert.equal(listed?.status, "failed");
    assert.match(listed?.error ?? "", /runner stopped before finishing/);
    assert.equal(sweeps.saved.at(-1)?.status, "failed");
  });
});
