import assert from "node:assert/strict";
import { afterEach, describe, it, vi } from "vitest";
import type { FactRecord } from "../../shared/facts/schemas.ts";
import { NotFoundError } from "../../shared/platform/errors.ts";
import { logger } from "../../shared/platform/logger.ts";
import { windowOfWeek } from "../../shared/platform/time.ts";
import type { RequestRecord } from "../../shared/requests/schemas.ts";
import { newSweep } from "../../shared/sweeps/new-sweep.ts";
import type { SweepInputs, SweepRule } from "../../shared/sweeps/rules/rule.ts";
import { DIGEST_LEASE_MS, makeSweepRunner, type SweepRunDeps } from "../../shared/sweeps/run.ts";
import type { ViolationRecord } from "../../shared/violations/schemas.ts";
import { memorySweepRunDeps, recordingCalls } from "../fakes/memory.ts";
import { meetingFact, requestRecord, unitRecord, violationRecord } from "../fakes/records.ts";

const WEEK = "2026-W48";
const api = { dryRun: false, trigger: "api", createdBy: "supervisor-1" } as const;

/** Three unapproved meeting days in 2026-W48: dept-a twice (one day reported twice), dept-b once. */
const weekFacts = (): FactRecord[] => [
  meetingFact({ id: "f1", convenerUnitId: "dept-a", unitId: "dept-a", heldAt: "2026-11-24T09:00:00+08:00" }),
  meetingFact({
    id: "f2",
    convenerUnitId: "dept-a",
    unitId: "village-1",
    heldAt: "2026-11-24T09:00:00+08:00",
  }),
  meetingFact({ id: "f3", convenerUnitId: "dept-a", unitId: "dept-a", heldAt: "2026-11-26T15:00:00+08:00" }),
  meetingFact({ id: "f4", convenerUnitId: "dept-b", unitId: "dept-b", heldAt: "2026-11-27T10:00:00+08:00" }),
];

const weekUnits = () => [
  unitRecord({ id: "dept-a", name: "Department A", emails: ["a@city.gov"] }),
  unitRecord({ id: "dept-b", name: "Department B", emails: ["b@city.gov"] }),
];

type Options = {
  facts?: FactRecord[];
  requests?: RequestRecord[];
  violations?: ViolationRecord[];
  rules?: readonly SweepRule[];
  refuse?: (to: string[]) => boolean;
};

