import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { requestLimits } from "../../shared/requests/limits.ts";
import { requestRepository } from "../../shared/requests/repository.ts";
import { requestsRoutes } from "../../shared/requests/routes.ts";
import { makeRequestUseCases } from "../../shared/requests/use-cases.ts";

const requests = makeRequestUseCases({
  requests: requestRepository,
  clock: systemClock,
  ids: ulidIds,
  limits: requestLimits(),
});

export const handler = httpHandler(
  requestsRoutes,
  {
    submitRequest: ({ caller, body }) => requests.submit(caller, body),
    listRequests: ({ caller, query }) => requests.list(caller, query),
    getRequest: ({ caller, params }) => requests.get(caller, params.id),
    decideRequest: ({ caller, params, body }) => requests.decide(caller, params.id, body),
    withdrawRequest: ({ caller, params }) => requests.withdraw(caller, params.id),
  },
  { idempotency: dynamoIdempotencyStore },
);
