import type { PlanRepository } from "../plans/repository.ts";
import type { Clock } from "../platform/clock.ts";
import { ForbiddenError, NotFoundError } from "../platform/errors.ts";
import { type Caller, hasRole, requireUnit } from "../platform/roles.ts";
import { localDay } from "../platform/time.ts";
import type { UnitRepository } from "../units/repository.ts";
import { type Unit, unitKinds } from "../units/schemas.ts";
import type { ViolationRepository } from "../violations/repository.ts";
import { statsOf, type YearData } from "./aggregate.ts";
import type { StatsRepository } from "./repository.ts";
import type { Stats, StatsQuery } from "./schemas.ts";

/** What the statistics read of the secondment register: whoever is not back yet, and since when. */
export type OutstandingSecondments = {
  outstanding(): Promise<readonly { toUnitId: string; startDate: string; returnBy: string }[]>;
};

export type StatsDeps = {
  stats: StatsRepository;
  plans: Pick<PlanRepository, "get">;
  units: Pick<UnitRepository, "all" | "get">;
  violations: Pick<ViolationRepository, "overdueAt">;
  secondments: OutstandingSecondments;
  clock: Clock;
  timeZone: string;
};

const notFound = (unitId: string) => new NotFoundError(`Unit ${unitId} not found`);

/** How many of `records` there are per unit, among those of `year`. */
const countByUnit = <T>(
  records: readonly T[],
  year: number,
  yearOf: (record: T) => number,
  unitOf: (record: T) => string,
): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const record of records) {
    if (yearOf(record) !== year) continue;
    counts.set(unitOf(record), (counts.get(unitOf(record)) ?? 0) + 1);
  }
  return counts;
};

export const makeStatsUseCases = (deps: StatsDeps) => {
  const { timeZone } = deps;
  const yearOf = (instant: string) => Number(localDay(instant, timeZone).slice(0, 4));

  const plansOf = async (year: number): Promise<YearData["plans"]> => {
    const [meetings, documents, inspections] = await Promise.all([
      deps.plans.get(year, "meetings"),
      deps.plans.get(year, "documents"),
      deps.plans.get(year, "inspections"),
    ]);
    return { meetings, documents, inspections };
  };

  /**
   * Who the reader may see: supervisors and approvers the city and any unit, a department only its
   * own unit (another unit's is missing to it, not forbidden). Undefined: every unit.
   */
  const scopeOf = async (caller: Caller, unitId: string | undefined) => {
    if (hasRole(caller, "supervisor", "approver")) {
      if (unitId === undefined) return { units: undefined, withCity: true };
      const unit = await deps.units.get(unitId);
      if (!unit) throw notFound(unitId);
      return { units: [unit], withCity: true };
    }
    if (!hasRole(caller, "department")) throw new ForbiddenError("Your role may not read statistics");
    const own = requireUnit(caller);
    if (unitId !== undefined && unitId !== own) throw notFound(unitId);
    const unit = await deps.units.get(own);
    if (!unit) throw notFound(own);
    return { units: [unit], withCity: false };
  };

  return {
    async get(caller: Caller, query: StatsQuery): Promise<Stats> {
      const now = deps.clock.now();
      const year = query.year ?? yearOf(now.toISOString());
      const scope = await scopeOf(caller, query.unitId);
      // A department reads its own counter items only; everyone else the whole partition.
      const only = scope.withCity ? undefined : scope.units?.[0]?.id;
      const [current, previous, currentPlans, previousPlans, units, overdue, away] = await Promise.all([
        deps.stats.countersOf(year, only),
        deps.stats.countersOf(year - 1, only),
        plansOf(year),
        plansOf(year - 1),
        scope.units ?? deps.units.all(),
        deps.violations.overdueAt(now),
        deps.secondments.outstanding(),
      ]);
      // Away past the return date: the day to be back by has ended, in the city's calendar.
      const today = localDay(now, timeZone);
      const overdueAway = away.filter((secondment) => secondment.returnBy < today);
      const yearData = (
        forYear: number,
        counters: YearData["counters"],
        plans: YearData["plans"],
      ): YearData => ({
        year: forYear,
        counters,
        plans,
        overdueViolations: countByUnit(
          overdue,
          forYear,
          (violation) => yearOf(violation.createdAt),
          (violation) => violation.unitId,
        ),
        overdueSecondments: countByUnit(
          overdueAway,
          forYear,
          (secondment) => Number(secondment.startDate.slice(0, 4)),
          (secondment) => secondment.toUnitId,
        ),
      });
      // Offices first, villages last, as the city's hierarchy reads.
      const inCityOrder = (a: Unit, b: Unit) =>
        unitKinds.indexOf(a.kind) - unitKinds.indexOf(b.kind) || a.id.localeCompare(b.id);
      return statsOf(
        yearData(year, current, currentPlans),
        yearData(year - 1, previous, previousPlans),
        [...units].sort(inCityOrder),
        scope.withCity,
      );
    },
  };
};

export type StatsUseCases = ReturnType<typeof makeStatsUseCases>;
