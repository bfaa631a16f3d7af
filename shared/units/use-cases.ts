import type { Clock } from "../platform/clock.ts";
import { BusinessRuleError, NotFoundError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import type { UnitRepository } from "./repository.ts";
import type { CreateUnitInput, Unit, UpdateUnitInput } from "./schemas.ts";

export type UnitDeps = { units: UnitRepository; clock: Clock };

export const makeUnitUseCases = ({ units, clock }: UnitDeps) => {
  const requireParent = async (parentId: string | undefined, selfId: string) => {
    if (parentId === undefined) return;
    if (parentId === selfId) {
      throw new BusinessRuleError("A unit cannot be its own parent", "INVALID_PARENT", [
        { path: "parentId", message: "parentId must name another unit" },
      ]);
    }
    if (!(await units.get(parentId))) {
      throw new BusinessRuleError(`Parent unit ${parentId} does not exist`, "INVALID_PARENT", [
        { path: "parentId", message: `no unit has the id "${parentId}"` },
      ]);
    }
  };

  return {
    async create(caller: Caller, input: CreateUnitInput): Promise<Unit> {
      await requireParent(input.parentId, input.id);
      const at = clock.now().toISOString();
      const unit: Unit = { ...input, createdBy: caller.sub, createdAt: at, updatedAt: at, version: 1 };
      await units.create(unit, caller);
      return unit;
    },

    async update(caller: Caller, id: string, input: UpdateUnitInput): Promise<Unit> {
      const previous = await units.get(id);
      if (!previous) throw new NotFoundError(`Unit ${id} not found`);
      await requireParent(input.parentId, id);
      const next: Unit = {
        id,
        ...input,
        createdBy: previous.createdBy,
        createdAt: previous.createdAt,
        updatedAt: clock.now().toISOString(),
        version: previous.version + 1,
      };
      await units.replace(previous, next, caller);
      return next;
    },

    async get(id: string): Promise<Unit> {
      const unit = await units.get(id);
      if (!unit) throw new NotFoundError(`Unit ${id} not found`);
      return unit;
    },

    list: (page: { limit: number; cursor?: string | undefined }) => units.list(page.limit, page.cursor),
  };
};

export type UnitUseCases = ReturnType<typeof makeUnitUseCases>;
