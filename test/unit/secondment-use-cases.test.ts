import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../shared/platform/errors.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import type { RegisterSecondmentBody, Secondment } from "../../shared/secondments/schemas.ts";
import { secondmentSchema } from "../../shared/secondments/schemas.ts";
import { makeSecondmentUseCases } from "../../shared/secondments/use-cases.ts";
import { fixedClock, memorySecondments, memoryUnits, sequentialIds } from "../fakes/memory.ts";
import { caller, unitRecord } from "../fakes/records.ts";

/** 27 November 2026, 16:00 in Shanghai. */
const NOW = "2026-11-27T08:00:00.000Z";

const clerk = caller("clerk");
const otherClerk = caller("otherClerk");
const village = caller("village");
const otherVillage: Caller = { sub: "cadre-2", roles: ["grassroots"], unitId: "village-2" };
const supervisor = caller("supervisor");

const secondment = (overrides: Partial<Secondment> = {}): Secondment => ({
  id: "s1",
  personRef: "借调-2026-003",
  fromUnitId: "village-1",
  toUnitId: "dept-a",
  startDate: "2026-03-02",
  returnBy: "2026-06-30",
  purpose: "School safety",
  registeredBy: "borrower",
  status: "pending_confirmation",
  createdBy: "clerk",
  createdAt: "2026-03-02T01:00:00.000Z",
  updatedAt: "2026-03-02T01:00:00.000Z",
  version: 1,
  ...overrides,
});

const setup = (records: Secondment[] = []) => {
  const secondments = memorySecondments(records);
  const clock = fixedClock(NOW);
  const useCases = makeSecondmentUseCases({
    secondments,
    units: memoryUnits([
      unitRecord({ id: "dept-a" }),
      unitRecord({ id: "dept-b" }),
      unitRecord({ id: "city-office", kind: "office" }),
      unitRecord({ id: "township-east", kind: "township" }),
      unitRecord({ id: "village-1", kind: "village", parentId: "township-east" }),
      unitRecord({ id: "village-2", kind: "village", parentId: "township-east" }),
    ]),
    clock,
    ids: sequentialIds("S"),
    timeZone: "Asia/Shanghai",
  });
  return { secondments, clock, useCases };
};

const borrowed = (overrides: Partial<RegisterSecondmentBody> = {}): RegisterSecondmentBody => ({
  personRef: "借调-2026-003",
  fromUnitId: "village-1",
  startDate: "2026-03-02",
  returnBy: "2026-06-30",
  purpose: "School safety",
  ...overrides,
});

const lent = (overrides: Partial<RegisterSecondmentBody> = {}): RegisterSecondmentBody => ({
  personRef: "LC-2026-07",
  toUnitId: "dept-a",
  startDate: "2025-12-15",
  returnBy: "2026-01-31",
  purpose: "Census",
  ...overrides,
});

const rule = (code: string, path?: string) => (error: unknown) => {
  assert.ok(error instanceof BusinessRuleError, String(error));
  assert.equal(error.code, code);
  if (path)
    assert.deepEqual(
      error.details.map((detail) => detail.path),
      [path],
    );
  return true;
};
const conflict = (code: string) => (error: unknown) => {
  assert.ok(error instanceof ConflictError, String(error));
  assert.equal(error.code, code);
  return true;
};
const invalidAt = (path: string, message: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ValidationError, String(error));
  assert.equal(error.details[0]?.path, path);
  assert.match(error.details[0]?.message ?? "", message);
  return true;
};
const missing = (error: unknown) => error instanceof NotFoundError;