const setup = (options: Options = {}) => {
  const mailerRefuses = { check: options.refuse ?? (() => false) };
  const base = memorySweepRunDeps({
    facts: options.facts ?? weekFacts(),
    requests: options.requests ?? [],
    violations: options.violations ?? [],
    units: weekUnits(),
    refuse: (email) => mailerRefuses.check(email.to),
    now: "2026-11-30T00:30:00.000Z",
  });
  const fakes: SweepRunDeps &
    typeof base & {
      facts: ReturnType<typeof recordingCalls<typeof base.facts>>;
      requests: ReturnType<typeof recordingCalls<typeof base.requests>>;
    } = { ...base, facts: recordingCalls(base.facts), requests: recordingCalls(base.requests) };
  const runner = makeSweepRunner({ ...fakes, ...(options.rules ? { rules: options.rules } : {}) });
  const sweep = (dryRun = false) => runner.run({ window: WEEK, dryRun, trigger: "cli", createdBy: "cli" });
  return { ...fakes, runner, sweep, mailerRefuses };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("what a sweep reads", () => {
  it("reads only the inputs its rules declare: a rule of facts alone never touches requests", async () => {
    const seen: SweepInputs[] = [];
    const factsOnly: SweepRule = {
      code: "UNAPPROVED_MEETING",
      needs: ["facts"],
      evaluate: (inputs) => {
        seen.push(inputs);
        return [];
      },
    };
    const deps = setup({
      rules: [factsOnly],
      requests: [requestRecord({ startsAt: "2026-11-24T09:00:00+08:00" })],
    });
    const sweep = await deps.sweep();
    assert.deepEqual(deps.requests.calls, []);
    assert.equal(seen[0]?.facts.length, 4);
    assert.deepEqual(seen[0]?.requests, []);
    assert.equal(sweep.counts.factsRead, 4);
  });

  it("reads nothing at all for rules that need nothing", async () => {
    const nothing: SweepRule = { code: "UNAPPROVED_MEETING", needs: [], evaluate: () => [] };
    const deps = setup({ rules: [nothing] });
    await deps.sweep();
    assert.deepEqual(deps.facts.calls, []);
    assert.deepEqual(deps.requests.calls, []);
  });

  it("reads the window's byDay partitions, the month's visits and the approval queue, never a listing", async () => {
    const deps = setup();
    await deps.sweep();
    const counted = (calls: string[]) =>
      Object.fromEntries([...Map.groupBy(calls, (call) => call)].map(([call, all]) => [call, all.length]));
    // 2026-W48 runs from 23 to 29 November local time: eight UTC days, one month.
    assert.deepEqual(counted(deps.facts.calls), { happenedOnUtcDay: 8, visitsInMonth: 1 });
    assert.deepEqual(counted(deps.requests.calls), { happeningOnUtcDay: 8, waitingSince: 1 });
  });

  it("reads requests only by the window's days: one a report names on another day covers nothing", async () => {
    // Approved for the 10th, held on the 24th: naming it does not make the meeting approved.
    const moved = requestRecord({ id: "r-moved", status: "approved", startsAt: "2026-11-10T09:00:00+08:00" });
    const facts = [meetingFact({ id: "f1", requestId: "r-moved", heldAt: "2026-11-24T09:00:00+08:00" })];
    const deps = setup({ facts, requests: [moved] });
    const sweep = await deps.sweep();
    assert.equal(sweep.counts.newViolations, 1);
    assert.ok(!deps.requests.calls.includes("get"));
  });
});

describe("what a sweep writes and sends", () => {
  it("opens one violation per convener and day, and sends each unit one digest", async () => {
    const deps = setup();
    const sweep = await deps.sweep();
    assert.equal(sweep.status, "completed");
    assert.deepEqual(sweep.counts, {
      factsRead: 4,
      newViolations: 3,
      openViolations: 3,
      emailsSent: 2,
      emailsFailed: 0,
      subjectsFailed: 0,
    });
    assert.deepEqual([...deps.violations.records.keys()].sort(), [
      "UNAPPROVED_MEETING:dept-a:2026-11-24",
      "UNAPPROVED_MEETING:dept-a:2026-11-26",
      "UNAPPROVED_MEETING:dept-b:2026-11-27",
    ]);
    const opened = deps.violations.records.get("UNAPPROVED_MEETING:dept-a:2026-11-24");
    assert.equal(opened?.status, "open");
    assert.equal(opened?.window, WEEK);
    assert.equal(opened?.sweepId, sweep.id);
    assert.equal(opened?.createdBy, "cli");
    assert.deepEqual(opened?.evidence, { count: 2, factIds: ["f1", "f2"] });
    assert.deepEqual(deps.mailer.sent.map((email) => email.to).sort(), [["a@city.gov"], ["b@city.gov"]]);
    const toA = deps.mailer.sent.find((email) => email.to[0] === "a@city.gov");
    assert.match(toA?.subject ?? "", /week 48 of 2026: 2 new/);
    assert.equal(opened?.dueAt, "2026-12-14T00:30:00.000Z", "opened plus VIOLATION_DUE_DAYS");
  });

  it("opens nothing twice and sends nothing twice when run again", async () => {
    const deps = setup();
    await deps.sweep();
    const again = await deps.sweep();
    assert.equal(again.counts.newViolations, 0);
    assert.equal(again.counts.openViolations, 3);
    assert.equal(again.counts.emailsSent, 0);
    assert.equal(deps.mailer.sent.length, 2);
    assert.equal(deps.violations.records.size, 3);
  });

  it("counts and logs a digest that could not be sent, and a re-run sends only that one", async () => {
    const errors = vi.spyOn(logger, "error").mockImplementation(() => {});
    const deps = setup({ refuse: (to) => to.includes("b@city.gov") });
    const failed = await deps.sweep();
    assert.equal(failed.status, "failed");
    assert.equal(failed.counts.emailsSent, 1);
    assert.equal(failed.counts.emailsFailed, 1);
    assert.equal(failed.error, "1 digest(s) not sent (dept-b: send_failed); run the sweep again");
    assert.deepEqual(failed.unsentDigests, [{ unitId: "dept-b", reason: "send_failed" }]);
    assert.equal(errors.mock.calls.length, 1);
    const [message, details] = errors.mock.calls[0] ?? [];
    assert.equal(message, "digest not sent");
    assert.deepEqual(details, { unitId: "dept-b", sweepId: failed.id, cause: { name: "Error" } });
    assert.doesNotMatch(JSON.stringify(details), /@/, "no address reaches the log");
    assert.deepEqual([...deps.outbox.entries.values()].map((entry) => entry.status).sort(), [
      "failed",
      "sent",
    ]);
    assert.deepEqual(deps.sweeps.saved.at(-1), failed);

    deps.mailerRefuses.check = () => false;
    const retried = await deps.sweep();
    assert.equal(retried.status, "completed");
    assert.equal(retried.counts.emailsSent, 1);
    assert.deepEqual(
      deps.mailer.sent.map((email) => email.to[0]),
      ["a@city.gov", "b@city.gov"],
    );
  });

  it("logs and skips units that cannot receive a digest", async () => {
    const warnings = vi.spyOn(logger, "warn").mockImplementation(() => {});
    const facts = [
      meetingFact({ id: "f1", convenerUnitId: "dept-quiet", heldAt: "2026-11-24T09:00:00+08:00" }),
      meetingFact({ id: "f2", convenerUnitId: "dept-gone", heldAt: "2026-11-24T09:00:00+08:00" }),
    ];
    const deps = setup({ facts });
    await deps.units.create(unitRecord({ id: "dept-quiet", emails: [] }), {
      sub: "root",
      roles: ["admin"],
      unitId: undefined,
    });
    const sweep = await deps.sweep();
    assert.equal(sweep.status, "completed");
    assert.equal(sweep.counts.newViolations, 2);
    assert.equal(sweep.counts.emailsSent, 0);
    assert.deepEqual(
      warnings.mock.calls
        .filter(([message]) => message === "no digest address for unit")
        .map(([message, details]) => [message, (details as { unitId: string }).unitId])
        .sort(),
      [
        ["no digest address for unit", "dept-gone"],
        ["no digest address for unit", "dept-quiet"],
      ],
    );
  });

  const admin = { sub: "root", roles: ["admin" as const], unitId: undefined };

  it("sends the Supervision Office one city-wide summary per window, naming the units no digest reached", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => {});
    const facts = [
      ...weekFacts(),
      meetingFact({ id: "f9", convenerUnitId: "dept-quiet", heldAt: "2026-11-25T09:00:00+08:00" }),
    ];
    const deps = setup({ facts });
    await deps.units.create(
      unitRecord({
        id: "supervision-office",
        name: "Supervision Office",
        kind: "office",
        emails: ["s@city.gov"],
      }),
      admin,
    );
    await deps.units.create(unitRecord({ id: "dept-quiet", name: "Quiet Bureau", emails: [] }), admin);
    const first = await deps.sweep();
    assert.equal(first.counts.emailsSent, 3);
    const summary = deps.mailer.sent.find((email) => email.to[0] === "s@city.gov");
    assert.match(summary?.text ?? "", /Quiet Bureau/);
    assert.match(summary?.text ?? "", /Department A/);
    const again = await deps.sweep();
    assert.equal(again.counts.emailsSent, 0);
  });

  it("follows up what is still unresolved from earlier weeks, and sends a window's digest once whatever changed", async () => {
    const earlier = violationRecord({
      id: "UNAPPROVED_MEETING:dept-a:2026-11-10",
      summary: "Autumn harvest briefing",
      occurredOn: "2026-11-10",
      window: "2026-W46",
      dueAt: "2026-11-24T00:00:00.000Z",
    });
    const deps = setup({ violations: [earlier] });
    await deps.sweep();
    const toA = deps.mailer.sent.find((email) => email.to[0] === "a@city.gov");
    assert.match(toA?.text ?? "", /Autumn harvest briefing/);
    deps.violations.records.set(earlier.id, { ...earlier, status: "rectified" });
    const again = await deps.sweep();
    assert.equal(again.counts.emailsSent, 0);
  });

  it("leaves resolved violations out of the digest", async () => {
    const rectified = violationRecord({
      id: "UNAPPROVED_MEETING:dept-b:2026-11-27",
      unitId: "dept-b",
      status: "rectified",
    });
    const responded = violationRecord({ id: "UNAPPROVED_MEETING:dept-a:2026-11-24", status: "responded" });
    const deps = setup({ violations: [rectified, responded] });
    const sweep = await deps.sweep();
    assert.equal(sweep.counts.newViolations, 1);
    assert.equal(sweep.counts.openViolations, 1);
    assert.deepEqual(
      deps.mailer.sent.map((email) => email.to[0]),
      ["a@city.gov"],
    );
    assert.match(deps.mailer.sent[0]?.text ?? "", /responded/);
  });

  it("writes and sends nothing on a dry run, yet says what a real run would open", async () => {
    const existing = violationRecord({ id: "UNAPPROVED_MEETING:dept-a:2026-11-24" });
    const deps = setup({ violations: [existing] });
    const sweep = await deps.sweep(true);
    assert.equal(sweep.dryRun, true);
    assert.equal(sweep.status, "completed");
    assert.deepEqual(sweep.counts, {
      factsRead: 4,
      newViolations: 2,
      openViolations: 3,
      emailsSent: 0,
      emailsFailed: 0,
      subjectsFailed: 0,
    });
    assert.deepEqual([...deps.violations.records.values()], [existing]);
    assert.deepEqual(deps.mailer.sent, []);
    assert.equal(deps.outbox.entries.size, 0);
    assert.deepEqual(
      deps.sweeps.saved.map((record) => record.status),
      ["running", "completed"],
    );
  });
});

