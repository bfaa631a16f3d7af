import { ulid } from "ulid";
import { planRepository } from "../../shared/plans/repository.ts";
import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { sesMailer } from "../../shared/platform/email.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { emailOutbox } from "../../shared/platform/outbox.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { requestLimits, requestSettings } from "../../shared/requests/limits.ts";
import { makeDecisionNotices } from "../../shared/requests/notices.ts";
import { requestOperations } from "../../shared/requests/operations.ts";
import { requestRepository } from "../../shared/requests/repository.ts";
import { requestsRoutes } from "../../shared/requests/routes.ts";
import { makeRequestUseCases } from "../../shared/requests/use-cases.ts";
import { unitRepository } from "../../shared/units/repository.ts";

const requests = makeRequestUseCases({
  requests: requestRepository,
  plans: planRepository,
  notices: makeDecisionNotices({
    units: unitRepository,
    outbox: emailOutbox,
    mailer: sesMailer,
    clock: systemClock,
    locale: config().EMAIL_LOCALE,
    newToken: ulid,
  }),
  clock: systemClock,
  ids: ulidIds,
  limits: requestLimits(),
  settings: requestSettings(),
});

export const handler = httpHandler(requestsRoutes, requestOperations(requests), {
  idempotency: dynamoIdempotencyStore,
});
