import type { LambdaClient } from "@aws-sdk/client-lambda";
import { config } from "../config.ts";
import { newId } from "../db/store.ts";
import { type SweepRepository, sweepRepository } from "../db/sweeps-repo.ts";
import type { Caller } from "../domain/roles.ts";
import type { StartSweepBody, SweepRecord } from "../domain/sweeps.ts";
import { NotFoundError } from "../errors.ts";
import { newSweep, resolveWindow } from "../sweep/new-sweep.ts";

export type SweepApiDeps = {
  sweeps: SweepRepository;
  now: () => Date;
  /** Starts the run of a recorded sweep without waiting for it. */
  launch: (sweepId: string) => Promise<void>;
};

let lambda: LambdaClient | undefined;

/**
 * Hands a recorded sweep to the runner function as an asynchronous invocation: Lambda queues it
 * and retries it, and the API answers at once. The local runtime emulates this Invoke endpoint.
 */
const invokeRunner = async (sweepId: string): Promise<void> => {
  // The client is provided by the Lambda runtime and loaded only here, off the cold-start path.
  const { InvokeCommand, LambdaClient } = await import("@aws-sdk/client-lambda");
  const { AWS_REGION, LAMBDA_ENDPOINT, SWEEP_RUNNER_FUNCTION } = config();
  lambda ??= new LambdaClient({
    region: AWS_REGION,
    ...(LAMBDA_ENDPOINT ? { endpoint: LAMBDA_ENDPOINT } : {}),
  });
  await lambda.send(
    new InvokeCommand({
      FunctionName: SWEEP_RUNNER_FUNCTION,
      InvocationType: "Event",
      Payload: Buffer.from(JSON.stringify({ sweepId })),
    }),
  );
};

const defaults: SweepApiDeps = { sweeps: sweepRepository, now: () => new Date(), launch: invokeRunner };

/** The API's start: records the sweep, hands the run to the runner and answers at once. */
export const startSweep = async (
  caller: Caller,
  body: StartSweepBody,
  deps: SweepApiDeps = defaults,
): Promise<SweepRecord> => {
  const now = deps.now();
  const window = resolveWindow(body.window, now, config().TIME_ZONE);
  const sweep = newSweep(
    newId(),
    window,
    { dryRun: body.dryRun, trigger: "api", startedBy: caller.sub },
    now,
  );
  await deps.sweeps.save(sweep);
  try {
    await deps.launch(sweep.id);
  } catch (error) {
    // A sweep that never started must not read as running forever.
    await deps.sweeps.save({
      ...sweep,
      status: "failed",
      error: "The sweep could not be started; start it again",
    });
    throw error;
  }
  return sweep;
};

export const getSweep = async (id: string, deps: SweepApiDeps = defaults): Promise<SweepRecord> => {
  const sweep = await deps.sweeps.get(id);
  if (!sweep) throw new NotFoundError(`Sweep ${id} not found`);
  return sweep;
};
