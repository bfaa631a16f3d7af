import { PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { additionDelete, additionPut, quotaUse } from "../plans/repository.ts";
import type { PlanAddition, PlanKind } from "../plans/schemas.ts";
import { type AuditEntry, instantSchema } from "../platform/common.ts";
import { config } from "../platform/config.ts";
import { BusinessRuleError, ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { dynamo } from "../platform/store/client.ts";
import { defineEntity } from "../platform/store/entity.ts";
import {
  ALONGSIDE_AT,
  createAudited,
  equalityFilter,
  getRecord,
  type Page,
  queryPage,
  readWithAudit,
  recordsBetween,
  replaceAudited,
  savedItems,
  type TransactItems,
} from "../platform/store/store.ts";
import { utcDaysBetween } from "../platform/time.ts";
import { counterUpdates } from "../stats/counters.ts";
import { requestChange } from "../stats/request-changes.ts";
import { localYearOf } from "../stats/years.ts";
import { happensAt } from "./kinds/index.ts";
import {
  type ListRequestsQuery,
  type RequestRecord,
  type RequestStatus,
  requestRecordSchema,
} from "./schemas.ts";

const happensAtUtc = (record: RequestRecord) => new Date(happensAt(record, config().TIME_ZONE)).toISOString();

/** The year a request's statistics count in: the local year it happens in, which picks its plan and quota. */
const statsYearOf = (record: RequestRecord) => localYearOf(happensAt(record, config().TIME_ZONE));

export const requestEntity = defineEntity({
  type: "REQUEST",
  version: 3,
  schema: requestRecordSchema,
  derive: (record: RequestRecord) => ({
    happensAtUtc: happensAtUtc(record),
    happensOnUtcDay: happensAtUtc(record).slice(0, 10),
  }),
  primary: ["id"],
  indexes: {
    byUnit: { pk: ["unitId"], sk: ["createdAt", "id"] },
    byDay: { pk: ["happensOnUtcDay"], sk: ["happensAtUtc", "id"] },
    byStatus: { pk: ["status"], sk: ["createdAt", "id"] },
    byType: { pk: [], sk: ["createdAt", "id"] },
  },
});

export const vetoItemEntrySchema = z.object({
  requestId: z.string(),
  unitId: z.string(),
  title: z.string(),
  form: z.enum(["one_vote_veto", "responsibility_statement"]),
  category: z.string(),
  targetUnitKinds: z.array(z.string()),
  status: z.enum(["active", "cancelled"]),
  approvedAt: instantSchema,
  approvedBy: z.string(),
  cancelledAt: z.optional(instantSchema),
});
export type VetoItemEntry = z.infer<typeof vetoItemEntrySchema>;

/** The whitelist register: one entry per approved veto item, kept in the approval's transaction. */
export const vetoItemEntity = defineEntity({
  type: "VETO_ITEM",
  version: 1,
  schema: vetoItemEntrySchema,
  primary: ["requestId"],
  indexes: { byType: { pk: [], sk: ["approvedAt", "requestId"] } },
});

export const noticeSchema = z.object({
  /** One notice per decision: the request and the status it was decided to. */
  key: z.string(),
  requestId: z.string(),
  /** What the request was decided to: a later cancellation does not change what the notice says. */
  outcome: z.enum(["approved", "rejected", "merged"]),
  status: z.enum(["pending", "done"]),
  decidedAt: instantSchema,
});
export type Notice = z.infer<typeof noticeSchema>;

/**
 * A decision's notice to the submitting unit, written pending in the decision's own transaction
 * and marked done once sent (or once there is no one to send it to), so a notice SES refused is
 * found again and sent later: it cannot be lost between the decision and the email.
 */
export const noticeEntity = defineEntity({
  type: "NOTICE",
  version: 1,
  schema: noticeSchema,
  primary: ["key"],
  indexes: { byStatus: { pk: ["status"], sk: ["decidedAt", "key"] } },
});

/** A status a decision leaves a request in, which the submitting unit is told of. */
export const isOutcome = (status: RequestStatus): status is Notice["outcome"] =>
  status === "approved" || status === "rejected" || status === "merged";

/** The notice a decided request owes its unit; none for any other move. */
export const pendingNoticeOf = (request: RequestRecord): Notice => {
  if (!isOutcome(request.status)) throw new Error(`Request ${request.id} is ${request.status}, not decided`);
  return {
    key: `${request.id}#${request.status}`,
    requestId: request.id,
    outcome: request.status,
    status: "pending",
    decidedAt: request.updatedAt,
  };
};

export type QuotaChange = {
  year: number;
  kind: PlanKind;
  unitId: string;
  delta: 1 | -1;
  /** Approval never takes the counter past this, however many approvers act at once; absent when overridden. */
  limit?: number | undefined;
};

/** What else changes in the same transaction as a request's move, so none of it can be half done. */
export type TransitionEffects = {
  quota?: QuotaChange;
  /** An approval adds the request to its year's plan as a temporary addition. */
  addition?: { year: number; kind: PlanKind; item: PlanAddition };
  /** A cancellation takes that addition back out. */
  withdrawAddition?: { year: number; kind: PlanKind; requestId: string };
  /** The whitelist register's entry: new on approval, replaced on cancellation. */
  vetoEntry?: { previous?: VetoItemEntry; next: VetoItemEntry };
  /** Merging moves the request it joins as well, which must not have changed since it was read. */
  mergeTarget?: { previous: RequestRecord; next: RequestRecord };
  /** A decision owes the submitting unit a notice. */
  notice?: boolean;
};

export type RequestListQuery = Omit<ListRequestsQuery, "status" | "order"> & {
  status?: RequestStatus | undefined;
  oldestFirst: boolean;
};

export type RequestRepository = {
  get(id: string): Promise<RequestRecord | undefined>;
  getWithAudit(id: string): Promise<{ record: RequestRecord | undefined; audit: AuditEntry[] }>;
  create(record: RequestRecord, caller: Caller): Promise<void>;
  /**
   * Moves a request to its next version with its audit entry; `alongside` holds the other items of
   * the same change (a quota counter, a plan addition, the merge target's next version).
   */
  /**
   * Moves a request to its next version with its audit entry and every effect of the move, all or
   * nothing: STATE_CHANGED (409) when a request changed meanwhile, QUOTA_EXCEEDED (422) when the
   * quota filled up.
   */
  transition(
    previous: RequestRecord,
    next: RequestRecord,
    caller: Caller,
    action: string,
    effects?: TransitionEffects,
  ): Promise<void>;
  listByUnit(unitId: string, query: RequestListQuery): Promise<Page<RequestRecord>>;
  listAll(query: RequestListQuery): Promise<Page<RequestRecord>>;
  /** Requests happening on one UTC day within [fromUtc, toUtc). */
  happeningOnUtcDay(day: string, fromUtc: string, toUtc: string): Promise<RequestRecord[]>;
  /** Requests happening within [fromUtc, toUtc), of every kind. */
  happeningBetween(fromUtc: string, toUtc: string): Promise<RequestRecord[]>;
  /** Requests still waiting for a decision that were submitted before `createdBefore`: the approval queue. */
  waitingSince(createdBefore: string): Promise<RequestRecord[]>;
  vetoItems(limit: number, cursor?: string): Promise<Page<VetoItemEntry>>;
  /** Notices still owed for decisions taken before `decidedBefore`, oldest first. */
  pendingNotices(decidedBefore: string, limit: number): Promise<Notice[]>;
  noticeDone(notice: Notice): Promise<void>;
};

/** A new register entry, or the next state of one, only if it is still as it was read. */
const registerPut = (previous: VetoItemEntry | undefined, next: VetoItemEntry) => ({
  Put: {
    TableName: config().TABLE_NAME,
    Item: vetoItemEntity.toItem(next),
    ...(previous
      ? {
          ConditionExpression: "#status = :status",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":status": previous.status },
        }
      : { ConditionExpression: "attribute_not_exists(pk)" }),
  },
});

export const quotaExceeded = (quota: QuotaChange) =>
  new BusinessRuleError(
    `The unit's ${quota.kind} quota for ${quota.year} is used up: approve with override.reason to go past it`,
    "QUOTA_EXCEEDED",
    [{ path: "override.reason", message: "override.reason is required to approve past the quota" }],
  );

const stateChanged = (id: string) =>
  new ConflictError(`Request ${id} was changed by someone else; read it again`, "STATE_CHANGED");

export const requestRepository: RequestRepository = {
  get: (id) => getRecord(requestEntity, { id }),

  getWithAudit: (id) => readWithAudit(requestEntity, { id }),

  create(record, caller) {
    return createAudited(
      requestEntity,
      record,
      { caller, action: "request.submitted", at: record.createdAt },
      () => new ConflictError(`Request ${record.id} already exists`, "ALREADY_EXISTS"),
      counterUpdates([requestChange(record, statsYearOf(record), undefined)]),
    );
  },

  transition(previous, next, caller, action, effects = {}) {
    const at = next.updatedAt;
    const { quota, addition, withdrawAddition, vetoEntry, mergeTarget, notice } = effects;
    const alongside: TransactItems = [
      ...(quota ? [quotaUse(quota)] : []),
      ...(mergeTarget
        ? savedItems(requestEntity, mergeTarget.previous, mergeTarget.next, {
            caller,
            action: "request.merge_received",
            at,
          })
        : []),
      ...(addition ? [additionPut(addition.year, addition.kind, addition.item)] : []),
      ...(withdrawAddition
        ? [additionDelete(withdrawAddition.year, withdrawAddition.kind, withdrawAddition.requestId)]
        : []),
      ...(vetoEntry ? [registerPut(vetoEntry.previous, vetoEntry.next)] : []),
      ...(notice
        ? [
            {
              Put: {
                TableName: config().TABLE_NAME,
                Item: noticeEntity.toItem(pendingNoticeOf(next)),
              },
            },
          ]
        : []),
      ...counterUpdates([
        requestChange(next, statsYearOf(previous), previous.status, {
          added: addition !== undefined,
          withdrawn: withdrawAddition !== undefined,
        }),
      ]),
    ];
    return replaceAudited(
      requestEntity,
      previous,
      next,
      { caller, action, at },
      (failedAt) => (quota && failedAt === ALONGSIDE_AT ? quotaExceeded(quota) : stateChanged(next.id)),
      alongside,
    );
  },

  listByUnit(unitId, query) {
    return queryPage(requestEntity, {
      partition: requestEntity.partition("byUnit", { unitId }),
      filter: equalityFilter({ status: query.status, kind: query.kind }),
      limit: query.limit,
      cursor: query.cursor,
      newestFirst: !query.oldestFirst,
    });
  },

  listAll(query) {
    const partition = query.status
      ? requestEntity.partition("byStatus", { status: query.status })
      : requestEntity.partition("byType", {});
    return queryPage(requestEntity, {
      partition,
      filter: equalityFilter({ kind: query.kind }),
      limit: query.limit,
      cursor: query.cursor,
      newestFirst: !query.oldestFirst,
    });
  },

  happeningOnUtcDay(day, fromUtc, toUtc) {
    return recordsBetween(
      requestEntity,
      requestEntity.partition("byDay", { happensOnUtcDay: day }),
      fromUtc,
      toUtc,
    );
  },

  async happeningBetween(fromUtc, toUtc) {
    const days = await Promise.all(
      utcDaysBetween(fromUtc, toUtc).map((day) => requestRepository.happeningOnUtcDay(day, fromUtc, toUtc)),
    );
    return days.flat();
  },

  waitingSince(createdBefore) {
    return recordsBetween(
      requestEntity,
      requestEntity.partition("byStatus", { status: "submitted" }),
      // Sort keys start with the instant of submission, which always sorts after this.
      "0",
      createdBefore,
    );
  },

  async pendingNotices(decidedBefore, limit) {
    const page = await queryPage(noticeEntity, {
      partition: noticeEntity.partition("byStatus", { status: "pending" }),
      limit,
      newestFirst: false,
    });
    return page.items.filter((notice) => notice.decidedAt < decidedBefore);
  },

  async noticeDone(notice) {
    await dynamo().send(
      new PutCommand({
        TableName: config().TABLE_NAME,
        Item: noticeEntity.toItem({ ...notice, status: "done" }),
      }),
    );
  },

  vetoItems(limit, cursor) {
    return queryPage(vetoItemEntity, { partition: vetoItemEntity.partition("byType", {}), limit, cursor });
  },
};
