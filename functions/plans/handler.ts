import { planRepository } from "../../shared/plans/repository.ts";
import { plansRoutes } from "../../shared/plans/routes.ts";
import { makePlanUseCases } from "../../shared/plans/use-cases.ts";
import { systemClock } from "../../shared/platform/clock.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { unitLookup } from "../../shared/units/repository.ts";

const plans = makePlanUseCases({ plans: planRepository, units: unitLookup, clock: systemClock });

export const handler = httpHandler(
  plansRoutes,
  {
    getPlan: ({ params }) => plans.get(params.year, params.kind),
    replacePlanDraft: ({ caller, params, body }) =>
      plans.replaceDraft(caller, params.year, params.kind, body),
    importPlan: ({ caller, params, body }) => plans.importCsv(caller, params.year, params.kind, body),
    publishPlan: ({ caller, params }) => plans.publish(caller, params.year, params.kind),
  },
  { idempotency: dynamoIdempotencyStore },
);
