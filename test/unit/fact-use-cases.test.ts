import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactRepository } from "../../shared/facts/repository.ts";
import type { FactRecord } from "../../shared/facts/schemas.ts";
import { makeFactUseCases } from "../../shared/facts/use-cases.ts";
import {
  BusinessRuleError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
} from "../../shared/platform/errors.ts";
import { fixedClock, memoryFacts, memoryRequests, memoryUnits, sequentialIds } from "../fakes/memory.ts";
import { caller, meetingFact, meetingReport, requestRecord, unitRecord } from "../fakes/records.ts";

const clerk = caller("clerk");
const village = caller("village");

const report = meetingReport;

/**
 * The facts store with the daily cap kept as the DynamoDB transaction keeps it: a count per unit
 * and local day, refusing (with the quota's own error) a report past the limit.
 */
const cappedFacts = (initial: FactRecord[]) => {
  const inner = memoryFacts(initial);
  const counts = new Map<string, number>();
  const quotas: { unitId: string; day: string; limit: number }[] = [];
  const create: FactRepository["create"] = async (record, reporter, quota) => {
    quotas.push({ unitId: record.unitId, day: quota.day, limit: quota.limit });
    const key = `${record.unitId}|${quota.day}`;
    const count = counts.get(key) ?? 0;
    if (count >= quota.limit) throw quota.exceeded();
    counts.set(key, count + 1);
    await inner.create(record, reporter, quota);
  };
  return { ...inner, create, quotas };
};

const setup = (limits = { maxAgeDays: 90, perUnitPerDay: 100 }) => {
  const facts = cappedFacts([
    meetingFact({ id: "fa", unitId: "dept-a" }),
    meetingFact({ id: "fv", unitId: "village-1" }),
  ]);
  const units = memoryUnits([
    unitRecord({ id: "dept-a" }),
    unitRecord({ id: "dept-b" }),
    unitRecord({ id: "city-office", kind: "office" }),
    unitRecord({ id: "township-east", kind: "township" }),
    unitRecord({ id: "village-2", kind: "village", parentId: "township-east" }),
  ]);
  const requests = memoryRequests([
    requestRecord({ id: "ra", unitId: "dept-a" }),
    requestRecord({ id: "rb", unitId: "dept-b" }),
  ]);
  const clock = fixedClock("2026-11-28T00:00:00.000Z");
  const useCases = makeFactUseCases({
    facts,
    units,
    requests,
    clock,
    ids: sequentialIds("F"),
    limits,
    timeZone: "Asia/Shanghai",
  });
  return { facts, clock, useCases };
};

const refusedAt = (code: string, path: string) => (error: unknown) => {
  assert.ok(error instanceof BusinessRuleError, String(error));
  assert.equal(error.code, code);
  assert.deepEqual(
    error.details.map((detail) => detail.path),
    [path],
  );
  return true;
};

