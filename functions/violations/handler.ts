import { httpHandler } from "../../shared/platform/http/handler.ts";
import { violationRepository } from "../../shared/violations/repository.ts";
import { violationsRoutes } from "../../shared/violations/routes.ts";
import { makeViolationUseCases } from "../../shared/violations/use-cases.ts";

const violations = makeViolationUseCases({ violations: violationRepository });

export const handler = httpHandler(violationsRoutes, {
  listViolations: ({ caller, query }) => violations.list(caller, query),
  listViolationEvidence: ({ caller, params, query }) => violations.listEvidence(caller, params.id, query),
});
