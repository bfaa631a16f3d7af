import type { Caller } from "../domain/roles.ts";
import type { Unit } from "../domain/units.ts";
import { ConflictError } from "../errors.ts";
import { createAudited, getItem, type Page, queryPage, replaceAudited, withoutKeys } from "./store.ts";

const unitPk = (id: string) => `UNIT#${id}`;
const UNIT_SK = "UNIT";

const toItem = (unit: Unit) => ({
  pk: unitPk(unit.id),
  sk: UNIT_SK,
  entity: "UNIT",
  gsi4pk: "UNIT",
  gsi4sk: unit.id,
  ...unit,
});

export type UnitRepository = {
  get(id: string): Promise<Unit | undefined>;
  list(limit: number, cursor?: string): Promise<Page<Unit>>;
  create(unit: Unit, caller: Caller): Promise<void>;
  replace(previous: Unit, next: Unit, caller: Caller): Promise<void>;
};

export const unitRepository: UnitRepository = {
  async get(id) {
    const item = await getItem(unitPk(id), UNIT_SK);
    return item ? (withoutKeys(item) as Unit) : undefined;
  },

  list(limit, cursor) {
    return queryPage(
      { index: "byType", partition: { name: "gsi4pk", value: "UNIT" }, limit, cursor, newestFirst: false },
      (item) => item as Unit,
    );
  },

  create(unit, caller) {
    return createAudited(
      toItem(unit),
      unit,
      { caller, action: "unit.created", at: unit.createdAt },
      () => new ConflictError(`Unit ${unit.id} already exists`, "ALREADY_EXISTS"),
    );
  },

  replace(previous, next, caller) {
    return replaceAudited(
      toItem(next),
      previous,
      next,
      { caller, action: "unit.updated", at: next.updatedAt },
      () => new ConflictError(`Unit ${next.id} was changed concurrently; read it again`),
    );
  },
};