describe("reporting facts", () => {
  it("records a department's own meeting with the reporting unit and person", async () => {
    const { useCases, facts } = setup();
    const fact = await useCases.report(clerk, report({ requestId: "ra" }));
    assert.deepEqual(fact, {
      ...report({ requestId: "ra" }),
      id: "F0001",
      unitId: "dept-a",
      createdBy: "clerk",
      createdAt: "2026-11-28T00:00:00.000Z",
      updatedAt: "2026-11-28T00:00:00.000Z",
      version: 1,
    });
    assert.deepEqual(facts.records.get("F0001"), fact);
  });

  it("lets a grassroots unit report a meeting another unit convened", async () => {
    const { useCases } = setup();
    const fact = await useCases.report(village, report());
    assert.equal(fact.unitId, "village-1");
    assert.equal(fact.convenerUnitId, "dept-a");
  });

  it("refuses a department reporting another unit's meeting", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.report(clerk, report({ convenerUnitId: "dept-b" })),
      refusedAt("NOT_OWN_MEETING", "convenerUnitId"),
    );
  });

  it("refuses a meeting that has not happened yet, allowing a few minutes of clock skew", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.report(clerk, report({ heldAt: "2026-11-28T00:06:00Z" })),
      refusedAt("NOT_YET_HAPPENED", "heldAt"),
    );
    const skewed = await useCases.report(clerk, report({ heldAt: "2026-11-28T00:04:00Z" }));
    assert.equal(skewed.heldAt, "2026-11-28T00:04:00Z");
  });

  it("refuses a convener that is not a unit", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.report(village, report({ convenerUnitId: "dept-gone" })),
      refusedAt("UNKNOWN_UNIT", "convenerUnitId"),
    );
  });

  it("refuses a request that is not the convener's, as if it did not exist", async () => {
    const { useCases } = setup();
    for (const requestId of ["rb", "r-none"]) {
      await assert.rejects(
        useCases.report(clerk, report({ requestId })),
        refusedAt("UNKNOWN_REQUEST", "requestId"),
      );
    }
  });

  it("refuses a convener that is a township or village: only departments and offices convene", async () => {
    const { useCases, facts } = setup();
    const before = facts.records.size;
    for (const convenerUnitId of ["township-east", "village-2"]) {
      await assert.rejects(useCases.report(village, report({ convenerUnitId })), (error) => {
        refusedAt("CONVENER_NOT_CITY_UNIT", "convenerUnitId")(error);
        assert.ok(error instanceof BusinessRuleError);
        assert.match(error.message, /department or office/);
        return true;
      });
    }
    assert.equal(facts.records.size, before);
    const office = await useCases.report(village, report({ convenerUnitId: "city-office" }));
    assert.equal(office.convenerUnitId, "city-office");
  });

  it("refuses a meeting held longer ago than the deployment's FACT_MAX_AGE_DAYS", async () => {
    const { useCases } = setup({ maxAgeDays: 90, perUnitPerDay: 100 });
    // 90 days before 2026-11-28T00:00Z is 2026-08-30T00:00Z.
    await assert.rejects(
      useCases.report(clerk, report({ heldAt: "2026-08-29T23:59:00Z" })),
      refusedAt("TOO_OLD", "heldAt"),
    );
    const recent = await useCases.report(clerk, report({ heldAt: "2026-08-30T00:01:00Z" }));
    assert.equal(recent.heldAt, "2026-08-30T00:01:00Z");
    const { useCases: stricter } = setup({ maxAgeDays: 7, perUnitPerDay: 100 });
    await assert.rejects(
      stricter.report(clerk, report({ heldAt: "2026-11-20T00:00:00Z" })),
      refusedAt("TOO_OLD", "heldAt"),
    );
  });

  it("counts a unit's reports per local day and refuses the one past the cap with 429 and Retry-After", async () => {
    const { useCases, facts, clock } = setup({ maxAgeDays: 90, perUnitPerDay: 2 });
    // 15:59:30Z is 23:59:30 in Shanghai: the local day ends in 30 seconds.
    clock.set("2026-11-28T15:59:30.000Z");
    await useCases.report(clerk, report());
    await useCases.report(clerk, report());
    await assert.rejects(useCases.report(clerk, report()), (error) => {
      assert.ok(error instanceof TooManyRequestsError, String(error));
      assert.equal(error.status, 429);
      assert.equal(error.code, "TOO_MANY_FACTS");
      assert.equal(error.headers["retry-after"], "30");
      assert.match(error.message, /tomorrow/);
      return true;
    });
    assert.deepEqual(facts.quotas.at(-1), { unitId: "dept-a", day: "2026-11-28", limit: 2 });
    // Another unit has its own count; the next local day starts a new one.
    await useCases.report(village, report());
    clock.set("2026-11-28T16:00:00.000Z");
    await useCases.report(clerk, report());
    assert.equal(facts.quotas.at(-1)?.day, "2026-11-29");
  });

  it("says how long until the local day ends, in whole seconds", async () => {
    const { useCases, clock } = setup({ maxAgeDays: 90, perUnitPerDay: 1 });
    clock.set("2026-11-28T00:00:00.000Z");
    await useCases.report(clerk, report());
    await assert.rejects(useCases.report(clerk, report()), (error) => {
      assert.ok(error instanceof TooManyRequestsError);
      // 08:00 in Shanghai: sixteen hours left.
      assert.equal(error.headers["retry-after"], String(16 * 3600));
      return true;
    });
  });

  it("refuses a reporter without a unit", async () => {
    const { useCases } = setup();
    await assert.rejects(useCases.report(caller("unitless"), report()), ForbiddenError);
  });
});

describe("reading facts", () => {
  it("shows a reporter its own unit's facts and hides the others as not found", async () => {
    const { useCases } = setup();
    assert.equal((await useCases.get(clerk, "fa")).id, "fa");
    await assert.rejects(useCases.get(clerk, "fv"), NotFoundError);
    await assert.rejects(useCases.get(village, "fa"), NotFoundError);
    await assert.rejects(useCases.get(clerk, "nothing"), NotFoundError);
  });

  it("shows supervisors and approvers every unit's facts", async () => {
    const { useCases } = setup();
    assert.equal((await useCases.get(caller("supervisor"), "fv")).id, "fv");
    const all = await useCases.list(caller("approver"), { limit: 25 });
    assert.deepEqual(all.items.map((fact) => fact.id).sort(), ["fa", "fv"]);
  });

  it("lists only the reporter's unit", async () => {
    const { useCases } = setup();
    const own = await useCases.list(village, { limit: 25 });
    assert.deepEqual(
      own.items.map((fact) => fact.id),
      ["fv"],
    );
    assert.throws(() => useCases.list(caller("unitless"), { limit: 25 }), ForbiddenError);
  });
});
