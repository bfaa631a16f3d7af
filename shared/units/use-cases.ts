import type { Clock } from "../platform/clock.ts";
import { BusinessRuleError, NotFoundError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import type { UnitRepository } from "./repository.ts";
import type { CreateUnitInput, Unit, UpdateUnitInput } from "./schemas.ts";

export type UnitDeps = { units: UnitRepository; clock: Clock };

/**
 * How far up a parent chain is followed. A city's hierarchy is a handful of levels deep; a longer
 * chain is a mistake, and stopping here keeps every walk (and any future one) bounded.
 */
const MAX_PARENT_DEPTH = 32;

const parentRule = (message: string, code: string, detail: string) =>
  new BusinessRuleError(message, code, [{ path: "parentId", message: detail }]);

export const makeUnitUseCases = ({ units, clock }: UnitDeps) => {
  /**
   * The parent must exist, and the unit must not end up among its own ancestors: following the
   * parents from the new one must never lead back to the unit, or the hierarchy (and every walk up
   * it) would loop.
   */
  const requireParent = async (parentId: string | undefined, selfId: string): Promise<Unit[]> => {
    if (parentId === undefined) return [];
    if (parentId === selfId) {
      throw parentRule(
        "A unit cannot be its own parent",
        "INVALID_PARENT",
        "parentId must name another unit",
      );
    }
    let ancestor = await units.get(parentId);
    if (!ancestor) {
      throw parentRule(
        `Parent unit ${parentId} does not exist`,
        "INVALID_PARENT",
        `no unit has the id "${parentId}"`,
      );
    }
    const ancestors: Unit[] = [];
    for (let depth = 1; ancestor; depth++) {
      if (ancestor.id === selfId) {
        throw parentRule(
          `${parentId} is under ${selfId}: a unit cannot be placed under one of its own sub-units`,
          "PARENT_CYCLE",
          `parentId must not name ${selfId} or one of its sub-units ("${parentId}" is under ${selfId})`,
        );
      }
      if (depth > MAX_PARENT_DEPTH) {
        throw parentRule(
          `The chain of parents above ${parentId} is more than ${MAX_PARENT_DEPTH} units long`,
          "PARENT_CYCLE",
          `parentId must name a unit at most ${MAX_PARENT_DEPTH} levels below the top of the hierarchy`,
        );
      }
      ancestors.push(ancestor);
      ancestor = ancestor.parentId === undefined ? undefined : await units.get(ancestor.parentId);
    }
    return ancestors;
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
      const ancestors = await requireParent(input.parentId, id);
      const next: Unit = {
        id,
        ...input,
        createdBy: previous.createdBy,
        createdAt: previous.createdAt,
        updatedAt: clock.now().toISOString(),
        version: previous.version + 1,
      };
      await units.replace(previous, next, caller, ancestors);
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
