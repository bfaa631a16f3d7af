import type { Clock, IdGenerator } from "../platform/clock.ts";
import { BusinessRuleError, ConflictError, NotFoundError } from "../platform/errors.ts";
import { type Caller, requireUnit, seesAllUnits } from "../platform/roles.ts";
import { localDay, weekLabelOf } from "../platform/time.ts";
import type { UnitRepository } from "../units/repository.ts";
import type { ViolationRepository } from "./repository.ts";
import {
  isOverdue,
  type ListViolationsQuery,
  type RecordFindingBody,
  SUPERVISION_FINDING,
  type ViolationRecord,
  type ViolationStatus,
  type ViolationView,
} from "./schemas.ts";

export type ViolationDeps = {
  violations: ViolationRepository;
  units: Pick<UnitRepository, "get">;
  clock: Clock;
  ids: IdGenerator;
  /** Days a violation has to be corrected, from when it is opened or reopened. */
  dueDays: number;
  timeZone: string;
};

const DAY_MS = 86_400_000;

/** Another unit's violation is missing, not forbidden, so its existence does not leak. */
const notFound = (id: string) => new NotFoundError(`Violation ${id} not found`);

const visibleTo = (caller: Caller, record: ViolationRecord | undefined, id: string): ViolationRecord => {
  if (!record || (!seesAllUnits(caller) && record.unitId !== caller.unitId)) throw notFound(id);
  return record;
};

type Move = "respond" | "resolve" | "reopen";

/**
 * The statuses each move starts from, and what someone who tries it from another status is told:
 * a decision already taken is changed by reopening it, never by deciding again over it.
 */
const moves: Record<
  Move,
  { from: readonly ViolationStatus[]; refusal: (id: string, status: string) => string }
> = {
  respond: {
    from: ["open", "responded"],
    refusal: (id, status) =>
      `Violation ${id} is already ${status}: it can be answered again once a supervisor reopens it`,
  },
  resolve: {
    from: ["open", "responded"],
    refusal: (id, status) => `Violation ${id} is already ${status}; reopen it first`,
  },
  reopen: {
    from: ["responded", "rectified", "dismissed"],
    refusal: (id, status) => `Violation ${id} is already ${status}: there is nothing to reopen`,
  },
};

const refuseUnlessFrom = (move: Move, record: ViolationRecord) => {
  const { from, refusal } = moves[move];
  if (!from.includes(record.status)) {
    throw new ConflictError(refusal(record.id, record.status), "INVALID_TRANSITION");
  }
};

