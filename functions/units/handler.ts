import { systemClock } from "../../shared/platform/clock.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { unitRepository } from "../../shared/units/repository.ts";
import { unitsRoutes } from "../../shared/units/routes.ts";
import { makeUnitUseCases } from "../../shared/units/use-cases.ts";

const units = makeUnitUseCases({ units: unitRepository, clock: systemClock });

export const handler = httpHandler(
  unitsRoutes,
  {
    listUnits: ({ query }) => units.list(query),
    createUnit: ({ caller, body }) => units.create(caller, body),
    getUnit: ({ params }) => units.get(params.id),
    updateUnit: ({ caller, params, body }) => units.update(caller, params.id, body),
    importUnits: ({ caller, body }) => units.importCsv(caller, body),
  },
  { idempotency: dynamoIdempotencyStore },
);
