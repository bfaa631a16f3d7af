import { factLimits } from "../../shared/facts/limits.ts";
import { factRepository } from "../../shared/facts/repository.ts";
import { factsRoutes } from "../../shared/facts/routes.ts";
import { makeFactUseCases } from "../../shared/facts/use-cases.ts";
import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { requestRepository } from "../../shared/requests/repository.ts";
import { unitRepository } from "../../shared/units/repository.ts";

const facts = makeFactUseCases({
  facts: factRepository,
  units: unitRepository,
  requests: requestRepository,
  clock: systemClock,
  ids: ulidIds,
  limits: factLimits(),
  timeZone: config().TIME_ZONE,
});

export const handler = httpHandler(
  factsRoutes,
  {
    reportEvent: ({ caller, body }) => facts.report(caller, body),
    getEvent: ({ caller, params }) => facts.get(caller, params.id),
    listEvents: ({ caller, query }) => facts.list(caller, query),
  },
  { idempotency: dynamoIdempotencyStore },
);
