import type { Clock, IdGenerator } from "../platform/clock.ts";
import { BusinessRuleError, NotFoundError, TooManyRequestsError } from "../platform/errors.ts";
import { type Caller, hasRole, requireUnit, seesAllUnits } from "../platform/roles.ts";
import { localDay, localMidnightUtc } from "../platform/time.ts";
import type { RequestRepository } from "../requests/repository.ts";
import type { UnitRepository } from "../units/repository.ts";
import type { UnitKind } from "../units/schemas.ts";
import type { FactLimits } from "./limits.ts";
import type { DailyQuota, FactRepository } from "./repository.ts";
import type { FactRecord, ReportFactBody } from "./schemas.ts";

export type FactDeps = {
  facts: FactRepository;
  units: UnitRepository;
  requests: RequestRepository;
  clock: Clock;
  ids: IdGenerator;
  limits: FactLimits;
  /** The zone whose calendar days the daily cap counts. */
  timeZone: string;
};

/** Clocks disagree a little; a fact reported as a few minutes in the future is still plausible. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** City-wide meetings are convened by the city's departments and offices, never by grassroots units. */
const convenerKinds: readonly UnitKind[] = ["department", "office"];

/** The unit's cap for the local day of `now`; once reached, come back when that day ends. */
const dailyQuota = (unitId: string, now: Date, limits: FactLimits, timeZone: string): DailyQuota => {
  const day = localDay(now, timeZone);
  const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const secondsLeft = Math.ceil((localMidnightUtc(nextDay, timeZone).getTime() - now.getTime()) / 1000);
  return {
    day,
    limit: limits.perUnitPerDay,
    exceeded: () =>
      new TooManyRequestsError(
        `${unitId} has reported ${limits.perUnitPerDay} facts today, the most one unit may report in a day: report the rest tomorrow`,
        "TOO_MANY_FACTS",
        Math.max(1, secondsLeft),
      ),
  };
};

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
    if (Date.parse(body.heldAt) < now.getTime() - deps.limits.maxAgeDays * DAY_MS) {
      throw rule(
        `heldAt is more than ${deps.limits.maxAgeDays} days ago: a meeting that old was due in an earlier sweep, so report it to the Supervision Office instead`,
        "TOO_OLD",
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
    if (!convenerKinds.includes(convener.kind)) {
      throw rule(
        `convenerUnitId must name a city department or office: "${convener.id}" is a ${convener.kind}, and grassroots units do not convene city-wide meetings`,
        "CONVENER_NOT_CITY_UNIT",
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
    await deps.facts.create(record, caller, dailyQuota(unitId, now, deps.limits, deps.timeZone));
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