describe("running recorded sweeps and failures", () => {
  it("runs a sweep the API recorded, over that sweep's own window", async () => {
    const deps = setup();
    const recorded = newSweep("S-api", windowOfWeek(WEEK, "Asia/Shanghai"), api, deps.clock.now(), 300);
    await deps.sweeps.save(recorded);
    const rerun = await deps.runner.runRecorded(recorded.id);
    assert.equal(rerun.id, recorded.id);
    assert.equal(rerun.window, WEEK);
    assert.equal(rerun.counts.newViolations, 3);
  });

  it("answers an unknown sweep as not found", async () => {
    const deps = setup();
    await assert.rejects(deps.runner.runRecorded("S404"), NotFoundError);
  });

  it("records a sweep that stopped on an error as failed, and lets the error through", async () => {
    const deps = setup();
    deps.facts.happenedOnUtcDay = async () => {
      throw new Error("table unavailable");
    };
    await assert.rejects(deps.sweep(), /table unavailable/);
    const last = deps.sweeps.saved.at(-1);
    assert.equal(last?.status, "failed");
    assert.equal(last?.error, "The sweep stopped on an internal error; run it again");
    assert.equal(last?.durationMs, 0);
  });
});

describe("hostile volumes and failing subjects", () => {
  const flood = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      meetingFact({
        id: `f${String(index).padStart(4, "0")}`,
        convenerUnitId: "dept-a",
        unitId: "village-1",
        title: `${"Flooded title ".repeat(13)}${index}`.slice(0, 200),
        heldAt: "2026-11-24T09:00:00+08:00",
      }),
    );

  it("keeps a count and the first references on the violation and every reference beside it", async () => {
    const deps = setup({ facts: flood(800) });
    const sweep = await deps.sweep();
    assert.equal(sweep.status, "completed");
    const opened = deps.violations.records.get("UNAPPROVED_MEETING:dept-a:2026-11-24");
    assert.equal(opened?.evidence.count, 800);
    assert.deepEqual(
      opened?.evidence.factIds,
      Array.from({ length: 20 }, (_, index) => `f${String(index).padStart(4, "0")}`),
    );
    assert.equal(deps.violations.evidence.get(opened?.id ?? "")?.size, 800);
    assert.ok(
      JSON.stringify(opened).length < 4_000,
      `the record stays small: ${JSON.stringify(opened).length}`,
    );
  });

  it("brings a violation's evidence up to date when later reports add to it, without reopening it", async () => {
    const deps = setup({ facts: flood(3) });
    await deps.sweep();
    for (const fact of flood(30).slice(3)) deps.facts.records.set(fact.id, fact);
    const again = await deps.sweep();
    assert.equal(again.counts.newViolations, 0);
    const updated = deps.violations.records.get("UNAPPROVED_MEETING:dept-a:2026-11-24");
    assert.equal(updated?.evidence.count, 30);
    assert.equal(updated?.version, 2);
    assert.equal(deps.violations.evidence.get(updated?.id ?? "")?.size, 30);
  });

  it("opens and mails every other subject when one violation cannot be written, then fails the run", async () => {
    const errors = vi.spyOn(logger, "error").mockImplementation(() => {});
    const deps = setup();
    const create = deps.violations.createIfAbsent;
    deps.violations.createIfAbsent = async (record, caller) => {
      if (record.id === "UNAPPROVED_MEETING:dept-a:2026-11-24") throw new Error("Item size has exceeded");
      return create(record, caller);
    };
    const sweep = await deps.sweep();
    assert.equal(sweep.status, "failed");
    assert.equal(sweep.counts.subjectsFailed, 1);
    assert.equal(sweep.counts.newViolations, 2);
    assert.deepEqual(sweep.failedSubjects, ["UNAPPROVED_MEETING:dept-a:2026-11-24"]);
    assert.equal(sweep.error, "1 violation(s) not written; run the sweep again");
    assert.deepEqual(deps.mailer.sent.map((email) => email.to[0]).sort(), ["a@city.gov", "b@city.gov"]);
    assert.equal(errors.mock.calls[0]?.[0], "violation not written; the next run retries it");

    deps.violations.createIfAbsent = create;
    const retried = await deps.sweep();
    assert.equal(retried.status, "completed");
    assert.equal(retried.counts.newViolations, 1);
    assert.equal(deps.violations.records.size, 3);
  });
});

