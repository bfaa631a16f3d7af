import { planRepository } from "../../shared/plans/repository.ts";
import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { requestLimits, requestSettings } from "../../shared/requests/limits.ts";
import { awsDecisionNotices } from "../../shared/requests/notice-deps.ts";
import { requestOperations } from "../../shared/requests/operations.ts";
import { requestRepository } from "../../shared/requests/repository.ts";
import { requestsRoutes } from "../../shared/requests/routes.ts";
import { makeRequestUseCases } from "../../shared/requests/use-cases.ts";

const requests = makeRequestUseCases({
  requests: requestRepository,
  plans: planRepository,
  notices: awsDecisionNotices(),
  clock: systemClock,
  ids: ulidIds,
  limits: requestLimits(),
  settings: requestSettings(),
});

export const handler = httpHandler(requestsRoutes, requestOperations(requests), {
  idempotency: dynamoIdempotencyStore,
});
