import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { BusinessRuleError, ConflictError, NotFoundError } from "../../shared/platform/errors.ts";
import { createUnitSchema } from "../../shared/units/schemas.ts";
import { makeUnitUseCases } from "../../shared/units/use-cases.ts";
import { fixedClock, memoryUnits } from "../fakes/memory.ts";
import { caller, unitRecord } from "../fakes/records.ts";

const admin = caller("admin");

const setup = () => {
  const units = memoryUnits([unitRecord({ id: "city-office", kind: "office", name: "City Office" })]);
  const clock = fixedClock("2026-12-01T00:00:00.000Z");
  return { units, clock, useCases: makeUnitUseCases({ units, clock }) };
};

const invalidParent = (message: string) => (error: unknown) => {
  assert.ok(error instanceof BusinessRuleError, String(error));
  assert.equal(error.status, 422);
  assert.equal(error.code, "INVALID_PARENT");
  assert.deepEqual(error.details, [{ path: "parentId", message }]);
  return true;
};

describe("units", () => {
  it("creates a unit under an existing parent, stamped by its creator", async () => {
    const { useCases, units } = setup();
    const unit = await useCases.create(admin, {
      id: "dept-a",
      name: "Department A",
      kind: "department",
      parentId: "city-office",
      emails: ["a@city.gov"],
    });
    assert.deepEqual(unit, {
      id: "dept-a",
      name: "Department A",
      kind: "department",
      parentId: "city-office",
      emails: ["a@city.gov"],
      createdBy: "root",
      createdAt: "2026-12-01T00:00:00.000Z",
      updatedAt: "2026-12-01T00:00:00.000Z",
      version: 1,
    });
    assert.deepEqual(units.records.get("dept-a"), unit);
    assert.deepEqual(await useCases.get("dept-a"), unit);
  });

  it("refuses a unit that is its own parent", async () => {
    const { useCases, units } = setup();
    await assert.rejects(
      useCases.create(admin, { id: "dept-a", name: "A", kind: "department", parentId: "dept-a", emails: [] }),
      invalidParent("parentId must name another unit"),
    );
    assert.equal(units.records.has("dept-a"), false);
    await assert.rejects(
      useCases.update(admin, "city-office", {
        name: "City Office",
        kind: "office",
        parentId: "city-office",
        emails: [],
      }),
      invalidParent("parentId must name another unit"),
    );
  });

  it("refuses a parent under the unit itself, however far down (PARENT_CYCLE)", async () => {
    const { useCases, units } = setup();
    units.records.set(
      "supervision-office",
      unitRecord({ id: "supervision-office", kind: "office", parentId: "city-office" }),
    );
    units.records.set(
      "inspection-team",
      unitRecord({ id: "inspection-team", kind: "office", parentId: "supervision-office" }),
    );
    for (const parentId of ["supervision-office", "inspection-team"]) {
      await assert.rejects(
        useCases.update(admin, "city-office", { name: "City Office", kind: "office", parentId, emails: [] }),
        (error) => {
          assert.ok(error instanceof BusinessRuleError, String(error));
          assert.equal(error.status, 422);
          assert.equal(error.code, "PARENT_CYCLE");
          assert.deepEqual(
            error.details.map((detail) => detail.path),
            ["parentId"],
          );
          assert.match(error.details[0]?.message ?? "", /city-office or one of its sub-units/);
          return true;
        },
      );
    }
    assert.equal(units.records.get("city-office")?.parentId, undefined);
    assert.equal(units.records.get("city-office")?.version, 1);
  });

  it("lets only one of two simultaneous moves through when together they would close a cycle", async () => {
    const { useCases, units } = setup();
    units.records.set("supervision-office", unitRecord({ id: "supervision-office", kind: "office" }));
    const move = (id: string, parentId: string) =>
      useCases.update(admin, id, { name: id, kind: "office", parentId, emails: [] });
    // Each move reads the other unit as a parent without one, so each alone is fine.
    const outcomes = await Promise.allSettled([
      move("city-office", "supervision-office"),
      move("supervision-office", "city-office"),
    ]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ["fulfilled", "rejected"],
    );
    const [, lost] = outcomes;
    assert.ok(lost?.status === "rejected" && lost.reason instanceof ConflictError);
    assert.equal(units.records.get("supervision-office")?.parentId, undefined, "no cycle was stored");
  });

  it("refuses a chain of parents longer than 32 units, and stops on a loop already stored", async () => {
    const { useCases, units } = setup();
    for (let level = 1; level <= 33; level++) {
      units.records.set(
        `level-${level}`,
        unitRecord({ id: `level-${level}`, ...(level > 1 ? { parentId: `level-${level - 1}` } : {}) }),
      );
    }
    const under = (parentId: string, id = "new-unit") =>
      useCases.create(admin, { id, name: "New", kind: "department", parentId, emails: [] });
    await assert.rejects(
      under("level-33"),
      (error) => error instanceof BusinessRuleError && error.code === "PARENT_CYCLE",
    );
    assert.equal((await under("level-32")).parentId, "level-32");

    units.records.set("loop-a", unitRecord({ id: "loop-a", parentId: "loop-b" }));
    units.records.set("loop-b", unitRecord({ id: "loop-b", parentId: "loop-a" }));
    await assert.rejects(
      under("loop-a", "another"),
      (error) => error instanceof BusinessRuleError && error.code === "PARENT_CYCLE",
    );
  });

  it("refuses a parent that does not exist", async () => {
    const { useCases, units } = setup();
    await assert.rejects(
      useCases.create(admin, {
        id: "dept-a",
        name: "A",
        kind: "department",
        parentId: "nowhere",
        emails: [],
      }),
      invalidParent('no unit has the id "nowhere"'),
    );
    assert.equal(units.records.has("dept-a"), false);
    await assert.rejects(
      useCases.update(admin, "city-office", {
        name: "City Office",
        kind: "office",
        parentId: "nowhere",
        emails: [],
      }),
      invalidParent('no unit has the id "nowhere"'),
    );
    assert.equal(units.records.get("city-office")?.version, 1);
  });

  it("refuses a second unit with the same id", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.create(admin, { id: "city-office", name: "Again", kind: "office", emails: [] }),
      (error) => error instanceof ConflictError && error.code === "ALREADY_EXISTS",
    );
  });

  it("replaces a unit's fields, keeping who created it and when, and raising its version", async () => {
    const { useCases, clock, units } = setup();
    await useCases.create(admin, {
      id: "dept-a",
      name: "A",
      kind: "department",
      parentId: "city-office",
      emails: [],
    });
    clock.set("2026-12-05T00:00:00.000Z");
    const editor = { sub: "editor", roles: ["admin" as const], unitId: "city-office" };
    const next = await useCases.update(editor, "dept-a", {
      name: "Dept A",
      kind: "department",
      emails: ["a@city.gov"],
    });
    assert.deepEqual(next, {
      id: "dept-a",
      name: "Dept A",
      kind: "department",
      emails: ["a@city.gov"],
      createdBy: "root",
      createdAt: "2026-12-01T00:00:00.000Z",
      updatedAt: "2026-12-05T00:00:00.000Z",
      version: 2,
    });
    assert.equal("parentId" in next, false, "a replacement without a parent has none");
    assert.deepEqual(units.records.get("dept-a"), next);
  });

  it("answers an unknown unit as not found", async () => {
    const { useCases } = setup();
    await assert.rejects(useCases.get("nowhere"), NotFoundError);
    await assert.rejects(
      useCases.update(admin, "nowhere", { name: "N", kind: "office", emails: [] }),
      NotFoundError,
    );
  });

  it("lists units a page at a time", async () => {
    const { useCases } = setup();
    await useCases.create(admin, { id: "dept-a", name: "A", kind: "department", emails: [] });
    const page = await useCases.list({ limit: 1 });
    assert.equal(page.items.length, 1);
    assert.equal((await useCases.list({ limit: 10 })).items.length, 2);
  });

  it("defaults emails to none and refuses addresses that are not addresses", () => {
    assert.deepEqual(createUnitSchema.parse({ id: "v-1", name: "Village", kind: "village" }).emails, []);
    assert.equal(
      createUnitSchema.safeParse({ id: "v-1", name: "Village", kind: "village", emails: ["nope"] }).success,
      false,
    );
    assert.equal(createUnitSchema.safeParse({ id: "../x", name: "Village", kind: "village" }).success, false);
  });
});