describe("registering a secondment", () => {
  it("by a department: its own unit borrows from the grassroots unit named, pending the lender's confirmation", async () => {
    const { useCases, secondments } = setup();
    const record = await useCases.register(clerk, borrowed());
    assert.deepEqual(record, {
      id: "S0001",
      personRef: "借调-2026-003",
      fromUnitId: "village-1",
      toUnitId: "dept-a",
      startDate: "2026-03-02",
      returnBy: "2026-06-30",
      purpose: "School safety",
      registeredBy: "borrower",
      status: "pending_confirmation",
      createdBy: "clerk",
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    });
    assert.equal(secondmentSchema.safeParse(record).success, true);
    assert.deepEqual(
      secondments.audits.get("S0001")?.map((entry) => entry.action),
      ["secondment.registered"],
    );
    assert.deepEqual(secondments.counted, [
      { year: 2026, unitId: "dept-a", deltas: { "secondments.registered": 1 } },
      { year: 2026, unitId: "village-1", deltas: { "secondments.lent": 1 } },
    ]);
    const named = await useCases.register(clerk, borrowed({ toUnitId: "dept-a" }));
    assert.equal(named.toUnitId, "dept-a", "naming its own unit is the same as leaving it out");
  });

  it("by a township or village: its own unit lends to the department named, counted in the year it starts", async () => {
    const { useCases, secondments } = setup();
    const record = await useCases.register(village, lent({ fromUnitId: "village-1" }));
    assert.equal(record.registeredBy, "lender");
    assert.equal(record.fromUnitId, "village-1");
    assert.equal(record.toUnitId, "dept-a");
    assert.deepEqual(
      secondments.counted.map((change) => change.year),
      [2025, 2025],
    );
    const toOffice = await useCases.register(village, lent({ toUnitId: "city-office" }));
    assert.equal(toOffice.toUnitId, "city-office", "an office borrows too");
  });

  it("refuses a side that is not the caller's own unit", async () => {
    const { useCases, secondments } = setup();
    await assert.rejects(
      useCases.register(clerk, borrowed({ toUnitId: "dept-b" })),
      rule("NOT_OWN_UNIT", "toUnitId"),
    );
    await assert.rejects(
      useCases.register(village, lent({ fromUnitId: "village-2" })),
      rule("NOT_OWN_UNIT", "fromUnitId"),
    );
    assert.equal(secondments.records.size, 0);
  });

  it("asks for the other side when it is left out", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.register(clerk, borrowed({ fromUnitId: undefined })),
      invalidAt("fromUnitId", /fromUnitId is required: name the township or village/),
    );
    await assert.rejects(
      useCases.register(village, lent({ toUnitId: undefined })),
      invalidAt("toUnitId", /toUnitId is required: name the department or office/),
    );
  });

  it("refuses units that do not exist or are on the wrong side", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.register(clerk, borrowed({ fromUnitId: "village-9" })),
      rule("UNKNOWN_UNIT", "fromUnitId"),
    );
    await assert.rejects(
      useCases.register(clerk, borrowed({ fromUnitId: "dept-b" })),
      rule("LENDER_NOT_GRASSROOTS", "fromUnitId"),
    );
    await assert.rejects(
      useCases.register(village, lent({ toUnitId: "dept-z" })),
      rule("UNKNOWN_UNIT", "toUnitId"),
    );
    await assert.rejects(
      useCases.register(village, lent({ toUnitId: "township-east" })),
      rule("BORROWER_NOT_CITY_UNIT", "toUnitId"),
    );
    const stray: Caller = { sub: "x", roles: ["department"], unitId: "dept-gone" };
    await assert.rejects(useCases.register(stray, borrowed()), rule("UNKNOWN_UNIT", "toUnitId"));
  });

  it("needs an account with a unit", async () => {
    const { useCases } = setup();
    await assert.rejects(useCases.register(caller("unitless"), borrowed()), ForbiddenError);
  });
});

