/**
 * Who sees which statistics, and what the use case reads to work them out: the counter
 * partitions of the year and the year before, the plans of both years, the units, and what is
 * overdue now.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { complaintStatuses } from "../../shared/complaints/schemas.ts";
import { ForbiddenError, NotFoundError } from "../../shared/platform/errors.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import { complaintStatuses as countedComplaintStatuses } from "../../shared/stats/figures.ts";
import { makeStatsUseCases, type OutstandingSecondments } from "../../shared/stats/use-cases.ts";
import { fixedClock, memoryStats, memoryUnits, memoryViolations } from "../fakes/memory.ts";
import { memoryPlans } from "../fakes/plans.ts";
import { caller, unitRecord, violationRecord } from "../fakes/records.ts";

const setup = (secondments: OutstandingSecondments = { outstanding: async () => [] }) => {
  const stats = memoryStats();
  const plans = memoryPlans();
  const units = memoryUnits([
    unitRecord({ id: "village-1", name: "柳树村", kind: "village" }),
    unitRecord({ id: "dept-b", name: "教育局" }),
    unitRecord({ id: "dept-a", name: "卫生健康委员会" }),
    unitRecord({ id: "office", name: "市委办公室", kind: "office" }),
  ]);
  const violations = memoryViolations([
    // Overdue now (27 November 2026): one opened this year, one the year before; one not yet due.
    violationRecord({ id: "V1", unitId: "dept-a", dueAt: "2026-11-01T00:00:00.000Z" }),
    violationRecord({
      id: "V2",
      unitId: "dept-a",
      dueAt: "2026-01-10T00:00:00.000Z",
      createdAt: "2025-12-20T00:00:00.000Z",
    }),
    violationRecord({ id: "V3", unitId: "dept-b", dueAt: "2026-12-20T00:00:00.000Z" }),
    violationRecord({ id: "V4", unitId: "dept-b", status: "rectified", dueAt: "2026-01-01T00:00:00.000Z" }),
  ]);
  const clock = fixedClock("2026-11-27T08:00:00.000Z");
  stats.add([
    { year: 2026, unitId: "dept-a", deltas: { "meetings.approved": 3 } },
    { year: 2026, unitId: "dept-b", deltas: { "meetings.approved": 2 } },
    { year: 2025, unitId: "dept-a", deltas: { "meetings.approved": 5 } },
  ]);
  const useCases = makeStatsUseCases({
    stats,
    plans,
    units,
    violations,
    secondments,
    clock,
    timeZone: "Asia/Shanghai",
  });
  return { useCases, stats, plans, clock };
};

const department = caller("clerk");

describe("statistics for supervisors and approvers", () => {
  it("show the city and every unit, offices first and villages last, for this year by default", async () => {
    const { useCases, stats } = setup();
    const answer = await useCases.get(caller("supervisor"), {});
    assert.equal(answer.year, 2026);
    assert.equal(answer.previousYear, 2025);
    assert.deepEqual(
      answer.units.map((unit) => unit.unitId),
      ["office", "dept-a", "dept-b", "village-1"],
    );
    assert.equal(answer.units[0]?.name, "市委办公室");
    assert.deepEqual(answer.city?.figures["meetings.approved"], { value: 5, previous: 5, change: 0 });
    assert.deepEqual(stats.reads, [
      { year: 2026, unitId: undefined },
      { year: 2025, unitId: undefined },
    ]);
  });

  it("count overdue violations in the year each was opened", async () => {
    const { useCases } = setup();
    const answer = await useCases.get(caller("approver"), { year: 2026 });
    const deptA = answer.units.find((unit) => unit.unitId === "dept-a");
    assert.deepEqual(deptA?.figures["violations.overdue"], { value: 1, previous: 1, change: 0 });
    assert.equal(answer.city?.figures["violations.overdue"]?.value, 1);
  });

  it("count people kept past their return date for the borrowing unit, in the year they started", async () => {
    const { useCases } = setup({
      outstanding: async () => [
        { toUnitId: "dept-b", startDate: "2026-03-01", returnBy: "2026-06-30" },
        { toUnitId: "dept-b", startDate: "2026-06-01", returnBy: "2026-11-26" },
        { toUnitId: "dept-b", startDate: "2025-09-01", returnBy: "2026-03-01" },
        // Due back today (27 November in Asia/Shanghai), or later: not overdue yet.
        { toUnitId: "dept-b", startDate: "2026-09-01", returnBy: "2026-11-27" },
        { toUnitId: "dept-b", startDate: "2026-10-01", returnBy: "2027-01-31" },
      ],
    });
    const answer = await useCases.get(caller("supervisor"), { year: 2026, unitId: "dept-b" });
    assert.deepEqual(answer.units[0]?.figures["secondments.overdue"], { value: 2, previous: 1, change: 1 });
  });

  it("show one unit beside the city with ?unitId=, and a unit that does not exist is missing", async () => {
    const { useCases } = setup();
    const answer = await useCases.get(caller("supervisor"), { year: 2026, unitId: "dept-b" });
    assert.deepEqual(
      answer.units.map((unit) => unit.unitId),
      ["dept-b"],
    );
    assert.equal(answer.city?.figures["meetings.approved"]?.value, 5);
    await assert.rejects(useCases.get(caller("supervisor"), { unitId: "dept-z" }), NotFoundError);
  });

  it("read the quotas of both years from their plans", async () => {
    const { useCases, plans } = setup();
    const plan = (year: number, limit: number) => ({
      year,
      kind: "meetings" as const,
      status: "published" as const,
      quotas: [{ unitId: "dept-a", limit }],
      items: [],
      createdBy: "a",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      version: 1,
    });
    plans.records.set("2026#meetings", plan(2026, 8));
    plans.records.set("2025#meetings", plan(2025, 12));
    const answer = await useCases.get(department, { year: 2026 });
    assert.deepEqual(answer.units[0]?.figures["meetings.quota"], { value: 8, previous: 12, change: -4 });
  });

  it("answer an empty year with zeros and no change, and a year without a year before it likewise", async () => {
    const { useCases } = setup();
    const answer = await useCases.get(caller("supervisor"), { year: 2031 });
    assert.deepEqual(answer.city?.figures["meetings.approved"], { value: 0, previous: 0, change: 0 });
    assert.deepEqual(answer.city?.figures["complaints.medianDaysToClose"], {
      value: null,
      previous: null,
      change: null,
    });
  });
});

describe("statistics for a department", () => {
  it("show its own unit only, without the city, reading only its own counter items", async () => {
    const { useCases, stats } = setup();
    const answer = await useCases.get(department, { year: 2026 });
    assert.equal(answer.city, undefined);
    assert.deepEqual(
      answer.units.map((unit) => unit.unitId),
      ["dept-a"],
    );
    assert.deepEqual(answer.units[0]?.figures["meetings.approved"], { value: 3, previous: 5, change: -2 });
    assert.deepEqual(stats.reads, [
      { year: 2026, unitId: "dept-a" },
      { year: 2025, unitId: "dept-a" },
    ]);
  });

  it("answer its own unit asked by id, and another unit as missing, never forbidden", async () => {
    const { useCases } = setup();
    const own = await useCases.get(department, { unitId: "dept-a" });
    assert.equal(own.units[0]?.unitId, "dept-a");
    await assert.rejects(useCases.get(department, { unitId: "dept-b" }), NotFoundError);
  });

  it("find nothing for an account whose unit does not exist, and refuse an account without a unit", async () => {
    const { useCases } = setup();
    const stranger: Caller = { sub: "x", roles: ["department"], unitId: "dept-gone" };
    await assert.rejects(useCases.get(stranger, {}), NotFoundError);
    await assert.rejects(useCases.get(caller("unitless"), {}), ForbiddenError);
  });
});

describe("other roles", () => {
  it("are refused, should the route ever let them through", async () => {
    const { useCases } = setup();
    await assert.rejects(useCases.get(caller("village"), {}), ForbiddenError);
    await assert.rejects(useCases.get(caller("admin"), {}), ForbiddenError);
  });
});

describe("the figure names", () => {
  it("name every status a complaint can be in", () => {
    assert.deepEqual([...countedComplaintStatuses], [...complaintStatuses]);
  });
});
