import { config } from "../platform/config.ts";
import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity } from "../platform/store/entity.ts";
import { keyedCompletion } from "../platform/store/keyed-attempt.ts";
import {
  auditPut,
  createAudited,
  getRecord,
  getRecords,
  type Page,
  queryAll,
  queryPage,
  replaceAudited,
  stillAt,
  transactWrite,
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
  /** Every unit: a city has hundreds, which an import checks its parents against. */
  all(): Promise<Unit[]>;
  /**
   * Creates (no `previous`) or updates each unit with its audit entry, in this order, several
   * transactions for many units; a keyed POST's answer is `answer`, completed by the last one.
   */
  writeMany(changes: UnitChange[], caller: Caller, answer: unknown): Promise<void>;
};

export type UnitChange = { previous?: Unit | undefined; next: Unit };

/**
 * Units per transaction: each takes its record and its audit entry, and DynamoDB takes at most 100
 * items in one transaction, one of them the keyed answer's completion.
 */
const UNITS_PER_TRANSACTION = 49;

/** Which of these ids name existing units, for contexts that refer to units by id. */
export const unitLookup = {
  async existing(ids: readonly string[]): Promise<Set<string>> {
    const found = await getRecords(
      unitEntity,
      ids.map((id) => ({ id })),
    );
    return new Set(found.map((unit) => unit.id));
  },
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

  async all() {
    const partition = unitEntity.partition("byType", {});
    const items = await queryAll({
      IndexName: partition.index,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": partition.name },
      ExpressionAttributeValues: { ":pk": partition.value },
    });
    return items.map((item) => unitEntity.fromItem(item));
  },

  async writeMany(changes, caller, answer) {
    const table = config().TABLE_NAME;
    for (let offset = 0; offset < changes.length; offset += UNITS_PER_TRANSACTION) {
      const batch = changes.slice(offset, offset + UNITS_PER_TRANSACTION);
      const last = offset + UNITS_PER_TRANSACTION >= changes.length;
      await transactWrite(
        [
          ...batch.flatMap(({ previous, next }) => {
            const item = unitEntity.toItem(next);
            const condition = previous
              ? {
                  ConditionExpression: "version = :expected",
                  ExpressionAttributeValues: { ":expected": previous.version },
                }
              : { ConditionExpression: "attribute_not_exists(pk)" };
            return [
              { Put: { TableName: table, Item: item, ...condition } },
              auditPut(
                item.pk,
                caller,
                previous ? "unit.updated" : "unit.created",
                previous ?? null,
                next,
                next.updatedAt,
              ),
            ];
          }),
          ...(last ? keyedCompletion(answer) : []),
        ],
        (failedAt) =>
          new ConflictError(
            `Unit ${batch[Math.floor(failedAt / 2)]?.next.id ?? ""} was changed by someone else during the import; import the file again`,
            "STATE_CHANGED",
          ),
      );
    }
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