describe("the digest outbox's leases", () => {
  const claimOf = (deps: ReturnType<typeof setup>, unit: string) =>
    [...deps.outbox.entries.entries()].find(([key]) => key.endsWith(`#${unit}`));

  /** A first run claims dept-b's digest and stops dead, as a process killed mid-send would. */
  const crashMidSend = async (deps: ReturnType<typeof setup>) => {
    deps.mailerRefuses.check = (to) => {
      if (to.includes("b@city.gov")) throw new Error("killed");
      return false;
    };
    const release = deps.outbox.release;
    deps.outbox.release = async () => {};
    await deps.sweep();
    deps.outbox.release = release;
    deps.mailerRefuses.check = () => false;
    assert.equal(claimOf(deps, "dept-b")?.[1].status, "sending");
  };

  it("waits out a claim left by a crashed run and sends that digest once its lease ends", async () => {
    vi.spyOn(logger, "error").mockImplementation(() => {});
    const deps = setup();
    await crashMidSend(deps);
    const before = deps.clock.now().getTime();
    const rerun = await deps.sweep();
    assert.equal(rerun.status, "completed");
    assert.equal(rerun.counts.emailsSent, 1);
    assert.ok(deps.clock.now().getTime() - before >= DIGEST_LEASE_MS, "it waited for the lease");
    assert.deepEqual(deps.mailer.sent.map((email) => email.to[0]).sort(), ["a@city.gov", "b@city.gov"]);
  });

  it("fails, naming the digest, when a claim outlasts what is left of this run", async () => {
    vi.spyOn(logger, "error").mockImplementation(() => {});
    const deps = setup();
    await crashMidSend(deps);
    const rerun = await deps.runner.run({
      window: WEEK,
      dryRun: false,
      trigger: "cli",
      createdBy: "cli",
      timeLeftMs: DIGEST_LEASE_MS + 20_000,
    });
    assert.equal(rerun.status, "failed");
    assert.deepEqual(rerun.unsentDigests, [{ unitId: "dept-b", reason: "claimed_by_another_run" }]);
    assert.equal(deps.mailer.sent.length, 1);
  });

  it("sends nothing when too close to its own timeout to finish a send", async () => {
    const deps = setup();
    const sweep = await deps.runner.run({
      window: WEEK,
      dryRun: false,
      trigger: "cli",
      createdBy: "cli",
      timeLeftMs: DIGEST_LEASE_MS - 1,
    });
    assert.equal(sweep.status, "failed");
    assert.deepEqual(
      sweep.unsentDigests?.map((digest) => digest.reason),
      ["out_of_time", "out_of_time"],
    );
    assert.equal(deps.mailer.sent.length, 0);
    assert.equal(deps.outbox.entries.size, 0);
  });

  it("skips a digest another run sends meanwhile, and completes", async () => {
    const deps = setup();
    await crashMidSend(deps);
    const [key] = claimOf(deps, "dept-b") ?? [];
    // The other run is alive: it finishes its send while this one waits.
    deps.sleep = async () => {
      deps.outbox.entries.set(key ?? "", { status: "sent" });
    };
    const runner = makeSweepRunner(deps);
    const rerun = await runner.run({ window: WEEK, dryRun: false, trigger: "cli", createdBy: "cli" });
    assert.equal(rerun.status, "completed");
    assert.equal(rerun.counts.emailsSent, 0);
    assert.equal(deps.mailer.sent.length, 1);
  });

  it("reports a digest SES accepted but the outbox could not record, after retrying the record", async () => {
    const errors = vi.spyOn(logger, "error").mockImplementation(() => {});
    const deps = setup();
    let attempts = 0;
    deps.outbox.markSent = async () => {
      attempts += 1;
      throw new Error("ProvisionedThroughputExceededException");
    };
    const sweep = await deps.sweep();
    assert.equal(sweep.status, "failed");
    assert.equal(attempts, 4, "two attempts for each of the two digests");
    assert.deepEqual(
      sweep.unsentDigests?.map((digest) => digest.reason),
      ["sent_not_recorded", "sent_not_recorded"],
    );
    assert.deepEqual(
      errors.mock.calls.map(([message]) => message),
      [
        "digest sent but not recorded; a run after its lease may send it again",
        "digest sent but not recorded; a run after its lease may send it again",
      ],
    );
  });
});

