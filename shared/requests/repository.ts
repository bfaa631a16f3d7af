import type { AuditEntry } from "../platform/common.ts";
import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity } from "../platform/store/entity.ts";
import {
  createAudited,
  equalityFilter,
  getRecord,
  type Page,
  queryPage,
  readWithAudit,
  recordsBetween,
  replaceAudited,
} from "../platform/store/store.ts";
import { happensAt } from "./kinds/index.ts";
import { type RequestRecord, type RequestStatus, requestRecordSchema } from "./schemas.ts";

const happensAtUtc = (record: RequestRecord) => new Date(happensAt(record)).toISOString();

export const requestEntity = defineEntity({
  type: "REQUEST",
  version: 2,
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

export type RequestRepository = {
  get(id: string): Promise<RequestRecord | undefined>;
  getWithAudit(id: string): Promise<{ record: RequestRecord | undefined; audit: AuditEntry[] }>;
  create(record: RequestRecord, caller: Caller): Promise<void>;
  transition(previous: RequestRecord, next: RequestRecord, caller: Caller, action: string): Promise<void>;
  listByUnit(
    unitId: string,
    status: RequestStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<RequestRecord>>;
  listAll(status: RequestStatus | undefined, limit: number, cursor?: string): Promise<Page<RequestRecord>>;
  /** Requests happening on one UTC day within [fromUtc, toUtc). */
  happeningOnUtcDay(day: string, fromUtc: string, toUtc: string): Promise<RequestRecord[]>;
};

export const requestRepository: RequestRepository = {
  get: (id) => getRecord(requestEntity, { id }),

  getWithAudit: (id) => readWithAudit(requestEntity, { id }),

  create(record, caller) {
    return createAudited(
      requestEntity,
      record,
      { caller, action: "request.submitted", at: record.createdAt },
      () => new ConflictError(`Request ${record.id} already exists`, "ALREADY_EXISTS"),
    );
  },

  transition(previous, next, caller, action) {
    return replaceAudited(
      requestEntity,
      previous,
      next,
      { caller, action, at: next.updatedAt },
      () =>
        new ConflictError(`Request ${next.id} was changed by someone else; read it again`, "STATE_CHANGED"),
    );
  },

  listByUnit(unitId, status, limit, cursor) {
    return queryPage(requestEntity, {
      partition: requestEntity.partition("byUnit", { unitId }),
      filter: equalityFilter({ status }),
      limit,
      cursor,
    });
  },

  listAll(status, limit, cursor) {
    const partition = status
      ? requestEntity.partition("byStatus", { status })
      : requestEntity.partition("byType", {});
    return queryPage(requestEntity, { partition, limit, cursor });
  },

  happeningOnUtcDay(day, fromUtc, toUtc) {
    return recordsBetween(
      requestEntity,
      requestEntity.partition("byDay", { happensOnUtcDay: day }),
      fromUtc,
      toUtc,
    );
  },
};
