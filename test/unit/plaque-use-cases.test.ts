import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { Plaque, PlaqueType } from "../../shared/plaques/schemas.ts";
import { plaqueSchema, plaqueTypeSchema } from "../../shared/plaques/schemas.ts";
import { makePlaqueUseCases } from "../../shared/plaques/use-cases.ts";
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../shared/platform/errors.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import { fixedClock, memoryPlaques, memoryUnits, sequentialIds } from "../fakes/memory.ts";
import { caller, unitRecord } from "../fakes/records.ts";

/** 28 November 2026, 00:30 in Shanghai: the UTC day is still the 27th. */
const NOW = "2026-11-27T16:30:00.000Z";

const admin = caller("admin");
const village = caller("village");
const clerk = caller("clerk");
const otherVillage: Caller = { sub: "cadre-2", roles: ["grassroots"], unitId: "village-2" };
const township: Caller = { sub: "cadre-t", roles: ["grassroots"], unitId: "township-east" };

const plaqueType = (overrides: Partial<PlaqueType> = {}): PlaqueType => ({
  id: "t1",
  name: "村民委员会",
  description: "The villagers' committee",
  createdBy: "root",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  version: 1,
  ...overrides,
});

const plaque = (overrides: Partial<Plaque> = {}): Plaque => ({
  id: "p1",
  villageUnitId: "village-1",
  title: "Agricultural extension station",
  issuingUnitId: "dept-a",
  status: "to_remove",
  removeBy: "2026-12-28",
  createdBy: "village-head",
  createdAt: "2026-11-28T02:00:00.000Z",
  updatedAt: "2026-11-28T02:00:00.000Z",
  version: 1,
  ...overrides,
});

const setup = (seed: { types?: PlaqueType[]; plaques?: Plaque[] } = {}) => {
  const plaques = memoryPlaques({ types: seed.types ?? [plaqueType()], plaques: seed.plaques ?? [] });
  const clock = fixedClock(NOW);
  const useCases = makePlaqueUseCases({
    plaques,
    units: memoryUnits([
      unitRecord({ id: "dept-a" }),
      unitRecord({ id: "dept-b" }),
      unitRecord({ id: "township-east", kind: "township" }),
      unitRecord({ id: "village-1", kind: "village", parentId: "township-east" }),
      unitRecord({ id: "village-2", kind: "village", parentId: "township-east" }),
    ]),
    clock,
    ids: sequentialIds("P"),
    timeZone: "Asia/Shanghai",
    removeDays: 30,
  });
  return { plaques, clock, useCases };
};

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

describe("admitted plaque types", () => {
  it("are created, renamed and listed by an administrator, each change audited", async () => {
    const { useCases, plaques, clock } = setup({ types: [] });
    const created = await useCases.createType(admin, { name: "党群服务中心", description: "Service centre" });
    assert.deepEqual(created, {
      id: "P0001",
      name: "党群服务中心",
      description: "Service centre",
      createdBy: "root",
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    });
    assert.equal(plaqueTypeSchema.safeParse(created).success, true);
    clock.set("2026-11-30T00:00:00.000Z");
    const renamed = await useCases.updateType(admin, "P0001", {
      name: "党群服务中心",
      description: "The service centre for Party members and residents",
    });
    assert.equal(renamed.version, 2);
    assert.equal(renamed.createdAt, NOW);
    assert.equal(renamed.updatedAt, "2026-11-30T00:00:00.000Z");
    assert.deepEqual(
      plaques.audits.get("P0001")?.map((entry) => entry.action),
      ["plaque_type.created", "plaque_type.updated"],
    );
    assert.deepEqual(
      (await useCases.listTypes({ limit: 10 })).items.map((type) => type.id),
      ["P0001"],
    );
  });

  it("keep their names apart, whatever the spacing or case", async () => {
    const { useCases } = setup({ types: [plaqueType(), plaqueType({ id: "t2", name: "Village Office" })] });
    await assert.rejects(
      useCases.createType(admin, { name: " 村民委员会 ", description: "again" }),
      rule("DUPLICATE_PLAQUE_TYPE", "name"),
    );
    await assert.rejects(
      useCases.updateType(admin, "t1", { name: "village office", description: "x" }),
      rule("DUPLICATE_PLAQUE_TYPE", "name"),
    );
  });

  it("are changed only if they exist and nobody changed them meanwhile", async () => {
    const { useCases, plaques } = setup();
    await assert.rejects(useCases.updateType(admin, "nope", { name: "x", description: "y" }), missing);
    const racing = makePlaqueUseCases({
      plaques: { ...plaques, getType: async () => plaqueType({ version: 0 }) },
      units: memoryUnits(),
      clock: fixedClock(NOW),
      ids: sequentialIds(),
      timeZone: "Asia/Shanghai",
      removeDays: 30,
    });
    await assert.rejects(
      racing.updateType(admin, "t1", { name: "x", description: "y" }),
      conflict("STATE_CHANGED"),
    );
  });
});

