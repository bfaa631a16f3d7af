import type { Caller } from "../domain/roles.ts";
import type { ViolationRecord, ViolationRule, ViolationStatus } from "../domain/violations.ts";
import { ConflictError } from "../errors.ts";
import { batchGet, createAudited, type Filter, type Page, queryPage } from "./store.ts";

const violationPk = (id: string) => `VIOLATION#${id}`;
const VIOLATION_SK = "VIOLATION";

const toItem = (record: ViolationRecord) => {
  const order = `${record.occurredOn}#${record.id}`;
  return {
    pk: violationPk(record.id),
    sk: VIOLATION_SK,
    entity: "VIOLATION",
    gsi1pk: `VIOLATION#UNIT#${record.unitId}`,
    gsi1sk: order,
    gsi3pk: `VIOLATION#STATUS#${record.status}`,
    gsi3sk: order,
    gsi4pk: "VIOLATION",
    gsi4sk: order,
    ...record,
  };
};

export type ViolationFilter = {
  rule?: ViolationRule | undefined;
  status?: ViolationStatus | undefined;
  unitId?: string | undefined;
};

/** Attribute equality conditions joined with AND, as a DynamoDB filter expression. */
const equalityFilter = (conditions: [string, unknown][]): Filter | undefined =>
  conditions.length === 0
    ? undefined
    : {
        expression: conditions.map(([name]) => `#${name} = :${name}`).join(" AND "),
        names: Object.fromEntries(conditions.map(([name]) => [`#${name}`, name])),
        values: Object.fromEntries(conditions.map(([name, value]) => [`:${name}`, value])),
      };

export type ViolationRepository = {
  /** Writes the violation unless one with its id exists; true when this call created it. */
  createIfAbsent(record: ViolationRecord, caller: Caller): Promise<boolean>;
  getMany(ids: string[]): Promise<ViolationRecord[]>;
  list(filter: ViolationFilter, limit: number, cursor?: string): Promise<Page<ViolationRecord>>;
};

export const violationRepository: ViolationRepository = {
  async createIfAbsent(record, caller) {
    try {
      await createAudited(
        toItem(record),
        record,
        { caller, action: "violation.opened", at: record.createdAt },
        () => new ConflictError(`Violation ${record.id} exists`),
      );
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  },

  async getMany(ids) {
    const items = await batchGet(ids.map((id) => ({ pk: violationPk(id), sk: VIOLATION_SK })));
    return items as ViolationRecord[];
  },

  list(filter, limit, cursor) {
    const conditions = (["rule", "status"] as const).flatMap((name): [string, unknown][] =>
      filter[name] === undefined ? [] : [[name, filter[name]]],
    );
    const byUnit = filter.unitId !== undefined;
    const byStatus = !byUnit && filter.status !== undefined;
    const partition = byUnit
      ? { index: "byUnit" as const, partition: { name: "gsi1pk", value: `VIOLATION#UNIT#${filter.unitId}` } }
      : byStatus
        ? {
            index: "byStatus" as const,
            partition: { name: "gsi3pk", value: `VIOLATION#STATUS#${filter.status}` },
          }
        : { index: "byType" as const, partition: { name: "gsi4pk", value: "VIOLATION" } };
    const remaining = byStatus ? conditions.filter(([name]) => name !== "status") : conditions;
    return queryPage(
      { ...partition, filter: equalityFilter(remaining), limit, cursor },
      (item) => item as ViolationRecord,
    );
  },
};