describe("sweeps whose runner is gone", () => {
  it("marks running sweeps past their deadline as failed, and leaves live ones alone", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => {});
    const deps = setup();
    const window = windowOfWeek(WEEK, "Asia/Shanghai");
    const crashedAt = new Date(deps.clock.now().getTime() - 600_000);
    const crashed = newSweep("S-crashed", window, api, crashedAt, 300);
    const live = newSweep("S-live", window, api, deps.clock.now(), 300);
    await deps.sweeps.save(crashed);
    await deps.sweeps.save(live);
    await deps.sweep();
    const latest = (id: string) => deps.sweeps.saved.findLast((sweep) => sweep.id === id);
    assert.equal(latest("S-crashed")?.status, "failed");
    assert.match(latest("S-crashed")?.error ?? "", /runner stopped before finishing/);
    assert.equal(latest("S-live")?.status, "running");
  });

  it("leaves a completed sweep as it is when its delivery comes again, and re-runs a failed one cleanly", async () => {
    vi.spyOn(logger, "error").mockImplementation(() => {});
    const deps = setup({ refuse: (to) => to.includes("b@city.gov") });
    const failed = await deps.sweep();
    assert.equal(failed.status, "failed");
    deps.mailerRefuses.check = () => false;
    const rerun = await deps.runner.runRecorded(failed.id);
    assert.equal(rerun.status, "completed");
    assert.equal(rerun.error, undefined);
    assert.equal(rerun.unsentDigests, undefined);
    const saves = deps.sweeps.saved.length;
    assert.deepEqual(await deps.runner.runRecorded(failed.id), rerun);
    assert.equal(deps.sweeps.saved.length, saves, "nothing written for a completed sweep");
  });
});
