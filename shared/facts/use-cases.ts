import type { PlanKind } from "../plans/schemas.ts";
import type { Clock, IdGenerator } from "../platform/clock.ts";
import { BusinessRuleError, NotFoundError, TooManyRequestsError } from "../platform/errors.ts";
import { type Caller, hasRole, requireUnit, seesAllUnits } from "../platform/roles.ts";
import type { Page } from "../platform/store/store.ts";
import { localDay, localMidnightUtc } from "../platform/time.ts";
import type { RequestRepository } from "../requests/repository.ts";
import type { RequestRecord } from "../requests/schemas.ts";
import type { UnitRepository } from "../units/repository.ts";
import type { Unit, UnitKind } from "../units/schemas.ts";
import type { FactLimits } from "./limits.ts";
import { type OccurrenceKey, occurrenceOf } from "./occurrence.ts";
import { type OccurrenceView, occurrenceView } from "./occurrence-record.ts";
import type { DailyQuota, FactRepository, ReportedOccurrence } from "./repository.ts";
import {
  type FactRecord,
  happenedAt,
  happenedAtField,
  type ListFactsQuery,
  type ReportFactBody,
  subjectUnitOf,
} from "./schemas.ts";

export type FactDeps = {
  facts: FactRepository;
  units: UnitRepository;
  requests: RequestRepository;
  clock: Clock;
  ids: IdGenerator;
  limits: FactLimits;
  /** The zone whose calendar days the daily cap, occurrences and yearly counts use. */
  timeZone: string;
};

/** Clocks disagree a little; a fact reported as a few minutes in the future is still plausible. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** Meetings, documents and inspections are the city's departments' and offices' doing, never a grassroots unit's. */
const cityUnitKinds: readonly UnitKind[] = ["department", "office"];
const grassrootsKinds: readonly UnitKind[] = ["township", "village"];

const rule = (message: string, code: string, path: string) =>
  new BusinessRuleError(message, code, [{ path, message }]);

const known = (unit: Unit | undefined, id: string, field: string): Unit => {
  if (!unit) throw rule(`${field}: no unit has the id "${id}"`, "UNKNOWN_UNIT", field);
  return unit;
};

type FactKindRules = {
  /** the field naming the unit the fact is about */
  subjectField: string;
  /** the fact, as a message names it */
  what: string;
  /** the kind of request a report may cite */
  requestKind: RequestRecord["kind"];
  /** the quota its occurrences count against; visits count against none */
  planKind: PlanKind | undefined;
  /** a department reporting what another unit did */
  notOwn: () => BusinessRuleError;
  /** a grassroots unit named as the one that did it */
  notCityUnit: (unit: Unit) => BusinessRuleError;
};

/** What each kind of fact is about, the quota it counts against, and how its rules are worded. */
const factKinds: Record<ReportFactBody["kind"], FactKindRules> = {
  meeting_held: {
    subjectField: "convenerUnitId",
    what: "a meeting",
    requestKind: "meeting",
    planKind: "meetings",
    notOwn: () =>
      rule(
        "convenerUnitId must be your own unit: a department reports only the meetings it convened",
        "NOT_OWN_MEETING",
        "convenerUnitId",
      ),
    notCityUnit: (unit) =>
      rule(
        `convenerUnitId must name a city department or office: "${unit.id}" is a ${unit.kind}, and grassroots units do not convene city-wide meetings`,
        "CONVENER_NOT_CITY_UNIT",
        "convenerUnitId",
      ),
  },
  document_issued: {
    subjectField: "issuerUnitId",
    what: "a document",
    requestKind: "document",
    planKind: "documents",
    notOwn: () =>
      rule(
        "issuerUnitId must be your own unit: a department reports only the documents it issued",
        "NOT_OWN_DOCUMENT",
        "issuerUnitId",
      ),
    notCityUnit: (unit) =>
      rule(
        `issuerUnitId must name a city department or office: "${unit.id}" is a ${unit.kind}, and grassroots units do not issue city documents`,
        "ISSUER_NOT_CITY_UNIT",
        "issuerUnitId",
      ),
  },
  inspection_visit: {
    subjectField: "leadUnitId",
    what: "an inspection visit",
    requestKind: "inspection",
    planKind: undefined,
    notOwn: () =>
      rule(
        "leadUnitId must be your own unit: a department reports only the inspections it led",
        "NOT_OWN_INSPECTION",
        "leadUnitId",
      ),
    notCityUnit: (unit) =>
      rule(
        `leadUnitId must name a city department or office: "${unit.id}" is a ${unit.kind}, and grassroots units do not lead city inspections`,
        "LEAD_NOT_CITY_UNIT",
        "leadUnitId",
      ),
  },
};

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

