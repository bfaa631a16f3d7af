import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity } from "../platform/store/entity.ts";
import {
  createAudited,
  getRecord,
  type Page,
  queryPage,
  replaceAudited,
  stillAt,
} from "../platform/store/store.ts";
import { type Unit, unitSchema } from "./schemas.ts";

export const unitEntity = defineEntity({
  type: "UNIT",
  version: 1,
  schema: unitSchema,
  primary: ["id"],
  indexes: { byType: { pk: [], sk: ["id"] } },
});

export type UnitRepository = {
  get(id: string): Promise<Unit | undefined>;
  list(limit: number, cursor?: string): Promise<Page<Unit>>;
  create(unit: Unit, caller: Caller): Promise<void>;
  /**
   * The next version of a unit, written only if neither it nor any of `ancestors` (its new parent
   * chain, as read) changed meanwhile: two concurrent moves cannot close a cycle between them.
   */
  replace(previous: Unit, next: Unit, caller: Caller, ancestors: Unit[]): Promise<void>;
};

export const unitRepository: UnitRepository = {
  get: (id) => getRecord(unitEntity, { id }),

  list(limit, cursor) {
    return queryPage(unitEntity, {
      partition: unitEntity.partition("byType", {}),
      limit,
      cursor,
      newestFirst: false,
    });
  },

  create(unit, caller) {
    return createAudited(
      unitEntity,
      unit,
      { caller, action: "unit.created", at: unit.createdAt },
      () => new ConflictError(`Unit ${unit.id} already exists`, "ALREADY_EXISTS"),
    );
  },

  replace(previous, next, caller, ancestors) {
    return replaceAudited(
      unitEntity,
      previous,
      next,
      { caller, action: "unit.updated", at: next.updatedAt },
      () =>
        new ConflictError(
          `Unit ${next.id} or one of its new parents was changed concurrently; read them again`,
          "STATE_CHANGED",
        ),
      ancestors.map((ancestor) => stillAt(unitEntity, ancestor)),
    );
  },
};
