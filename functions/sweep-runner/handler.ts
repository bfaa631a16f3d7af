import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import * as z from "zod/mini";
import { logger } from "../../shared/platform/logger.ts";
import { makeSweepRunner } from "../../shared/sweeps/run.ts";
import { awsSweepRunDeps } from "../../shared/sweeps/runner-deps.ts";

/**
 * The API sends `{sweepId}` for a sweep it recorded. The weekly schedule sends its scheduled
 * instant, so a delivery that is retried after midnight still sweeps the week it was meant for;
 * a duplicate delivery is harmless because violations and digests are idempotent.
 */
const invocationSchema = z.object({
  sweepId: z.optional(z.string().check(z.minLength(1))),
  scheduledTime: z.optional(z.iso.datetime({ offset: true })),
});

const runner = makeSweepRunner(awsSweepRunDeps());

export const handler = middy(async (event: unknown) => {
  const { sweepId, scheduledTime } = invocationSchema.parse(event ?? {});
  const sweep = sweepId
    ? await runner.runRecorded(sweepId)
    : await runner.run({
        dryRun: false,
        trigger: "schedule",
        createdBy: "schedule",
        asOf: scheduledTime ? new Date(scheduledTime) : undefined,
      });
  logger.info("sweep finished", {
    sweepId: sweep.id,
    window: sweep.window,
    status: sweep.status,
    counts: sweep.counts,
  });
  return { sweepId: sweep.id, status: sweep.status };
}).use(injectLambdaContext(logger));