describe("a secondment's lifecycle", () => {
  it("runs from registration by the borrower to the lender's confirmation of the return, each step audited and counted", async () => {
    const { useCases, secondments, clock } = setup();
    const { id } = await useCases.register(clerk, borrowed());
    clock.set("2026-11-28T02:00:00.000Z");
    const active = await useCases.confirm(village, id);
    assert.equal(active.status, "active");
    assert.equal(active.confirmedAt, "2026-11-28T02:00:00.000Z");
    assert.equal(active.version, 2);
    const declared = await useCases.declareReturn(clerk, id, { returnedOn: "2026-11-28" });
    assert.equal(declared.status, "return_declared");
    assert.equal(declared.returnedOn, "2026-11-28");
    clock.set("2026-11-29T02:00:00.000Z");
    const returned = await useCases.confirmReturn(village, id);
    assert.equal(returned.status, "returned");
    assert.equal(returned.returnConfirmedAt, "2026-11-29T02:00:00.000Z");
    assert.equal(returned.version, 4);
    assert.equal(secondmentSchema.safeParse(returned).success, true);
    assert.deepEqual(
      secondments.audits.get(id)?.map((entry) => entry.action),
      ["secondment.registered", "secondment.confirmed", "secondment.return_declared", "secondment.returned"],
    );
    assert.deepEqual(secondments.counted.slice(2), [
      { year: 2026, unitId: "dept-a", deltas: { "secondments.active": 1 } },
      { year: 2026, unitId: "dept-a", deltas: { "secondments.active": -1, "secondments.returned": 1 } },
    ]);
  });

  it("is confirmed by the borrower when the lender registered it", async () => {
    const { useCases } = setup();
    const { id } = await useCases.register(village, lent());
    await assert.rejects(useCases.confirm(village, id), rule("OWN_REGISTRATION"));
    assert.equal((await useCases.confirm(clerk, id)).status, "active");
  });

  it("is not confirmed by the side that registered it, nor twice", async () => {
    const { useCases } = setup([secondment()]);
    await assert.rejects(useCases.confirm(clerk, "s1"), (error: unknown) => {
      assert.ok(rule("OWN_REGISTRATION")(error));
      assert.match(error instanceof Error ? error.message : "", /the lending unit confirms it/);
      return true;
    });
    await useCases.confirm(village, "s1");
    await assert.rejects(useCases.confirm(village, "s1"), conflict("INVALID_TRANSITION"));
  });

  it("is hidden from units that are on neither side", async () => {
    const { useCases } = setup([secondment(), secondment({ id: "s2", status: "active" })]);
    await assert.rejects(useCases.confirm(otherVillage, "s1"), missing);
    await assert.rejects(useCases.confirm(otherClerk, "s1"), missing);
    await assert.rejects(useCases.declareReturn(otherClerk, "s2", { returnedOn: "2026-11-01" }), missing);
    await assert.rejects(useCases.confirmReturn(otherVillage, "s2"), missing);
    await assert.rejects(useCases.confirm(village, "nope"), missing);
    await assert.rejects(useCases.confirm(caller("unitless"), "s1"), missing);
  });

  it("takes a return only from the borrower, while active, on a day from startDate to today", async () => {
    const { useCases } = setup([secondment({ status: "active" }), secondment({ id: "s2" })]);
    await assert.rejects(
      useCases.declareReturn(village, "s1", { returnedOn: "2026-11-01" }),
      rule("NOT_BORROWER"),
    );
    await assert.rejects(
      useCases.declareReturn(clerk, "s2", { returnedOn: "2026-11-01" }),
      conflict("INVALID_TRANSITION"),
    );
    await assert.rejects(
      useCases.declareReturn(clerk, "s1", { returnedOn: "2026-03-01" }),
      invalidAt("returnedOn", /must not be before the secondment's startDate 2026-03-02/),
    );
    await assert.rejects(
      useCases.declareReturn(clerk, "s1", { returnedOn: "2026-11-28" }),
      invalidAt("returnedOn", /must not be in the future \(today is 2026-11-27\)/),
    );
    const declared = await useCases.declareReturn(clerk, "s1", { returnedOn: "2026-03-02" });
    assert.equal(declared.returnedOn, "2026-03-02");
  });

  it("has its return confirmed only by the lender, once declared", async () => {
    const { useCases } = setup([secondment({ status: "return_declared", returnedOn: "2026-06-01" })]);
    await assert.rejects(useCases.confirmReturn(clerk, "s1"), rule("NOT_LENDER"));
    await useCases.confirmReturn(village, "s1");
    await assert.rejects(useCases.confirmReturn(village, "s1"), conflict("INVALID_TRANSITION"));
  });

  it("refuses a change made on a version someone else changed meanwhile", async () => {
    const { secondments } = setup([secondment()]);
    const stale = secondment();
    secondments.records.set("s1", { ...stale, version: 2 });
    const racing = makeSecondmentUseCases({
      secondments: { ...secondments, get: async () => stale },
      units: memoryUnits(),
      clock: fixedClock(NOW),
      ids: sequentialIds(),
      timeZone: "Asia/Shanghai",
    });
    await assert.rejects(racing.confirm(village, "s1"), conflict("STATE_CHANGED"));
    assert.equal(secondments.records.get("s1")?.status, "pending_confirmation");
  });
});

describe("reading secondments", () => {
  const records = [
    secondment({ id: "s1" }),
    secondment({ id: "s2", status: "active", startDate: "2026-04-01" }),
    secondment({ id: "s3", fromUnitId: "village-2", toUnitId: "dept-b", returnBy: "2026-05-01" }),
    secondment({ id: "s4", status: "returned", fromUnitId: "village-2" }),
  ];
  const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

  it("shows a department what it borrowed, a grassroots unit what it lent", async () => {
    const { useCases } = setup(records);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25 })), ["s2", "s4", "s1"]);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25, status: "active" })), ["s2"]);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25, unitId: "dept-a" })), ["s2", "s4", "s1"]);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25, unitId: "dept-b" })), []);
    assert.deepEqual(ids(await useCases.list(village, { limit: 25 })), ["s2", "s1"]);
    assert.deepEqual(ids(await useCases.list(otherVillage, { limit: 25 })), ["s4", "s3"]);
  });

  it("shows supervisors everything, one unit's by its side, or a status's queue by returnBy", async () => {
    const { useCases } = setup(records);
    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25 })).sort(), ["s1", "s2", "s3", "s4"]);
    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25, unitId: "village-2" })), ["s4", "s3"]);
    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25, unitId: "dept-b" })), ["s3"]);
    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25, unitId: "nowhere" })), []);
    assert.deepEqual(
      ids(await useCases.list(caller("approver"), { limit: 25, status: "pending_confirmation" })),
      ["s3", "s1"],
    );
  });

  it("reads one with its audit trail, for the two sides and those who see all", async () => {
    const { useCases } = setup();
    const { id } = await useCases.register(clerk, borrowed());
    for (const reader of [clerk, village, supervisor, caller("admin")]) {
      const read = await useCases.get(reader, id);
      assert.equal(read.id, id);
      assert.deepEqual(
        read.audit.map((entry) => entry.action),
        ["secondment.registered"],
      );
    }
    await assert.rejects(useCases.get(otherClerk, id), missing);
    await assert.rejects(useCases.get(otherVillage, id), missing);
    await assert.rejects(useCases.get(clerk, "nope"), missing);
  });
});
