import type { Clock, IdGenerator } from "../platform/clock.ts";
import { BusinessRuleError, NotFoundError } from "../platform/errors.ts";
import { type Caller, hasRole, requireUnit, seesAllUnits } from "../platform/roles.ts";
import type { RequestRepository } from "../requests/repository.ts";
import type { UnitRepository } from "../units/repository.ts";
import type { FactRepository } from "./repository.ts";
import type { FactRecord, ReportFactBody } from "./schemas.ts";

export type FactDeps = {
  facts: FactRepository;
  units: UnitRepository;
  requests: RequestRepository;
  clock: Clock;
  ids: IdGenerator;
};

/** Clocks disagree a little; a fact reported as a few minutes in the future is still plausible. */
const CLOCK_SKEW_MS = 5 * 60_000;

const rule = (message: string, code: string, path: string) =>
  new BusinessRuleError(message, code, [{ path, message }]);

export const makeFactUseCases = (deps: FactDeps) => ({
  async report(caller: Caller, body: ReportFactBody): Promise<FactRecord> {
    const unitId = requireUnit(caller);
    const now = deps.clock.now();
    if (Date.parse(body.heldAt) > now.getTime() + CLOCK_SKEW_MS) {
      throw rule(
        "heldAt is in the future: report a meeting once it has been held",
        "NOT_YET_HAPPENED",
        "heldAt",
      );
    }
    if (body.convenerUnitId !== unitId && !hasRole(caller, "grassroots")) {
      throw rule(
        "convenerUnitId must be your own unit: a department reports only the meetings it convened",
        "NOT_OWN_MEETING",
        "convenerUnitId",
      );
    }
    const [convener, request] = await Promise.all([
      deps.units.get(body.convenerUnitId),
      body.requestId === undefined ? undefined : deps.requests.get(body.requestId),
    ]);
    if (!convener) {
      throw rule(
        `convenerUnitId: no unit has the id "${body.convenerUnitId}"`,
        "UNKNOWN_UNIT",
        "convenerUnitId",
      );
    }
    if (body.requestId !== undefined && request?.unitId !== body.convenerUnitId) {
      throw rule(
        `requestId: ${body.convenerUnitId} has no request "${body.requestId}"`,
        "UNKNOWN_REQUEST",
        "requestId",
      );
    }
    const at = now.toISOString();
    const record: FactRecord = {
      ...body,
      id: deps.ids.next(),
      unitId,
      createdBy: caller.sub,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await deps.facts.create(record, caller);
    return record;
  },

  /** Reporters read their own unit's facts; another unit's fact is missing, not forbidden. */
  async get(caller: Caller, id: string): Promise<FactRecord> {
    const fact = await deps.facts.get(id);
    if (!fact || (!seesAllUnits(caller) && fact.unitId !== caller.unitId)) {
      throw new NotFoundError(`Fact ${id} not found`);
    }
    return fact;
  },

  list(caller: Caller, query: { limit: number; cursor?: string | undefined }) {
    if (seesAllUnits(caller)) return deps.facts.listAll(query.limit, query.cursor);
    return deps.facts.listByUnit(requireUnit(caller), query.limit, query.cursor);
  },
});

export type FactUseCases = ReturnType<typeof makeFactUseCases>;
