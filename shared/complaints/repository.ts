import * as z from "zod/mini";
import { type AuditEntry, auditEntrySchema } from "../platform/common.ts";
import { config } from "../platform/config.ts";
import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity } from "../platform/store/entity.ts";
import {
  createAudited,
  equalityFilter,
  getRecord,
  getRecords,
  type Page,
  queryAll,
  queryPage,
  replaceAudited,
  savedItems,
  type TransactItems,
  transactWrite,
} from "../platform/store/store.ts";
import { type CounterChange, counterUpdates } from "../stats/counters.ts";
import {
  type ComplaintMessage,
  type ComplaintRecord,
  type ComplaintStatus,
  complaintRecordSchema,
  type ForwardRecord,
  forwardRecordSchema,
  identitySchema,
  isClosed,
  messageSchema,
  type ReporterIdentity,
} from "./schemas.ts";

const UNCLOSED = "unclosed";

const declaredComplaint = defineEntity({
  type: "COMPLAINT",
  version: 1,
  schema: complaintRecordSchema,
  derive: () => ({ queue: UNCLOSED }),
  primary: ["id"],
  indexes: {
    /** The complaints still to be handled, oldest first: the overdue rule reads only these. */
    byStatus: { pk: ["queue"], sk: ["receivedAt", "id"] },
    byType: { pk: [], sk: ["receivedAt", "id"] },
  },
});

/**
 * A complaint, whose byStatus queue is sparse: a closed complaint leaves it, so the queue holds
 * only what is still to be handled however many complaints the years bring.
 */
export const complaintEntity = {
  ...declaredComplaint,
  toItem(record: ComplaintRecord) {
    const item = declaredComplaint.toItem(record);
    if (!isClosed(record.status)) return item;
    const { gsi3pk: _queue, gsi3sk: _queued, ...rest } = item;
    return rest;
  },
};

export const forwardEntity = defineEntity({
  type: "COMPLAINT_FORWARD",
  version: 1,
  schema: forwardRecordSchema,
  primary: ["id"],
  indexes: { byUnit: { pk: ["unitId"], sk: ["forwardedAt", "id"] } },
});

/**
 * The hash of a complaint's receipt, under that hash: the only way from a receipt to its complaint.
 * Written once, in the filing's transaction, and never changed, so it has no trail of its own.
 */
const receiptLookupSchema = z.object({ receiptHash: z.string(), complaintId: z.string() });
export type ReceiptLookup = z.infer<typeof receiptLookupSchema>;

export const receiptEntity = defineEntity({
  type: "COMPLAINT_RECEIPT",
  version: 1,
  schema: receiptLookupSchema,
  primary: ["receiptHash"],
});

/**
 * Who filed a complaint, in a partition of its own: no read of the complaint, its trail or its
 * listings can reach it. Written once in the filing's transaction (whose audit entry keeps none of
 * it) and read only when a granted disclosure is shown.
 */
export const identityEntity = defineEntity({
  type: "COMPLAINT_IDENTITY",
  version: 1,
  schema: identitySchema,
  primary: ["complaintId"],
});

const MESSAGE = "COMPLAINT_MESSAGE";
const MESSAGE_PREFIX = "MESSAGE#";
const AUDIT_PREFIX = "AUDIT#";

/** A new item that must not exist yet. */
const put = (item: Record<string, unknown>) => ({
  Put: { TableName: config().TABLE_NAME, Item: item, ConditionExpression: "attribute_not_exists(pk)" },
});

/** A message lives beside its complaint, written once in the transaction that counts it. */
const messagePut = (complaintPk: string, message: ComplaintMessage) =>
  put({ ...message, pk: complaintPk, sk: `${MESSAGE_PREFIX}${message.at}#${message.id}`, entity: MESSAGE });

const messageOf = ({ pk: _pk, sk: _sk, entity: _entity, ...fields }: Record<string, unknown>) =>
  messageSchema.parse(fields);

const auditOf = ({ pk: _pk, sk: _sk, entity: _entity, ...fields }: Record<string, unknown>): AuditEntry =>
  auditEntrySchema.parse(fields);

export type Filing = {
  record: ComplaintRecord;
  receiptHash: string;
  identity?: ReporterIdentity | undefined;
  counters: CounterChange[];
};

/** One change to a complaint, and what else it writes in the same transaction. */
export type ComplaintChange = {
  previous: ComplaintRecord;
  next: ComplaintRecord;
  action: string;
  message?: ComplaintMessage | undefined;
  forward?: ForwardRecord | undefined;
  counters?: CounterChange[] | undefined;
};

