import { nowIso } from "../db/store.ts";
import { type UnitRepository, unitRepository } from "../db/units-repo.ts";
import type { Caller } from "../domain/roles.ts";
import type { CreateUnitInput, Unit, UpdateUnitInput } from "../domain/units.ts";
import { BusinessRuleError, NotFoundError } from "../errors.ts";

const requireParent = async (units: UnitRepository, parentId: string | undefined, selfId: string) => {
  if (parentId === undefined) return;
  if (parentId === selfId) throw new BusinessRuleError("A unit cannot be its own parent", "INVALID_PARENT");
  if (!(await units.get(parentId))) {
    throw new BusinessRuleError(`Parent unit ${parentId} does not exist`, "INVALID_PARENT", [
      { path: "parentId", message: "no such unit" },
    ]);
  }
};

export const createUnit = async (
  caller: Caller,
  input: CreateUnitInput,
  units: UnitRepository = unitRepository,
): Promise<Unit> => {
  await requireParent(units, input.parentId, input.id);
  const at = nowIso();
  const unit: Unit = { ...input, version: 1, createdAt: at, updatedAt: at };
  await units.create(unit, caller);
  return unit;
};

export const updateUnit = async (
  caller: Caller,
  id: string,
  input: UpdateUnitInput,
  units: UnitRepository = unitRepository,
): Promise<Unit> => {
  const previous = await units.get(id);
  if (!previous) throw new NotFoundError(`Unit ${id} not found`);
  await requireParent(units, input.parentId, id);
  const next: Unit = {
    id,
    ...input,
    version: previous.version + 1,
    createdAt: previous.createdAt,
    updatedAt: nowIso(),
  };
  await units.replace(previous, next, caller);
  return next;
};

export const getUnit = async (id: string, units: UnitRepository = unitRepository): Promise<Unit> => {
  const unit = await units.get(id);
  if (!unit) throw new NotFoundError(`Unit ${id} not found`);
  return unit;
};

export const listUnits = (
  _caller: Caller,
  page: { limit: number; cursor?: string | undefined },
  units: UnitRepository = unitRepository,
) => units.list(page.limit, page.cursor);
