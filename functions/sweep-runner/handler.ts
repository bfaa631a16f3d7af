import * as z from "zod/mini";
import { logger } from "../../shared/logger.ts";
import { runRecordedSweep, runSweep } from "../../shared/use-cases/sweep-run.ts";

/**
 * The API sends `{sweepId}` for a sweep it recorded. The weekly schedule sends its scheduled
 * instant, so a delivery that is retried after midnight still sweeps the week it was meant for;
 * a duplicate delivery is harmless because violations and digests are idempotent.
 */
const invocationSchema = z.object({
  sweepId: z.optional(z.string().check(z.minLength(1))),
  scheduledTime: z.optional(z.iso.datetime({ offset: true })),
});

export const handler = async (event: unknown) => {
  const { sweepId, scheduledTime } = invocationSchema.parse(event ?? {});
  const sweep = sweepId
    ? await runRecordedSweep(sweepId)
    : await runSweep({
        dryRun: false,
        trigger: "schedule",
        startedBy: "schedule",
        asOf: scheduledTime ? new Date(scheduledTime) : undefined,
      });
  logger.info("sweep finished", {
    sweepId: sweep.id,
    window: sweep.window,
    status: sweep.status,
    counts: sweep.counts,
  });
  return { sweepId: sweep.id, status: sweep.status };
};
