import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity } from "../platform/store/entity.ts";
import { keyedCompletion } from "../platform/store/keyed-attempt.ts";
import {
  createAudited,
  getRecord,
  getRecords,
  type Page,
  queryAll,
  queryPage,
  replaceAudited,
  savedItems,
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
   * Each transaction also checks that every unit above its units (`ancestors`) is still as the
   * import expects it, so a concurrent move cannot close a cycle with the file's parents.
   */
  writeMany(changes: UnitChange[], caller: Caller, answer: unknown): Promise<void>;
};

/**
 * One unit an import writes, and the chain of units above its new place as the import checked it:
 * each existing unit as read, or as the import writes it when the file changes it too.
 */
export type UnitChange = { previous?: Unit | undefined; next: Unit; ancestors: readonly Unit[] };

/** DynamoDB takes at most 100 items in one transaction. */
const ITEMS_PER_TRANSACTION = 100;

/**
 * The transactions of an import, in order: each unit takes its record and its audit entry, each
 * ancestor not written in the same transaction a condition check, and the last transaction the keyed
 * answer's completion. A chain of parents is at most 32 long, so any one unit fits.
 */
const batchesOf = (changes: readonly UnitChange[]) => {
  const batches: { changes: UnitChange[]; checks: Map<string, Unit> }[] = [];
  const checksOf = (batch: readonly UnitChange[]) => {
    const written = new Set(batch.map((change) => change.next.id));
    const checks = new Map<string, Unit>();
    for (const change of batch)
      for (const ancestor of change.ancestors)
        if (!written.has(ancestor.id)) checks.set(ancestor.id, ancestor);
    return checks;
  };
  let current: UnitChange[] = [];
  for (const change of changes) {
    const candidate = [...current, change];
    // One place kept for the keyed answer's completion, whichever transaction is the last.
    if (current.length > 0 && candidate.length * 2 + checksOf(candidate).size + 1 > ITEMS_PER_TRANSACTION) {
      batches.push({ changes: current, checks: checksOf(current) });
      current = [change];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) batches.push({ changes: current, checks: checksOf(current) });
  return batches;
};

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
    const batches = batchesOf(changes);
    for (const [index, batch] of batches.entries()) {
      const last = index === batches.length - 1;
      await transactWrite(
        [
          ...batch.changes.flatMap(({ previous, next }) =>
            savedItems(unitEntity, previous, next, {
              caller,
              action: previous ? "unit.updated" : "unit.created",
              at: next.updatedAt,
            }),
          ),
          ...[...batch.checks.values()].map((ancestor) => stillAt(unitEntity, ancestor)),
          ...(last ? keyedCompletion(answer) : []),
        ],
        (failedAt) => {
          const unit = batch.changes[Math.floor(failedAt / 2)]?.next.id;
          const parent = [...batch.checks.keys()][failedAt - batch.changes.length * 2];
          return new ConflictError(
            unit !== undefined
              ? `Unit ${unit} was changed by someone else during the import; import the file again`
              : `Unit ${parent ?? ""}, above units of the file, was changed by someone else during the import; import the file again`,
            "STATE_CHANGED",
          );
        },
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
