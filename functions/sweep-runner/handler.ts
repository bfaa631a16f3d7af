import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import * as z from "zod/mini";
import { logger } from "../../shared/platform/logger.ts";
import { awsDecisionNotices } from "../../shared/requests/notice-deps.ts";
import { recordSweepMetrics, SweepIncompleteError } from "../../shared/sweeps/metrics.ts";
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
const notices = awsDecisionNotices();
const metrics = new Metrics();

export const handler = middy(async (event: unknown, context: Context) => {
  const { sweepId, scheduledTime } = invocationSchema.parse(event ?? {});
  // Claims on digests must lapse before Lambda stops this invocation, so the run knows its end.
  const timeLeftMs = context.getRemainingTimeInMillis();
  const sweep = sweepId
    ? await runner.runRecorded(sweepId, timeLeftMs)
    : await runner.run({
        dryRun: false,
        trigger: "schedule",
        createdBy: "schedule",
        asOf: scheduledTime ? new Date(scheduledTime) : undefined,
        timeLeftMs,
      });
  // Every run also sends the decision notices SES refused when the decision was taken.
  await notices.catchUp();
  recordSweepMetrics(metrics, sweep);
  logger.info("sweep finished", {
    sweepId: sweep.id,
    window: sweep.window,
    status: sweep.status,
    counts: sweep.counts,
  });
  if (sweep.status !== "completed") throw new SweepIncompleteError(sweep);
  return { sweepId: sweep.id, status: sweep.status };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
