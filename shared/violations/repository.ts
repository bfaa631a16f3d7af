import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { defineEntity } from "../platform/store/entity.ts";
import {
  childPage,
  createAudited,
  equalityFilter,
  getRecords,
  type Page,
  putChildren,
  queryPage,
  replaceAudited,
} from "../platform/store/store.ts";
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

const EVIDENCE = "EVIDENCE";

export type EvidenceRef = { factId: string };

export type ViolationRepository = {
  /** Writes the violation unless one with its id exists; true when this call created it. */
  createIfAbsent(record: ViolationRecord, caller: Caller): Promise<boolean>;
  /** Keeps every evidence reference beside the violation; writing one twice is harmless. */
  putEvidence(violationId: string, factIds: string[]): Promise<void>;
  listEvidence(violationId: string, limit: number, cursor?: string): Promise<Page<EvidenceRef>>;
  /** The next version of a violation and its audit entry, unless it changed since it was read. */
  replace(previous: ViolationRecord, next: ViolationRecord, caller: Caller, action: string): Promise<void>;
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

  putEvidence(violationId, factIds) {
    const { pk } = violationEntity.key({ id: violationId });
    return putChildren(
      pk,
      EVIDENCE,
      factIds.map((factId) => ({ id: factId, item: { factId } })),
    );
  },

  async listEvidence(violationId, limit, cursor) {
    const { pk } = violationEntity.key({ id: violationId });
    const page = await childPage(pk, EVIDENCE, limit, cursor);
    return {
      items: page.items.map((item) => ({ factId: String(item.factId) })),
      nextCursor: page.nextCursor,
    };
  },

  replace(previous, next, caller, action) {
    return replaceAudited(
      violationEntity,
      previous,
      next,
      { caller, action, at: next.updatedAt },
      () => new ConflictError(`Violation ${previous.id} changed meanwhile`, "STATE_CHANGED"),
    );
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
