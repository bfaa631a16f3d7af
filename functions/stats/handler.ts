import { planRepository } from "../../shared/plans/repository.ts";
import { systemClock } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { secondmentRepository } from "../../shared/secondments/repository.ts";
import { statsRepository } from "../../shared/stats/repository.ts";
import { statsRoutes } from "../../shared/stats/routes.ts";
import { makeStatsUseCases } from "../../shared/stats/use-cases.ts";
import { unitRepository } from "../../shared/units/repository.ts";
import { violationRepository } from "../../shared/violations/repository.ts";

const stats = makeStatsUseCases({
  stats: statsRepository,
  plans: planRepository,
  units: unitRepository,
  violations: violationRepository,
  secondments: secondmentRepository,
  clock: systemClock,
  timeZone: config().TIME_ZONE,
});

export const handler = httpHandler(statsRoutes, {
  getStats: ({ caller, query }) => stats.get(caller, query),
});
