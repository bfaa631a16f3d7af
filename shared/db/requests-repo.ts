import type { AuditEntry } from "../domain/common.ts";
import type { RequestRecord, RequestStatus } from "../domain/requests.ts";
import type { Caller } from "../domain/roles.ts";
import { ConflictError } from "../errors.ts";
import {
  batchGet,
  createAudited,
  type Filter,
  getItem,
  type Item,
  itemsOnUtcDay,
  type Page,
  queryPage,
  readWithAudit,
  replaceAudited,
  withoutKeys,
} from "./store.ts";

const requestPk = (id: string) => `REQUEST#${id}`;
const REQUEST_SK = "REQUEST";

const startsAtOf = (record: RequestRecord): string => new Date(record.body.startsAt).toISOString();

const toItem = (record: RequestRecord) => {
  const startsAt = startsAtOf(record);
  const created = `${record.createdAt}#${record.id}`;
  return {
    pk: requestPk(record.id),
    sk: REQUEST_SK,
    entity: "REQUEST",
    gsi1pk: `REQUEST#UNIT#${record.unitId}`,
    gsi1sk: created,
    gsi2pk: `REQUEST#DAY#${startsAt.slice(0, 10)}`,
    gsi2sk: `${startsAt}#${record.id}`,
    gsi3pk: `REQUEST#STATUS#${record.status}`,
    gsi3sk: created,
    gsi4pk: "REQUEST",
    gsi4sk: created,
    ...record,
  };
};

const fromItem = (item: Item) => withoutKeys(item) as RequestRecord;

const statusFilter = (status: RequestStatus | undefined): Filter | undefined =>
  status
    ? { expression: "#status = :status", names: { "#status": "status" }, values: { ":status": status } }
    : undefined;

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
  startingOnUtcDay(day: string, fromUtc: string, toUtc: string): Promise<RequestRecord[]>;
  getMany(ids: string[]): Promise<RequestRecord[]>;
};

export const requestRepository: RequestRepository = {
  async get(id) {
    const item = await getItem(requestPk(id), REQUEST_SK);
    return item ? fromItem(item) : undefined;
  },

  async getWithAudit(id) {
    const { record, audit } = await readWithAudit(requestPk(id), REQUEST_SK);
    return { record: record as RequestRecord | undefined, audit };
  },

  create(record, caller) {
    return createAudited(
      toItem(record),
      record,
      { caller, action: "request.submitted", at: record.createdAt },
      () => new ConflictError(`Request ${record.id} already exists`, "ALREADY_EXISTS"),
    );
  },

  transition(previous, next, caller, action) {
    return replaceAudited(
      toItem(next),
      previous,
      next,
      { caller, action, at: next.updatedAt },
      () =>
        new ConflictError(`Request ${next.id} was changed by someone else; read it again`, "STATE_CHANGED"),
    );
  },

  listByUnit(unitId, status, limit, cursor) {
    return queryPage(
      {
        index: "byUnit",
        partition: { name: "gsi1pk", value: `REQUEST#UNIT#${unitId}` },
        filter: statusFilter(status),
        limit,
        cursor,
      },
      (item) => item as RequestRecord,
    );
  },

  listAll(status, limit, cursor) {
    const partition = status
      ? { index: "byStatus" as const, partition: { name: "gsi3pk", value: `REQUEST#STATUS#${status}` } }
      : { index: "byType" as const, partition: { name: "gsi4pk", value: "REQUEST" } };
    return queryPage({ ...partition, limit, cursor }, (item) => item as RequestRecord);
  },

  async startingOnUtcDay(day, fromUtc, toUtc) {
    return (await itemsOnUtcDay("REQUEST", day, fromUtc, toUtc)) as RequestRecord[];
  },

  async getMany(ids) {
    const items = await batchGet(ids.map((id) => ({ pk: requestPk(id), sk: REQUEST_SK })));
    return items as RequestRecord[];
  },
};
