import { plaqueRepository } from "../../shared/plaques/repository.ts";
import { plaquesRoutes } from "../../shared/plaques/routes.ts";
import { makePlaqueUseCases } from "../../shared/plaques/use-cases.ts";
import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { unitRepository } from "../../shared/units/repository.ts";

const plaques = makePlaqueUseCases({
  plaques: plaqueRepository,
  units: unitRepository,
  clock: systemClock,
  ids: ulidIds,
  timeZone: config().TIME_ZONE,
  removeDays: config().PLAQUE_REMOVE_DAYS,
});

export const handler = httpHandler(
  plaquesRoutes,
  {
    listPlaqueTypes: ({ query }) => plaques.listTypes(query),
    createPlaqueType: ({ caller, body }) => plaques.createType(caller, body),
    updatePlaqueType: ({ caller, params, body }) => plaques.updateType(caller, params.id, body),
    listPlaques: ({ caller, query }) => plaques.list(caller, query),
    registerPlaque: ({ caller, body }) => plaques.register(caller, body),
    getPlaque: ({ caller, params }) => plaques.get(caller, params.id),
    removePlaque: ({ caller, params, body }) => plaques.remove(caller, params.id, body),
  },
  { idempotency: dynamoIdempotencyStore },
);
