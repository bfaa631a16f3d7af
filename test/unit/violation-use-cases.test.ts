import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from "../../shared/platform/errors.ts";
import type { ViolationRecord } from "../../shared/violations/schemas.ts";
import { violationRecordSchema, violationViewSchema } from "../../shared/violations/schemas.ts";
import { makeViolationUseCases } from "../../shared/violations/use-cases.ts";
import { fixedClock, memoryUnits, memoryViolations, recordingCalls, sequentialIds } from "../fakes/memory.ts";
import { caller, unitRecord, violationRecord } from "../fakes/records.ts";

/** Monday 7 December 2026, 16:00 in Shanghai: inside 2026-W50. */
const NOW = "2026-12-07T08:00:00.000Z";
const supervisor = caller("supervisor");
const clerk = caller("clerk");

const setup = (records: ViolationRecord[] = []) => {
  const violations = recordingCalls(
    memoryViolations([
      violationRecord({ id: "va", unitId: "dept-a" }),
      violationRecord({ id: "va2", unitId: "dept-a", status: "responded" }),
      violationRecord({ id: "vb", unitId: "dept-b" }),
      ...records,
    ]),
  );
  const clock = fixedClock(NOW);
  const useCases = makeViolationUseCases({
    violations,
    units: memoryUnits([
      unitRecord({ id: "dept-a" }),
      unitRecord({ id: "dept-b" }),
      unitRecord({ id: "village-9", kind: "village" }),
    ]),
    clock,
    ids: sequentialIds("V"),
    dueDays: 14,
    timeZone: "Asia/Shanghai",
  });
  return { violations, clock, useCases };
};

const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id).sort();

const refusedWith = (code: string, message?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ConflictError, String(error));
  assert.equal(error.status, 409);
  assert.equal(error.code, code);
  if (message) assert.match(error.message, message);
  return true;
};

describe("listing violations", () => {
  it("shows a department only its own unit's violations", async () => {
    const { useCases } = setup();
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25 })), ["va", "va2"]);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25, status: "open" })), ["va"]);
  });

  it("answers a department asking for another unit with nothing, without reading it", async () => {
    const { useCases, violations } = setup();
    const page = await useCases.list(clerk, { limit: 25, unitId: "dept-b" });
    assert.deepEqual(page, { items: [], nextCursor: null });
    assert.deepEqual(violations.calls, []);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25, unitId: "dept-a" })), ["va", "va2"]);
  });

  it("lets supervisors read any unit's violations, or all of them", async () => {
    const { useCases } = setup();
    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25 })), ["va", "va2", "vb"]);
    assert.deepEqual(ids(await useCases.list(caller("approver"), { limit: 25, unitId: "dept-b" })), ["vb"]);
    assert.deepEqual(
      ids(
        await useCases.list(caller("admin"), { limit: 25, rule: "UNAPPROVED_MEETING", status: "responded" }),
      ),
      ["va2"],
    );
  });

  it("refuses a department account without a unit", async () => {
    const { useCases } = setup();
    await assert.rejects(useCases.list(caller("unitless"), { limit: 25 }), ForbiddenError);
  });

  it("says of each whether it is overdue now, and lists only the overdue ones, or only the others, when asked", async () => {
    const { useCases, violations } = setup([
      violationRecord({ id: "late", unitId: "dept-a", dueAt: "2026-12-01T00:00:00.000Z" }),
      violationRecord({
        id: "closed-late",
        unitId: "dept-a",
        status: "rectified",
        dueAt: "2026-12-01T00:00:00.000Z",
      }),
    ]);
    const all = await useCases.list(supervisor, { limit: 25 });
    const overdue = Object.fromEntries(all.items.map((item) => [item.id, item.overdue]));
    assert.deepEqual(overdue, { va: false, va2: false, vb: false, late: true, "closed-late": false });
    for (const item of all.items) assert.ok(violationViewSchema.safeParse(item).success, item.id);

    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25, overdue: "true" })), ["late"]);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25, overdue: "false" })), [
      "closed-late",
      "va",
      "va2",
    ]);
    assert.deepEqual(violations.log.at(-1), [
      "list",
      [{ unitId: "dept-a", overdue: { is: false, now: new Date(NOW) } }, 25, undefined],
    ]);
  });

  it("lists the violations opened in one week", async () => {
    const { useCases } = setup([violationRecord({ id: "earlier", window: "2026-W40" })]);
    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25, window: "2026-W40" })), ["earlier"]);
  });
});