describe("registering a plaque", () => {
  it("of an admitted type: admitted, counted for the village and the issuing unit", async () => {
    const { useCases, plaques } = setup();
    const record = await useCases.register(village, {
      title: "柳村村民委员会",
      issuingUnitId: "dept-a",
      typeId: "t1",
    });
    assert.deepEqual(record, {
      id: "P0001",
      villageUnitId: "village-1",
      title: "柳村村民委员会",
      issuingUnitId: "dept-a",
      typeId: "t1",
      status: "admitted",
      createdBy: "village-head",
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    });
    assert.equal(plaqueSchema.safeParse(record).success, true);
    assert.deepEqual(
      plaques.audits.get("P0001")?.map((entry) => entry.action),
      ["plaque.registered"],
    );
    assert.deepEqual(plaques.counted, [
      {
        year: 2026,
        unitId: "village-1",
        deltas: { "plaques.registered": 1, "plaques.admitted": 1, "plaques.pending": 0 },
      },
      { year: 2026, unitId: "dept-a", deltas: { "plaques.demanded": 1, "plaques.demandedUnadmitted": 0 } },
    ]);
  });

  it("of no type: to be removed PLAQUE_REMOVE_DAYS after the local day of registration", async () => {
    const { useCases, plaques } = setup();
    const record = await useCases.register(village, { title: "Extension station", issuingUnitId: "dept-a" });
    assert.equal(record.status, "to_remove");
    assert.equal(record.removeBy, "2026-12-28", "the 28th in Shanghai plus 30 days");
    assert.equal("typeId" in record, false);
    assert.deepEqual(plaques.counted, [
      {
        year: 2026,
        unitId: "village-1",
        deltas: { "plaques.registered": 1, "plaques.admitted": 0, "plaques.pending": 1 },
      },
      { year: 2026, unitId: "dept-a", deltas: { "plaques.demanded": 1, "plaques.demandedUnadmitted": 1 } },
    ]);
    assert.deepEqual(
      (await plaques.toRemove()).map((due) => due.id),
      ["P0001"],
    );
  });

  it("counts a local New Year's Day registration in the new year", async () => {
    const { useCases, plaques, clock } = setup();
    clock.set("2026-12-31T16:30:00.000Z");
    const record = await useCases.register(village, { title: "x", issuingUnitId: "dept-a" });
    assert.equal(record.removeBy, "2027-01-31");
    assert.deepEqual(new Set(plaques.counted.map((change) => change.year)), new Set([2027]));
  });

  it("only by a village, for an issuing unit and a type that exist", async () => {
    const { useCases, plaques } = setup();
    await assert.rejects(
      useCases.register(township, { title: "x", issuingUnitId: "dept-a" }),
      (error: unknown) => rule("NOT_VILLAGE")(error) && /is a township/.test(String(error)),
    );
    const stray: Caller = { sub: "x", roles: ["grassroots"], unitId: "village-gone" };
    await assert.rejects(
      useCases.register(stray, { title: "x", issuingUnitId: "dept-a" }),
      (error: unknown) => rule("NOT_VILLAGE")(error) && /not a known unit/.test(String(error)),
    );
    await assert.rejects(
      useCases.register(village, { title: "x", issuingUnitId: "dept-z" }),
      rule("UNKNOWN_UNIT", "issuingUnitId"),
    );
    await assert.rejects(
      useCases.register(village, { title: "x", issuingUnitId: "dept-a", typeId: "t9" }),
      rule("UNKNOWN_PLAQUE_TYPE", "typeId"),
    );
    await assert.rejects(
      useCases.register(caller("unitless"), { title: "x", issuingUnitId: "dept-a" }),
      ForbiddenError,
    );
    assert.equal(plaques.records.size, 0);
  });
});

