import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { makeFactUseCases } from "../../shared/facts/use-cases.ts";
import { BusinessRuleError, ForbiddenError, NotFoundError } from "../../shared/platform/errors.ts";
import { fixedClock, memoryFacts, memoryRequests, memoryUnits, sequentialIds } from "../fakes/memory.ts";
import { caller, meetingFact, meetingReport, requestRecord, unitRecord } from "../fakes/records.ts";

const clerk = caller("clerk");
const village = caller("village");

const report = meetingReport;

const setup = () => {
  const facts = memoryFacts([
    meetingFact({ id: "fa", unitId: "dept-a" }),
    meetingFact({ id: "fv", unitId: "village-1" }),
  ]);
  const units = memoryUnits([unitRecord({ id: "dept-a" }), unitRecord({ id: "dept-b" })]);
  const requests = memoryRequests([
    requestRecord({ id: "ra", unitId: "dept-a" }),
    requestRecord({ id: "rb", unitId: "dept-b" }),
  ]);
  const clock = fixedClock("2026-11-28T00:00:00.000Z");
  const useCases = makeFactUseCases({ facts, units, requests, clock, ids: sequentialIds("F") });
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