describe("reading one violation", () => {
  it("answers the violation, whether it is overdue, and its audit trail", async () => {
    const { useCases } = setup();
    const recorded = await useCases.recordFinding(supervisor, {
      unitId: "dept-a",
      title: "Duplicate ledgers",
      description: "Three requests for the same ledger",
    });
    const read = await useCases.get(clerk, recorded.id);
    assert.equal(read.id, recorded.id);
    assert.equal(read.overdue, false);
    assert.deepEqual(
      read.audit.map((entry) => [entry.action, entry.before, entry.after?.status]),
      [["violation.opened", null, "open"]],
    );
  });

  it("answers another unit's violation to a department as missing, not forbidden", async () => {
    const { useCases } = setup();
    await assert.rejects(useCases.get(clerk, "vb"), NotFoundError);
    await assert.rejects(useCases.get(clerk, "nothing"), NotFoundError);
    assert.equal((await useCases.get(caller("approver"), "vb")).id, "vb");
  });
});

describe("the lifecycle", () => {
  it("takes a department's answer to its own unit's violation, and a newer one after it", async () => {
    const { useCases, violations, clock } = setup();
    const responded = await useCases.respond(clerk, "va", { text: "We did not know it needed approval" });
    assert.equal(responded.status, "responded");
    assert.deepEqual(responded.response, {
      text: "We did not know it needed approval",
      by: "clerk",
      at: NOW,
    });
    assert.equal(responded.version, 2);
    assert.equal(responded.updatedAt, NOW);
    assert.deepEqual(violations.records.get("va"), violationRecordSchema.parse(responded));

    clock.set("2026-12-08T08:00:00.000Z");
    const again = await useCases.respond(clerk, "va", { text: "Every meeting is now approved first" });
    assert.equal(again.response?.text, "Every meeting is now approved first");
    assert.equal(again.version, 3);
    assert.deepEqual(
      violations.audits
        .get("va")
        ?.map((entry) => [entry.action, entry.before?.version, entry.after?.version]),
      [
        ["violation.responded", 1, 2],
        ["violation.responded", 2, 3],
      ],
    );
  });

  it("hides other units' violations from a department that would answer them", async () => {
    const { useCases, violations } = setup();
    await assert.rejects(useCases.respond(clerk, "vb", { text: "Not ours" }), NotFoundError);
    // Reading every unit's records is not answering for them.
    await assert.rejects(useCases.respond(caller("selfApprover"), "vb", { text: "Not ours" }), NotFoundError);
    await assert.rejects(useCases.respond(clerk, "nothing", { text: "?" }), NotFoundError);
    assert.equal(violations.records.get("vb")?.status, "open");
  });

  it("closes an open or responded violation as rectified or dismissed, keeping who and why", async () => {
    const { useCases } = setup();
    const rectified = await useCases.resolve(supervisor, "va2", {
      outcome: "rectified",
      reason: "Checked the approvals since",
    });
    assert.equal(rectified.status, "rectified");
    assert.deepEqual(rectified.resolution, {
      outcome: "rectified",
      reason: "Checked the approvals since",
      by: "super",
      at: NOW,
    });
    assert.equal(rectified.overdue, false);
    const dismissed = await useCases.resolve(supervisor, "vb", {
      outcome: "dismissed",
      reason: "Reported twice",
    });
    assert.equal(dismissed.status, "dismissed");
  });

  it("refuses to decide a closed violation again, and says to reopen it first", async () => {
    const { useCases } = setup([violationRecord({ id: "done", status: "rectified" })]);
    await assert.rejects(
      useCases.resolve(supervisor, "done", { outcome: "dismissed", reason: "Changed my mind" }),
      refusedWith("INVALID_TRANSITION", /already rectified; reopen it first/),
    );
    await assert.rejects(
      useCases.respond(clerk, "done", { text: "More detail" }),
      refusedWith(
        "INVALID_TRANSITION",
        /already rectified: it can be answered again once a supervisor reopens it/,
      ),
    );
  });

  it("reopens a responded, rectified or dismissed violation with a new deadline and the reason", async () => {
    const { useCases, violations, clock } = setup();
    await useCases.respond(clerk, "va", { text: "Done" });
    await useCases.resolve(supervisor, "va", { outcome: "rectified", reason: "Looks fine" });
    clock.set("2026-12-10T02:00:00.000Z");
    const reopened = await useCases.reopen(supervisor, "va", { reason: "It happened again on 9 December" });
    assert.equal(reopened.status, "open");
    assert.equal(reopened.dueAt, "2026-12-24T02:00:00.000Z");
    assert.equal(reopened.resolution, undefined);
    assert.equal("resolution" in reopened, false);
    assert.deepEqual(reopened.reopened, {
      reason: "It happened again on 9 December",
      by: "super",
      at: "2026-12-10T02:00:00.000Z",
    });
    assert.equal(reopened.response?.text, "Done", "the unit's answer stays on record");
    const entry = violations.audits.get("va")?.at(-1);
    assert.equal(entry?.action, "violation.reopened");
    assert.equal(entry?.before?.status, "rectified");
    assert.deepEqual(entry?.after?.reopened, reopened.reopened);

    const answered = await useCases.respond(caller("otherClerk"), "vb", { text: "Corrected" });
    assert.equal(answered.status, "responded");
    assert.equal((await useCases.reopen(supervisor, "vb", { reason: "Not enough" })).status, "open");
  });

  it("refuses to reopen an open violation", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.reopen(supervisor, "va", { reason: "Again" }),
      refusedWith("INVALID_TRANSITION", /already open: there is nothing to reopen/),
    );
  });

  it("refuses a change over someone else's change made since it was read", async () => {
    const { useCases, violations } = setup();
    const stale = violations.records.get("va");
    assert.ok(stale);
    violations.getMany = async () => [stale];
    await useCases.respond(clerk, "va", { text: "First" });
    await assert.rejects(
      useCases.resolve(supervisor, "va", { outcome: "dismissed", reason: "Second" }),
      refusedWith("STATE_CHANGED"),
    );
    assert.equal(violations.records.get("va")?.status, "responded");
  });

  it("answers overdue as of the change: a reopened violation is due again", async () => {
    const { useCases, clock } = setup([
      violationRecord({ id: "late", status: "responded", dueAt: "2026-12-01T00:00:00.000Z" }),
    ]);
    assert.equal((await useCases.get(supervisor, "late")).overdue, true);
    clock.set("2026-12-09T00:00:00.000Z");
    assert.equal((await useCases.reopen(supervisor, "late", { reason: "Not corrected" })).overdue, false);
  });
});