describe("removing a plaque", () => {
  it("from to_remove: removed, the village's pending count down", async () => {
    const { useCases, plaques } = setup({ plaques: [plaque()] });
    const removed = await useCases.remove(village, "p1", { removedOn: "2026-11-28" });
    assert.equal(removed.status, "removed");
    assert.equal(removed.removedOn, "2026-11-28");
    assert.equal(removed.removeBy, "2026-12-28", "the deadline it was removed by stays on record");
    assert.equal(removed.version, 2);
    assert.deepEqual(
      plaques.audits.get("p1")?.map((entry) => entry.action),
      ["plaque.removed"],
    );
    assert.deepEqual(plaques.counted, [
      { year: 2026, unitId: "village-1", deltas: { "plaques.removed": 1, "plaques.pending": -1 } },
    ]);
    await assert.rejects(
      useCases.remove(village, "p1", { removedOn: "2026-11-28" }),
      conflict("INVALID_TRANSITION"),
    );
  });

  it("from admitted too: a village may take any plaque down", async () => {
    const { useCases, plaques } = setup({
      plaques: [plaque({ status: "admitted", typeId: "t1", removeBy: undefined })],
    });
    assert.equal((await useCases.remove(village, "p1", { removedOn: "2026-11-28" })).status, "removed");
    assert.equal(plaques.counted[0]?.deltas["plaques.pending"], 0);
  });

  it("on a day from its registration to today, by its own village only", async () => {
    const { useCases } = setup({ plaques: [plaque()] });
    await assert.rejects(
      useCases.remove(village, "p1", { removedOn: "2026-11-29" }),
      invalidAt("removedOn", /must not be in the future \(today is 2026-11-28\)/),
    );
    await assert.rejects(
      useCases.remove(village, "p1", { removedOn: "2026-11-27" }),
      invalidAt("removedOn", /must not be before the plaque was registered on 2026-11-28/),
    );
    await assert.rejects(useCases.remove(otherVillage, "p1", { removedOn: "2026-11-28" }), missing);
    await assert.rejects(useCases.remove(village, "nope", { removedOn: "2026-11-28" }), missing);
  });
});

describe("reading plaques", () => {
  const records = [
    plaque({ id: "p1" }),
    plaque({
      id: "p2",
      status: "admitted",
      typeId: "t1",
      removeBy: undefined,
      createdAt: "2026-11-29T00:00:00.000Z",
    }),
    plaque({ id: "p3", villageUnitId: "village-2", issuingUnitId: "dept-b", removeBy: "2026-12-01" }),
    plaque({ id: "p4", villageUnitId: "village-2", status: "removed", removedOn: "2026-11-28" }),
  ];
  const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

  it("shows a village its own, a department those it demanded", async () => {
    const { useCases } = setup({ plaques: records });
    assert.deepEqual(ids(await useCases.list(village, { limit: 25 })), ["p2", "p1"]);
    assert.deepEqual(ids(await useCases.list(village, { limit: 25, status: "to_remove" })), ["p1"]);
    assert.deepEqual(ids(await useCases.list(village, { limit: 25, villageUnitId: "village-1" })), [
      "p2",
      "p1",
    ]);
    assert.deepEqual(ids(await useCases.list(village, { limit: 25, villageUnitId: "village-2" })), []);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25 })), ["p2", "p4", "p1"]);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25, villageUnitId: "village-2" })), ["p4"]);
    assert.deepEqual(ids(await useCases.list(caller("otherClerk"), { limit: 25 })), ["p3"]);
  });

  it("shows supervisors, approvers and admins every plaque, filtered", async () => {
    const { useCases } = setup({ plaques: records });
    const supervisor = caller("supervisor");
    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25 })).sort(), ["p1", "p2", "p3", "p4"]);
    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25, villageUnitId: "village-2" })).sort(), [
      "p3",
      "p4",
    ]);
    assert.deepEqual(
      ids(await useCases.list(caller("approver"), { limit: 25, status: "to_remove" })).sort(),
      ["p1", "p3"],
    );
  });

  it("reads one with its trail, for its village, its issuing unit and those who see all", async () => {
    const { useCases } = setup({ plaques: records });
    await useCases.remove(village, "p1", { removedOn: "2026-11-28" });
    for (const reader of [village, clerk, caller("supervisor"), admin]) {
      const read = await useCases.get(reader, "p1");
      assert.equal(read.status, "removed");
      assert.deepEqual(
        read.audit.map((entry) => entry.action),
        ["plaque.removed"],
      );
    }
    await assert.rejects(useCases.get(otherVillage, "p1"), missing);
    await assert.rejects(useCases.get(caller("otherClerk"), "p1"), missing);
    await assert.rejects(useCases.get(caller("unitless"), "p1"), missing);
    await assert.rejects(useCases.get(village, "nope"), missing);
  });
});
