import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { sweepRepository } from "../../shared/sweeps/repository.ts";
import { sweepsRoutes } from "../../shared/sweeps/routes.ts";
import { invokeRunner, makeSweepUseCases } from "../../shared/sweeps/use-cases.ts";

const sweeps = makeSweepUseCases({
  sweeps: sweepRepository,
  clock: systemClock,
  ids: ulidIds,
  timeZone: config().TIME_ZONE,
  runnerTimeoutSeconds: config().SWEEP_RUNNER_TIMEOUT_SECONDS,
  launch: invokeRunner,
});

export const handler = httpHandler(
  sweepsRoutes,
  {
    startSweep: ({ caller, body }) => sweeps.start(caller, body),
    listSweeps: ({ query }) => sweeps.list(query),
    getSweep: ({ params }) => sweeps.get(params.id),
  },
  { idempotency: dynamoIdempotencyStore },
);