describe("a supervisor's own finding", () => {
  it("opens a SUPERVISION_FINDING of the unit, dated and due from now", async () => {
    const { useCases, violations } = setup();
    const finding = await useCases.recordFinding(supervisor, {
      unitId: "dept-b",
      title: "Duplicate ledgers",
      description: "Three schools were asked for the same ledger three times",
    });
    assert.deepEqual(finding, {
      id: "SUPERVISION_FINDING:V0001",
      rule: "SUPERVISION_FINDING",
      unitId: "dept-b",
      subject: "Duplicate ledgers",
      summary: "Duplicate ledgers",
      description: "Three schools were asked for the same ledger three times",
      occurredOn: "2026-12-07",
      evidence: { count: 0, factIds: [] },
      status: "open",
      dueAt: "2026-12-21T08:00:00.000Z",
      window: "2026-W50",
      createdBy: "super",
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
      overdue: false,
    });
    assert.ok(violationViewSchema.safeParse(finding).success);
    assert.deepEqual(violations.audits.get(finding.id)?.[0]?.action, "violation.opened");
  });

  it("dates it by the day and week in the deployment's zone", async () => {
    const { useCases, clock } = setup();
    // Sunday 23:30 UTC is Monday morning in Shanghai: a new day and a new week.
    clock.set("2026-12-13T23:30:00.000Z");
    const finding = await useCases.recordFinding(supervisor, {
      unitId: "dept-a",
      title: "T",
      description: "D",
    });
    assert.equal(finding.occurredOn, "2026-12-14");
    assert.equal(finding.window, "2026-W51");
  });

  it("refuses a grassroots unit, which cannot answer a violation, with NOT_CITY_UNIT", async () => {
    const { useCases, violations } = setup();
    await assert.rejects(
      useCases.recordFinding(supervisor, { unitId: "village-9", title: "T", description: "D" }),
      (error) => error instanceof BusinessRuleError && error.code === "NOT_CITY_UNIT",
    );
    assert.equal(violations.records.size, 3);
  });

  it("keeps the answer a retried keyed POST replays: the view with overdue, not the bare record", async () => {
    const { useCases, violations } = setup();
    const finding = await useCases.recordFinding(supervisor, {
      unitId: "dept-a",
      title: "T",
      description: "D",
    });
    assert.deepEqual(violations.answers.get(finding.id), finding);
    const responded = await useCases.respond(caller("clerk"), finding.id, { text: "done" });
    assert.deepEqual(violations.answers.get(finding.id), responded);
    assert.equal(responded.overdue, false);
  });

  it("refuses a unit that does not exist with UNKNOWN_UNIT at unitId, writing nothing", async () => {
    const { useCases, violations } = setup();
    await assert.rejects(
      useCases.recordFinding(supervisor, { unitId: "dept-nowhere", title: "T", description: "D" }),
      (error) => {
        assert.ok(error instanceof BusinessRuleError);
        assert.equal(error.status, 422);
        assert.equal(error.code, "UNKNOWN_UNIT");
        assert.deepEqual(
          error.details.map((detail) => detail.path),
          ["unitId"],
        );
        return true;
      },
    );
    assert.equal(violations.records.size, 3);
  });
});

describe("evidence", () => {
  it("lists a violation's evidence to whoever may read the violation", async () => {
    const { useCases, violations } = setup();
    await violations.putEvidence("vb", ["f2", "f1"]);
    assert.deepEqual((await useCases.listEvidence(supervisor, "vb", { limit: 10 })).items, [
      { factId: "f1" },
      { factId: "f2" },
    ]);
    await assert.rejects(useCases.listEvidence(clerk, "vb", { limit: 10 }), NotFoundError);
  });
});