/** The occurrence this report belongs to, as its first report creates it. */
const reportedOccurrence = (record: FactRecord, key: OccurrenceKey, existed: boolean): ReportedOccurrence => {
  const planKind = factKinds[record.kind].planKind;
  return {
    occurrence: {
      id: key.id,
      kind: key.kind,
      subjectUnitId: key.subjectUnitId,
      title: record.title,
      happenedAt: happenedAt(record),
      day: key.day,
      ...(record.kind === "inspection_visit" ? { targetUnitId: record.targetUnitId } : {}),
      reporters: new Set([record.unitId]),
      firstReportId: record.id,
      firstReportedAt: record.createdAt,
      lastReportedAt: record.createdAt,
    },
    countsAgainst: planKind ? { year: Number(key.day.slice(0, 4)), kind: planKind } : undefined,
    existed,
  };
};

export const makeFactUseCases = (deps: FactDeps) => {
  /** A fact is reported once it happened, and soon enough to be swept. */
  const checkWhen = (body: ReportFactBody, now: Date) => {
    const at = Date.parse(happenedAt(body));
    const field = happenedAtField(body);
    const { what } = factKinds[body.kind];
    if (at > now.getTime() + CLOCK_SKEW_MS) {
      throw rule(`${field} is in the future: report ${what} once it has happened`, "NOT_YET_HAPPENED", field);
    }
    if (at < now.getTime() - deps.limits.maxAgeDays * DAY_MS) {
      throw rule(
        `${field} is more than ${deps.limits.maxAgeDays} days ago: ${what} that old was due in an earlier sweep, so report it to the Supervision Office instead`,
        "TOO_OLD",
        field,
      );
    }
  };

  /**
   * A department reports only what it did itself; a grassroots unit reports what it received,
   * and a visit only when it was the one visited.
   */
  const checkReporter = (caller: Caller, unitId: string, body: ReportFactBody) => {
    if (!hasRole(caller, "grassroots")) {
      if (subjectUnitOf(body) !== unitId) throw factKinds[body.kind].notOwn();
      return;
    }
    if (body.kind === "inspection_visit" && body.targetUnitId !== unitId) {
      throw rule(
        "targetUnitId must be your own unit: a grassroots unit reports the inspections of itself",
        "NOT_VISITED_UNIT",
        "targetUnitId",
      );
    }
  };

  /**
   * The units and the request a report names, read together and checked in the order of the
   * form, so a report wrong in several ways is always refused for the same one.
   */
  const checkNamed = async (body: ReportFactBody) => {
    const rules = factKinds[body.kind];
    const subjectId = subjectUnitOf(body);
    const [subject, target, request] = await Promise.all([
      deps.units.get(subjectId),
      body.kind === "inspection_visit" ? deps.units.get(body.targetUnitId) : undefined,
      body.requestId === undefined ? undefined : deps.requests.get(body.requestId),
    ]);
    const subjectUnit = known(subject, subjectId, rules.subjectField);
    if (!cityUnitKinds.includes(subjectUnit.kind)) throw rules.notCityUnit(subjectUnit);
    if (body.kind === "inspection_visit") {
      const targetUnit = known(target, body.targetUnitId, "targetUnitId");
      if (!grassrootsKinds.includes(targetUnit.kind)) {
        throw rule(
          `targetUnitId must name a township or village: "${targetUnit.id}" is a ${targetUnit.kind}`,
          "TARGET_NOT_GRASSROOTS",
          "targetUnitId",
        );
      }
    }
    // Another unit's request, or one of another kind, is answered as if it did not exist.
    if (
      body.requestId !== undefined &&
      (request?.unitId !== subjectId || request.kind !== rules.requestKind)
    ) {
      throw rule(
        `requestId: ${subjectId} has no ${rules.requestKind} request "${body.requestId}"`,
        "UNKNOWN_REQUEST",
        "requestId",
      );
    }
  };

  return {
    async report(caller: Caller, body: ReportFactBody): Promise<FactRecord> {
      const unitId = requireUnit(caller);
      const now = deps.clock.now();
      checkWhen(body, now);
      checkReporter(caller, unitId, body);
      const key = occurrenceOf(body, deps.timeZone);
      // Read beside the checks' own reads: knowing whether this report is the first costs no round trip.
      const [, existing] = await Promise.all([checkNamed(body), deps.facts.getOccurrence(key.id)]);
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
      await deps.facts.create(
        record,
        caller,
        dailyQuota(unitId, now, deps.limits, deps.timeZone),
        reportedOccurrence(record, key, existing !== undefined),
      );
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

    /**
     * Reporters list their own unit's reports, supervisors and approvers everyone's; `about=mine`
     * lists what was reported about the caller's unit, as occurrences with how many units reported
     * each and never which.
     */
    async list(caller: Caller, query: ListFactsQuery): Promise<Page<FactRecord | OccurrenceView>> {
      if (query.about === "mine") {
        const unitId = requireUnit(caller);
        const page = await deps.facts.occurrencesAbout(unitId, query.limit, query.cursor);
        return { items: page.items.map((item) => occurrenceView(item, unitId)), nextCursor: page.nextCursor };
      }
      if (seesAllUnits(caller)) return deps.facts.listAll(query.limit, query.cursor);
      return deps.facts.listByUnit(requireUnit(caller), query.limit, query.cursor);
    },
  };
};

export type FactUseCases = ReturnType<typeof makeFactUseCases>;
