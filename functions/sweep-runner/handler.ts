import { z } from "zod";
import { logger } from "../../shared/logger.ts";
import { runRecordedSweep, runSweep } from "../../shared/use-cases/sweeps.ts";

/** The API sends `{sweepId}` for a sweep it recorded; the weekly schedule sends nothing of its own. */
const invocationSchema = z.object({ sweepId: z.string().min(1).optional() });

export const handler = async (event: unknown) => {
  const { sweepId } = invocationSchema.parse(event ?? {});
  const sweep = sweepId
    ? await runRecordedSweep(sweepId)
    : await runSweep({ dryRun: false, trigger: "schedule", startedBy: "schedule" });
  logger.info("sweep finished", {
    sweepId: sweep.id,
    window: sweep.window,
    status: sweep.status,
    counts: sweep.counts,
  });
  return { sweepId: sweep.id, status: sweep.status };
};
