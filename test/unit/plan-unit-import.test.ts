import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { AppError } from "../../shared/platform/errors.ts";
import type { UnitChange, UnitRepository } from "../../shared/units/repository.ts";
import { makeUnitUseCases } from "../../shared/units/use-cases.ts";
import { fixedClock, memoryUnits } from "../fakes/memory.ts";
import { caller, unitRecord } from "../fakes/records.ts";

const admin = caller("admin");

const setup = () => {
  const units = memoryUnits([
    unitRecord({ id: "city-office", kind: "office", name: "City Office", emails: [] }),
    unitRecord({
      id: "township-east",
      kind: "township",
      name: "东城镇",
      parentId: "city-office",
      emails: [],
    }),
  ]);
  return { units, useCases: makeUnitUseCases({ units, clock: fixedClock("2026-12-01T00:00:00.000Z") }) };
};

const header = "id,name,kind,parentId,emails";

describe("units import from CSV", () => {
  it("creates, updates and leaves alone by id, parents found in the file or among existing units", async () => {
    const { units, useCases } = setup();
    const summary = await useCases.importCsv(
      admin,
      [
        header,
        "village-2,桃花村,village,village-parent,",
        'village-parent,"柳树村, 大队",village,township-east,a@city.gov;b@city.gov',
        "township-east,东城镇,township,city-office,",
        "township-west,西城镇,township,city-office,",
        "city-office,市政府办公室,office,,",
      ].join("\r\n"),
    );
    assert.deepEqual(summary, {
      created: 3,
      updated: 1,
      unchanged: 1,
      createdIds: ["township-west", "village-parent", "village-2"],
      updatedIds: ["city-office"],
    });
    assert.deepEqual(units.records.get("village-parent")?.emails, ["a@city.gov", "b@city.gov"]);
    assert.equal(units.records.get("village-2")?.parentId, "village-parent");
    assert.equal(units.records.get("village-2")?.createdBy, admin.sub);
  });

  it("refuses every bad line, cycles included, and writes nothing", async () => {
    const { units, useCases } = setup();
    const before = [...units.records.values()];
    await assert.rejects(
      useCases.importCsv(
        admin,
        [
          header,
          "a,甲,village,b,",
          "b,乙,village,a,",
          "c,丙,hamlet,city-office,",
          "d,丁,village,nowhere,",
          "city-office,市政府办公室,office,a,",
          "e,戊,village,township-east,not-an-email",
        ].join("\n"),
      ),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.status, 422);
        assert.equal(error.code, "INVALID_CSV");
        assert.deepEqual(
          error.details.map((detail) => detail.path),
          ["line 2", "line 3", "line 4", "line 5", "line 6", "line 7"],
        );
        assert.match(
          error.details[4]?.message ?? "",
          /^line 6: the chain of parents above "a" is more than 32 units long/,
        );
        return true;
      },
    );
    assert.deepEqual([...units.records.values()], before);
  });

  it("has every write check the units above it, as read or as the file writes them", async () => {
    const { units } = setup();
    const seen: UnitChange[] = [];
    const watching: UnitRepository = {
      ...units,
      writeMany: async (changes, ...rest) => {
        seen.push(...changes);
        return units.writeMany(changes, ...rest);
      },
    };
    const useCases = makeUnitUseCases({ units: watching, clock: fixedClock("2026-12-01T00:00:00.000Z") });
    await useCases.importCsv(
      admin,
      [
        header,
        "village-9,九村,village,township-east,",
        "township-east,东城镇（新）,township,city-office,",
      ].join("\n"),
    );
    const ancestors = Object.fromEntries(
      seen.map(({ next, ancestors }) => [next.id, ancestors.map((unit) => `${unit.id}@${unit.version}`)]),
    );
    assert.deepEqual(ancestors, {
      "township-east": ["city-office@1"],
      // The township as this import writes it (version 2), not as it was read.
      "village-9": ["township-east@2", "city-office@1"],
    });
  });

  it("refuses to write when a unit above the file's moved meanwhile, so no race closes a cycle", async () => {
    const { units } = setup();
    for (const id of ["a", "b"])
      units.records.set(id, unitRecord({ id, kind: "office", name: id, emails: [] }));
    // b moves under a after the import read every unit and before it writes: a concurrent PUT.
    const racing: UnitRepository = {
      ...units,
      writeMany: async (changes, ...rest) => {
        const b = units.records.get("b");
        assert.ok(b);
        units.records.set("b", { ...b, parentId: "a", version: b.version + 1 });
        return units.writeMany(changes, ...rest);
      },
    };
    const useCases = makeUnitUseCases({ units: racing, clock: fixedClock("2026-12-01T00:00:00.000Z") });
    await assert.rejects(
      useCases.importCsv(admin, [header, "a,甲,office,b,"].join("\n")),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, "STATE_CHANGED");
        return true;
      },
    );
    assert.equal(units.records.get("a")?.parentId, undefined, "no cycle a → b → a");
  });
});