export type ComplaintRepository = {
  /**
   * The new complaint and its first audit entry, its receipt's hash, its reporter's identity when
   * there is one, and its counters, in one transaction. `answer` is what a keyed POST replays.
   */
  file(filing: Filing, caller: Caller, answer: unknown): Promise<void>;
  get(id: string): Promise<ComplaintRecord | undefined>;
  /** A complaint with its messages and audit trail, oldest first, in one Query of its partition. */
  getWithTrail(
    id: string,
  ): Promise<{ record: ComplaintRecord | undefined; messages: ComplaintMessage[]; audit: AuditEntry[] }>;
  messages(id: string): Promise<ComplaintMessage[]>;
  receipt(hash: string): Promise<ReceiptLookup | undefined>;
  identity(complaintId: string): Promise<ReporterIdentity | undefined>;
  /**
   * The next version of a complaint with its audit entry and whatever else the change writes;
   * STATE_CHANGED (409) when the complaint changed since it was read.
   */
  change(change: ComplaintChange, caller: Caller, answer?: unknown): Promise<void>;
  /**
   * The same, outside a keyed attempt's answer: a change that follows another write of the same
   * request (linking the violation it opened), which already completed the key.
   */
  changeAfter(change: ComplaintChange, caller: Caller): Promise<void>;
  list(status: ComplaintStatus | undefined, limit: number, cursor?: string): Promise<Page<ComplaintRecord>>;
  /** Every complaint still new, triaged or investigating, the longest waiting first. */
  unclosed(): Promise<ComplaintRecord[]>;
  getForward(id: string): Promise<ForwardRecord | undefined>;
  getForwards(ids: string[]): Promise<ForwardRecord[]>;
  /** The forwards to one unit, newest first. */
  forwardsTo(unitId: string, limit: number, cursor?: string): Promise<Page<ForwardRecord>>;
  answerForward(previous: ForwardRecord, next: ForwardRecord, caller: Caller, answer: unknown): Promise<void>;
};

const changed = (id: string) =>
  new ConflictError(`Complaint ${id} was changed by someone else meanwhile; read it again`, "STATE_CHANGED");

/** What a change writes besides the complaint and its audit entry: a message, a forward, counters. */
const alongsideOf = (change: ComplaintChange, caller: Caller): TransactItems => {
  const { next, message, forward } = change;
  const { pk } = complaintEntity.key(next);
  return [
    ...(message ? [messagePut(pk, message)] : []),
    ...(forward
      ? savedItems(forwardEntity, undefined, forward, {
          caller,
          action: "forward.sent",
          at: forward.createdAt,
        })
      : []),
    ...counterUpdates(change.counters ?? []),
  ];
};

export const complaintRepository: ComplaintRepository = {
  file({ record, receiptHash, identity, counters }, caller, answer) {
    return createAudited(
      complaintEntity,
      record,
      { caller, action: "complaint.received", at: record.createdAt },
      () => new ConflictError(`Complaint ${record.id} already exists; file it again`, "ALREADY_EXISTS"),
      [
        put(receiptEntity.toItem({ receiptHash, complaintId: record.id })),
        ...(identity ? [put(identityEntity.toItem(identity))] : []),
        ...counterUpdates(counters),
      ],
      answer,
    );
  },

  get: (id) => getRecord(complaintEntity, { id }),

  async getWithTrail(id) {
    const { pk, sk } = complaintEntity.key({ id });
    const items = await queryAll({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ConsistentRead: true,
    });
    const record = items.find((item) => item.sk === sk);
    return {
      record: record ? complaintEntity.fromItem(record) : undefined,
      messages: items.filter((item) => String(item.sk).startsWith(MESSAGE_PREFIX)).map(messageOf),
      audit: items.filter((item) => String(item.sk).startsWith(AUDIT_PREFIX)).map(auditOf),
    };
  },

  async messages(id) {
    const { pk } = complaintEntity.key({ id });
    const items = await queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :message)",
      ExpressionAttributeValues: { ":pk": pk, ":message": MESSAGE_PREFIX },
      ConsistentRead: true,
    });
    return items.map(messageOf);
  },

  receipt: (hash) => getRecord(receiptEntity, { receiptHash: hash }),

  identity: (complaintId) => getRecord(identityEntity, { complaintId }),

  change(change, caller, answer) {
    const { previous, next, action } = change;
    return replaceAudited(
      complaintEntity,
      previous,
      next,
      { caller, action, at: next.updatedAt },
      () => changed(previous.id),
      alongsideOf(change, caller),
      answer ?? next,
    );
  },

  changeAfter(change, caller) {
    const { previous, next, action } = change;
    return transactWrite(
      [
        ...savedItems(complaintEntity, previous, next, { caller, action, at: next.updatedAt }),
        ...alongsideOf(change, caller),
      ],
      () => changed(previous.id),
    );
  },

  list(status, limit, cursor) {
    // The unclosed queue is the smaller partition for the statuses it holds.
    const queued = status !== undefined && !isClosed(status);
    return queryPage(complaintEntity, {
      partition: queued
        ? complaintEntity.partition("byStatus", { queue: UNCLOSED })
        : complaintEntity.partition("byType", {}),
      filter: equalityFilter({ status }),
      limit,
      cursor,
      newestFirst: true,
    });
  },

  async unclosed() {
    const partition = complaintEntity.partition("byStatus", { queue: UNCLOSED });
    const items = await queryAll({
      IndexName: partition.index,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": partition.name },
      ExpressionAttributeValues: { ":pk": partition.value },
    });
    return items.map((item) => complaintEntity.fromItem(item));
  },

  getForward: (id) => getRecord(forwardEntity, { id }),

  getForwards: (ids) =>
    getRecords(
      forwardEntity,
      ids.map((id) => ({ id })),
    ),

  forwardsTo: (unitId, limit, cursor) =>
    queryPage(forwardEntity, {
      partition: forwardEntity.partition("byUnit", { unitId }),
      limit,
      cursor,
      newestFirst: true,
    }),

  answerForward(previous, next, caller, answer) {
    return replaceAudited(
      forwardEntity,
      previous,
      next,
      { caller, action: "forward.answered", at: next.updatedAt },
      () =>
        new ConflictError(`Forward ${previous.id} was answered meanwhile; read it again`, "STATE_CHANGED"),
      [],
      answer,
    );
  },
};
