import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { secondmentRepository } from "../../shared/secondments/repository.ts";
import { secondmentsRoutes } from "../../shared/secondments/routes.ts";
import { makeSecondmentUseCases } from "../../shared/secondments/use-cases.ts";
import { unitRepository } from "../../shared/units/repository.ts";

const secondments = makeSecondmentUseCases({
  secondments: secondmentRepository,
  units: unitRepository,
  clock: systemClock,
  ids: ulidIds,
  timeZone: config().TIME_ZONE,
});

export const handler = httpHandler(
  secondmentsRoutes,
  {
    listSecondments: ({ caller, query }) => secondments.list(caller, query),
    registerSecondment: ({ caller, body }) => secondments.register(caller, body),
    getSecondment: ({ caller, params }) => secondments.get(caller, params.id),
    confirmSecondment: ({ caller, params }) => secondments.confirm(caller, params.id),
    declareSecondmentReturn: ({ caller, params, body }) => secondments.declareReturn(caller, params.id, body),
    confirmSecondmentReturn: ({ caller, params }) => secondments.confirmReturn(caller, params.id),
  },
  { idempotency: dynamoIdempotencyStore },
);
