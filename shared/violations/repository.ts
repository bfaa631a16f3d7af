import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity } from "../platform/store/entity.ts";
import { createAudited, equalityFilter, getRecords, type Page, queryPage } from "../platform/store/store.ts";
import {
  type ViolationRecord,
  type ViolationRule,
  type ViolationStatus,
  violationRecordSchema,
} from "./schemas.ts";

export const violationEntity = defineEntity({
  type: "VIOLATION",
  version: 2,
  schema: violationRecordSchema,
  primary: ["id"],
  indexes: {
    byUnit: { pk: ["unitId"], sk: ["occurredOn", "id"] },
    byStatus: { pk: ["status"], sk: ["occurredOn", "id"] },
    byType: { pk: [], sk: ["occurredOn", "id"] },
  },
});

export type ViolationFilter = {
  rule?: ViolationRule | undefined;
  status?: ViolationStatus | undefined;
  unitId?: string | undefined;
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
        violationEntity,
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

  getMany: (ids) =>
    getRecords(
      violationEntity,
      ids.map((id) => ({ id })),
    ),

  /** The narrowest partition the filter allows, with the rest as a filter expression. */
  list(filter, limit, cursor) {
    if (filter.unitId !== undefined) {
      return queryPage(violationEntity, {
        partition: violationEntity.partition("byUnit", { unitId: filter.unitId }),
        filter: equalityFilter({ rule: filter.rule, status: filter.status }),
        limit,
        cursor,
      });
    }
    if (filter.status !== undefined) {
      return queryPage(violationEntity, {
        partition: violationEntity.partition("byStatus", { status: filter.status }),
        filter: equalityFilter({ rule: filter.rule }),
        limit,
        cursor,
      });
    }
    return queryPage(violationEntity, {
      partition: violationEntity.partition("byType", {}),
      filter: equalityFilter({ rule: filter.rule }),
      limit,
      cursor,
    });
  },
};