export const makeViolationUseCases = (deps: ViolationDeps) => {
  const { violations, clock } = deps;

  const viewOf = (record: ViolationRecord, now: Date): ViolationView => ({
    ...record,
    overdue: isOverdue(record, now),
  });

  const dueFrom = (now: Date) => new Date(now.getTime() + deps.dueDays * DAY_MS).toISOString();

  const read = async (id: string) => {
    const [record] = await violations.getMany([id]);
    return record;
  };

  /**
   * Writes the next version with its audit entry, and answers it as of the instant it was made;
   * a retried keyed POST replays the same answer.
   */
  const save = async (
    caller: Caller,
    previous: ViolationRecord,
    next: ViolationRecord,
    action: string,
    now: Date,
  ): Promise<ViolationView> => {
    const view = viewOf(next, now);
    await violations.replace(previous, next, caller, action, view);
    return view;
  };

  return {
    /** Departments see only their own unit's violations, whatever unitId they ask for. */
    async list(caller: Caller, query: ListViolationsQuery) {
      const now = clock.now();
      const { overdue, limit, cursor, ...filter } = query;
      const ownUnit = seesAllUnits(caller) ? undefined : requireUnit(caller);
      if (ownUnit !== undefined && filter.unitId !== undefined && filter.unitId !== ownUnit) {
        return { items: [], nextCursor: null };
      }
      const page = await violations.list(
        {
          ...filter,
          unitId: ownUnit ?? filter.unitId,
          overdue: overdue === undefined ? undefined : { is: overdue === "true", now },
        },
        limit,
        cursor,
      );
      return { items: page.items.map((record) => viewOf(record, now)), nextCursor: page.nextCursor };
    },

    async get(caller: Caller, id: string) {
      const { record, audit } = await violations.get(id);
      return { ...viewOf(visibleTo(caller, record, id), clock.now()), audit };
    },

    /** Only the unit the violation is addressed to answers it, whatever else its account may do. */
    async respond(caller: Caller, id: string, body: { text: string }): Promise<ViolationView> {
      const previous = await read(id);
      if (!previous || previous.unitId !== caller.unitId) throw notFound(id);
      refuseUnlessFrom("respond", previous);
      const now = clock.now();
      const at = now.toISOString();
      const next: ViolationRecord = {
        ...previous,
        status: "responded",
        response: { text: body.text, by: caller.sub, at },
        version: previous.version + 1,
        updatedAt: at,
      };
      return save(caller, previous, next, "violation.responded", now);
    },

    async resolve(
      caller: Caller,
      id: string,
      body: { outcome: "rectified" | "dismissed"; reason: string },
    ): Promise<ViolationView> {
      const previous = visibleTo(caller, await read(id), id);
      refuseUnlessFrom("resolve", previous);
      const now = clock.now();
      const at = now.toISOString();
      const next: ViolationRecord = {
        ...previous,
        status: body.outcome,
        resolution: { outcome: body.outcome, reason: body.reason, by: caller.sub, at },
        version: previous.version + 1,
        updatedAt: at,
      };
      return save(caller, previous, next, "violation.resolved", now);
    },

    /** Back to open with a fresh deadline; why stays on the record, hence in its audit entry. */
    async reopen(caller: Caller, id: string, body: { reason: string }): Promise<ViolationView> {
      const previous = visibleTo(caller, await read(id), id);
      refuseUnlessFrom("reopen", previous);
      const now = clock.now();
      const at = now.toISOString();
      const { resolution: _resolution, ...withoutResolution } = previous;
      const next: ViolationRecord = {
        ...withoutResolution,
        status: "open",
        dueAt: dueFrom(now),
        reopened: { reason: body.reason, by: caller.sub, at },
        version: previous.version + 1,
        updatedAt: at,
      };
      return save(caller, previous, next, "violation.reopened", now);
    },

    /**
     * A supervisor's own finding (a site inspection, a discussion, reviewed materials, a
     * complaint, which `from` names): never swept.
     */
    async recordFinding(
      caller: Caller,
      body: RecordFindingBody,
      from: { complaintId?: string } = {},
    ): Promise<ViolationView> {
      const unit = await deps.units.get(body.unitId);
      if (!unit) {
        throw new BusinessRuleError(`No unit has the id "${body.unitId}"`, "UNKNOWN_UNIT", [
          { path: "unitId", message: `unitId must name a unit: no unit has the id "${body.unitId}"` },
        ]);
      }
      // Only a department or an office can answer a violation: the Supervision Office checks them.
      if (unit.kind !== "department" && unit.kind !== "office") {
        const message = `unitId must name a city department or office: "${unit.id}" is a ${unit.kind}, which cannot answer a violation`;
        throw new BusinessRuleError(message, "NOT_CITY_UNIT", [{ path: "unitId", message }]);
      }
      const now = clock.now();
      const at = now.toISOString();
      const record: ViolationRecord = {
        id: `${SUPERVISION_FINDING}:${deps.ids.next()}`,
        rule: SUPERVISION_FINDING,
        unitId: body.unitId,
        subject: body.title,
        summary: body.title,
        description: body.description,
        occurredOn: localDay(now, deps.timeZone),
        evidence: { count: 0, factIds: [] },
        status: "open",
        dueAt: dueFrom(now),
        window: weekLabelOf(now, deps.timeZone),
        ...(from.complaintId === undefined ? {} : { complaintId: from.complaintId }),
        createdBy: caller.sub,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      const view = viewOf(record, now);
      await violations.create(record, caller, view);
      return view;
    },

    async listEvidence(caller: Caller, id: string, page: { limit: number; cursor?: string | undefined }) {
      visibleTo(caller, await read(id), id);
      return violations.listEvidence(id, page.limit, page.cursor);
    },
  };
};

export type ViolationUseCases = ReturnType<typeof makeViolationUseCases>;
