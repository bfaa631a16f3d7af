import assert from "node:assert/strict";
import { afterEach, describe, it, vi } from "vitest";
import type { FactRecord } from "../../shared/facts/schemas.ts";
import { NotFoundError } from "../../shared/platform/errors.ts";
import { logger } from "../../shared/platform/logger.ts";
import type { RequestRecord } from "../../shared/requests/schemas.ts";
import { inputsNeeded, sweepRules } from "../../shared/sweeps/rules/index.ts";
import type { SweepInputs, SweepRule } from "../../shared/sweeps/rules/rule.ts";
import { makeSweepRunner } from "../../shared/sweeps/run.ts";
import type { ViolationRecord } from "../../shared/violations/schemas.ts";
import {
  fixedClock,
  memoryFacts,
  memoryMailer,
  memoryOutbox,
  memoryRequests,
  memorySweeps,
  memoryUnits,
  memoryViolations,
  recordingCalls,
  sequentialIds,
} from "../fakes/memory.ts";
import { meetingFact, requestRecord, unitRecord, violationRecord } from "../fakes/records.ts";

const WEEK = "2026-W48";

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
  const fakes = {
    sweeps: memorySweeps(),
    facts: recordingCalls(memoryFacts(options.facts ?? weekFacts())),
    requests: recordingCalls(memoryRequests(options.requests ?? [])),
    violations: memoryViolations(options.violations ?? []),
    units: memoryUnits(weekUnits()),
    outbox: memoryOutbox(),
    mailer: memoryMailer((email) => mailerRefuses.check(email.to)),
    clock: fixedClock("2026-11-30T00:30:00.000Z"),
    ids: sequentialIds("S"),
    settings: { timeZone: "Asia/Shanghai", locale: "en" as const },
  };
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

  it("reads one byDay partition per UTC day of the window, never a listing", async () => {
    const deps = setup();
    await deps.sweep();
    assert.deepEqual([...new Set(deps.facts.calls)], ["happenedOnUtcDay"]);
    assert.equal(deps.facts.calls.length, 8);
    assert.deepEqual([...new Set(deps.requests.calls)].sort(), ["getMany", "happeningOnUtcDay"]);
  });

  it("fetches the requests facts name when they fall outside the window", async () => {
    // Approved for the 10th, held on the 24th: the report names it, so the approval still counts.
    const moved = requestRecord({ id: "r-moved", status: "approved", startsAt: "2026-11-10T09:00:00+08:00" });
    const inWindow = requestRecord({ id: "r-in", status: "approved", startsAt: "2026-11-25T09:00:00+08:00" });
    const facts = [
      meetingFact({ id: "f1", requestId: "r-moved", heldAt: "2026-11-24T09:00:00+08:00" }),
      meetingFact({ id: "f2", requestId: "r-in", heldAt: "2026-11-25T09:00:00+08:00" }),
    ];
    const deps = setup({ facts, requests: [moved, inWindow] });
    const sweep = await deps.sweep();
    assert.equal(sweep.counts.newViolations, 0);
    assert.equal(deps.violations.records.size, 0);
    // Only the request the window's days did not already bring is fetched by id.
    assert.deepEqual(
      deps.requests.log.filter(([method]) => method === "getMany"),
      [["getMany", [["r-moved"]]]],
    );
  });

  it("registers the unapproved-meeting rule, which needs facts and requests", () => {
    assert.deepEqual(
      sweepRules.map((rule) => rule.code),
      ["UNAPPROVED_MEETING"],
    );
    assert.deepEqual([...inputsNeeded()].sort(), ["facts", "requests"]);
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
    assert.deepEqual(opened?.evidence, { factIds: ["f1", "f2"] });
    assert.deepEqual(deps.mailer.sent.map((email) => email.to).sort(), [["a@city.gov"], ["b@city.gov"]]);
    const toA = deps.mailer.sent.find((email) => email.to[0] === "a@city.gov");
    assert.match(toA?.subject ?? "", /2026-W48: 2 finding\(s\)/);
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
    assert.match(failed.error ?? "", /1 digest\(s\) could not be sent; run the sweep again/);
    assert.equal(errors.mock.calls.length, 1);
    const [message, details] = errors.mock.calls[0] ?? [];
    assert.equal(message, "digest not sent");
    assert.deepEqual(details, { unitId: "dept-b", sweepId: failed.id, cause: { name: "Error" } });
    assert.doesNotMatch(JSON.stringify(details), /@/, "no address reaches the log");
    assert.deepEqual([...deps.outbox.states.values()].sort(), ["failed", "sent"]);
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
        .map(([message, details]) => [message, (details as { unitId: string }).unitId])
        .sort(),
      [
        ["no digest address for unit", "dept-gone"],
        ["no digest address for unit", "dept-quiet"],
      ],
    );
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
    });
    assert.deepEqual([...deps.violations.records.values()], [existing]);
    assert.deepEqual(deps.mailer.sent, []);
    assert.equal(deps.outbox.states.size, 0);
    assert.deepEqual(
      deps.sweeps.saved.map((record) => record.status),
      ["running", "completed"],
    );
  });
});

describe("running recorded sweeps and failures", () => {
  it("runs a sweep the API recorded, over that sweep's own window", async () => {
    const deps = setup();
    const recorded = await deps.sweep(true);
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
