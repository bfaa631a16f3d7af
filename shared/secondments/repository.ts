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
import { type Secondment, type SecondmentStatus, secondmentSchema } from "./schemas.ts";

const OUTSTANDING = "outstanding";

/**
 * The byStatus partition a secondment waits in: every one not yet returned shares one, ordered by
 * `returnBy`, so the sweep reads what is still outstanding in one partition and never the years of
 * returned ones, which wait apart.
 */
const queueOf = (status: SecondmentStatus): string => (status === "returned" ? status : OUTSTANDING);

/**
 * A secondment concerns two units, a borrowing department (byUnit) and a lending township or
 * village: the lender's listing needs a partition of its own, and byDay carries it, since nothing
 * reads secondments by day. Each unit only ever sits on one side (lenders are grassroots units,
 * borrowers are not), so a unit's secondments are one partition or the other.
 */
export const secondmentEntity = defineEntity({
  type: "SECONDMENT",
  version: 1,
  schema: secondmentSchema,
  derive: (record: Secondment) => ({ queue: queueOf(record.status) }),
  primary: ["id"],
  indexes: {
    byUnit: { pk: ["toUnitId"], sk: ["startDate", "id"] },
    byDay: { pk: ["fromUnitId"], sk: ["startDate", "id"] },
    byStatus: { pk: ["queue"], sk: ["returnBy", "id"] },
    byType: { pk: [], sk: ["createdAt", "id"] },
  },
});

/** Whose secondments to list: one borrower's, one lender's, or (neither) everyone's. */
export type SecondmentFilter = {
  borrower?: string | undefined;
  lender?: string | undefined;
  status?: SecondmentStatus | undefined;
};

export type SecondmentRepository = {
  get(id: string): Promise<Secondment | undefined>;
  /** A secondment and its audit trail, oldest first. */
  getWithAudit(id: string): Promise<{ record: Secondment | undefined; audit: AuditEntry[] }>;
  /** A new secondment with its audit entry and the statistics it moves, in one transaction. */
  create(record: Secondment, caller: Caller, counters: readonly CounterChange[]): Promise<void>;
  /** The next version with its audit entry and counters; STATE_CHANGED (409) when it changed meanwhile. */
  replace(
    previous: Secondment,
    next: Secondment,
    caller: Caller,
    action: string,
    counters: readonly CounterChange[],
  ): Promise<void>;
  list(filter: SecondmentFilter, limit: number, cursor?: string): Promise<Page<Secondment>>;
  /** Every secondment not yet returned, the earliest `returnBy` first: what the sweep follows up. */
  outstanding(): Promise<Secondment[]>;
};

/**
 * The partition a listing reads and the status it still filters on: the outstanding queue holds
 * three statuses, told apart by a filter; the returned queue only one.
 */
const listingOf = (
  filter: SecondmentFilter,
): { partition: IndexQuery; status: SecondmentStatus | undefined; newestFirst: boolean } => {
  const { borrower, lender, status } = filter;
  if (borrower !== undefined)
    return {
      partition: secondmentEntity.partition("byUnit", { toUnitId: borrower }),
      status,
      newestFirst: true,
    };
  if (lender !== undefined)
    return {
      partition: secondmentEntity.partition("byDay", { fromUnitId: lender }),
      status,
      newestFirst: true,
    };
  if (status !== undefined)
    return {
      partition: secondmentEntity.partition("byStatus", { queue: queueOf(status) }),
      status: status === "returned" ? undefined : status,
      newestFirst: false,
    };
  return { partition: secondmentEntity.partition("byType", {}), status: undefined, newestFirst: true };
};

export const secondmentRepository: SecondmentRepository = {
  get: (id) => getRecord(secondmentEntity, { id }),

  getWithAudit: (id) => readWithAudit(secondmentEntity, { id }),

  create(record, caller, counters) {
    return createAudited(
      secondmentEntity,
      record,
      { caller, action: "secondment.registered", at: record.createdAt },
      () => new ConflictError(`Secondment ${record.id} already exists`, "ALREADY_EXISTS"),
      counterUpdates(counters),
    );
  },

  replace(previous, next, caller, action, counters) {
    return replaceAudited(
      secondmentEntity,
      previous,
      next,
      { caller, action, at: next.updatedAt },
      () =>
        new ConflictError(
          `Secondment ${previous.id} was changed by someone else meanwhile; read it again`,
          "STATE_CHANGED",
        ),
      counterUpdates(counters),
    );
  },

  list(filter, limit, cursor) {
    const { partition, status, newestFirst } = listingOf(filter);
    return queryPage(secondmentEntity, {
      partition,
      filter: equalityFilter({ status }),
      limit,
      cursor,
      newestFirst,
    });
  },

  async outstanding() {
    const partition = secondmentEntity.partition("byStatus", { queue: OUTSTANDING });
    const items = await queryAll({
      IndexName: partition.index,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": partition.name },
      ExpressionAttributeValues: { ":pk": partition.value },
    });
    return items.map((item) => secondmentEntity.fromItem(item));
  },
};
