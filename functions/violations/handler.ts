import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { unitRepository } from "../../shared/units/repository.ts";
import { violationRepository } from "../../shared/violations/repository.ts";
import { violationsRoutes } from "../../shared/violations/routes.ts";
import { makeViolationUseCases } from "../../shared/violations/use-cases.ts";

const violations = makeViolationUseCases({
  violations: violationRepository,
  units: unitRepository,
  clock: systemClock,
  ids: ulidIds,
  dueDays: config().VIOLATION_DUE_DAYS,
  timeZone: config().TIME_ZONE,
});

export const handler = httpHandler(
  violationsRoutes,
  {
    listViolations: ({ caller, query }) => violations.list(caller, query),
    recordViolation: ({ caller, body }) => violations.recordFinding(caller, body),
    getViolation: ({ caller, params }) => violations.get(caller, params.id),
    respondToViolation: ({ caller, params, body }) => violations.respond(caller, params.id, body),
    resolveViolation: ({ caller, params, body }) => violations.resolve(caller, params.id, body),
    reopenViolation: ({ caller, params, body }) => violations.reopen(caller, params.id, body),
    listViolationEvidence: ({ caller, params, query }) => violations.listEvidence(caller, params.id, query),
  },
  { idempotency: dynamoIdempotencyStore },
);
