import type { AuditEntry } from "../platform/common.ts";
import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity, type IndexQuery } from "../platform/store/entity.ts";
import {
  createAudited,
  equalityFilter,
  getRecord,
  type Page,
  queryAll,
  queryPage,
  readWithAudit,
  replaceAudited,
} from "../platform/store/store.ts";
import { type CounterChange, counterUpdates } from "../stats/counters.ts";
import {
  type Plaque,
  type PlaqueStatus,
  type PlaqueType,
  plaqueSchema,
  plaqueTypeSchema,
} from "./schemas.ts";

export const plaqueTypeEntity = defineEntity({
  type: "PLAQUE_TYPE",
  version: 1,
  schema: plaqueTypeSchema,
  primary: ["id"],
  indexes: { byType: { pk: [], sk: ["createdAt", "id"] } },
});

/**
 * A plaque concerns its village (byUnit) and the unit that demanded it: the issuing unit's listing
 * needs a partition of its own, and byDay carries it, since nothing reads plaques by day. byStatus
 * queues each status apart, ordered by `removeBy`, so the sweep reads only the plaques still to
 * remove, the most overdue first.
 */
export const plaqueEntity = defineEntity({
  type: "PLAQUE",
  version: 1,
  schema: plaqueSchema,
  primary: ["id"],
  indexes: {
    byUnit: { pk: ["villageUnitId"], sk: ["createdAt", "id"] },
    byDay: { pk: ["issuingUnitId"], sk: ["createdAt", "id"] },
    byStatus: { pk: ["status"], sk: ["removeBy", "id"] },
    byType: { pk: [], sk: ["createdAt", "id"] },
  },
});

/** A plaque to be taken down: every one of no admitted type has its `removeBy`. */
export type PlaqueDue = Plaque & { removeBy: string };

const isDue = (plaque: Plaque): plaque is PlaqueDue => plaque.removeBy !== undefined;

/** Whose plaques to list: one village's, one issuing unit's, or (neither) everyone's. */
export type PlaqueFilter = {
  villageUnitId?: string | undefined;
  issuingUnitId?: string | undefined;
  status?: PlaqueStatus | undefined;
};

export type PlaqueRepository = {
  getType(id: string): Promise<PlaqueType | undefined>;
  listTypes(limit: number, cursor?: string): Promise<Page<PlaqueType>>;
  /** Every admitted type: a city admits a handful, which a new name is checked against. */
  allTypes(): Promise<PlaqueType[]>;
  createType(type: PlaqueType, caller: Caller): Promise<void>;
  /** The next version of a type with its audit entry; STATE_CHANGED (409) when it changed meanwhile. */
  replaceType(previous: PlaqueType, next: PlaqueType, caller: Caller): Promise<void>;
  get(id: string): Promise<Plaque | undefined>;
  getWithAudit(id: string): Promise<{ record: Plaque | undefined; audit: AuditEntry[] }>;
  /** A new plaque with its audit entry and the statistics it moves, in one transaction. */
  create(record: Plaque, caller: Caller, counters: readonly CounterChange[]): Promise<void>;
  replace(
    previous: Plaque,
    next: Plaque,
    caller: Caller,
    action: string,
    counters: readonly CounterChange[],
  ): Promise<void>;
  list(filter: PlaqueFilter, limit: number, cursor?: string): Promise<Page<Plaque>>;
  /** Every plaque still to be taken down, the earliest `removeBy` first: what the sweep follows up. */
  toRemove(): Promise<PlaqueDue[]>;
};

const changedMeanwhile = (what: string) =>
  new ConflictError(`${what} was changed by someone else meanwhile; read it again`, "STATE_CHANGED");

const allOf = async (partition: IndexQuery) =>
  queryAll({
    IndexName: partition.index,
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": partition.name },
    ExpressionAttributeValues: { ":pk": partition.value },
  });

/** The partition a listing reads and the conditions it still filters on. */
const listingOf = (filter: PlaqueFilter) => {
  const { villageUnitId, issuingUnitId, status } = filter;
  if (villageUnitId !== undefined)
    return {
      partition: plaqueEntity.partition("byUnit", { villageUnitId }),
      equal: { issuingUnitId, status },
      newestFirst: true,
    };
  if (issuingUnitId !== undefined)
    return {
      partition: plaqueEntity.partition("byDay", { issuingUnitId }),
      equal: { status },
      newestFirst: true,
    };
  if (status !== undefined)
    return { partition: plaqueEntity.partition("byStatus", { status }), equal: {}, newestFirst: false };
  return { partition: plaqueEntity.partition("byType", {}), equal: {}, newestFirst: true };
};

export const plaqueRepository: PlaqueRepository = {
  getType: (id) => getRecord(plaqueTypeEntity, { id }),

  listTypes(limit, cursor) {
    return queryPage(plaqueTypeEntity, {
      partition: plaqueTypeEntity.partition("byType", {}),
      limit,
      cursor,
      newestFirst: false,
    });
  },

  async allTypes() {
    const items = await allOf(plaqueTypeEntity.partition("byType", {}));
    return items.map((item) => plaqueTypeEntity.fromItem(item));
  },

  createType(type, caller) {
    return createAudited(
      plaqueTypeEntity,
      type,
      { caller, action: "plaque_type.created", at: type.createdAt },
      () => new ConflictError(`Plaque type ${type.id} already exists`, "ALREADY_EXISTS"),
    );
  },

  replaceType(previous, next, caller) {
    return replaceAudited(
      plaqueTypeEntity,
      previous,
      next,
      { caller, action: "plaque_type.updated", at: next.updatedAt },
      () => changedMeanwhile(`Plaque type ${previous.id}`),
    );
  },

  get: (id) => getRecord(plaqueEntity, { id }),

  getWithAudit: (id) => readWithAudit(plaqueEntity, { id }),

  create(record, caller, counters) {
    return createAudited(
      plaqueEntity,
      record,
      { caller, action: "plaque.registered", at: record.createdAt },
      () => new ConflictError(`Plaque ${record.id} already exists`, "ALREADY_EXISTS"),
      counterUpdates(counters),
    );
  },

  replace(previous, next, caller, action, counters) {
    return replaceAudited(
      plaqueEntity,
      previous,
      next,
      { caller, action, at: next.updatedAt },
      () => changedMeanwhile(`Plaque ${previous.id}`),
      counterUpdates(counters),
    );
  },

  list(filter, limit, cursor) {
    const { partition, equal, newestFirst } = listingOf(filter);
    return queryPage(plaqueEntity, {
      partition,
      filter: equalityFilter(equal),
      limit,
      cursor,
      newestFirst,
    });
  },

  async toRemove() {
    const items = await allOf(plaqueEntity.partition("byStatus", { status: "to_remove" }));
    return items.map((item) => plaqueEntity.fromItem(item)).filter(isDue);
  },
};
