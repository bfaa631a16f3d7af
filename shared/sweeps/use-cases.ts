import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { Clock, IdGenerator } from "../platform/clock.ts";
import { config } from "../platform/config.ts";
import { NotFoundError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import type { Page } from "../platform/store/store.ts";
import { ABANDONED_SWEEP, newSweep, resolveWindow } from "./new-sweep.ts";
import type { SweepRepository } from "./repository.ts";
import type { StartSweepBody, SweepRecord } from "./schemas.ts";

export type SweepApiDeps = {
  sweeps: SweepRepository;
  clock: Clock;
  ids: IdGenerator;
  timeZone: string;
  runnerTimeoutSeconds: number;
  /** Starts the run of a recorded sweep without waiting for it. */
  launch: (sweepId: string) => Promise<void>;
};

let lambda: LambdaClient | undefined;

/**
 * Hands a recorded sweep to the runner function as an asynchronous invocation: Lambda queues it
 * and retries it, and the API answers at once. The local runtime emulates this Invoke endpoint.
 */
export const invokeRunner = async (sweepId: string): Promise<void> => {
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

export const makeSweepUseCases = (deps: SweepApiDeps) => {
  /** A sweep still marked running past its runner's deadline is recorded as failed, and read again. */
  const settled = async (sweep: SweepRecord, now: Date): Promise<SweepRecord> => {
    if (
      sweep.status !== "running" ||
      sweep.deadline === undefined ||
      Date.parse(sweep.deadline) >= now.getTime()
    ) {
      return sweep;
    }
    await deps.sweeps.abandon(sweep, ABANDONED_SWEEP, now);
    return (await deps.sweeps.get(sweep.id)) ?? sweep;
  };

  return {
    /** The API's start: records the sweep, hands the run to the runner and answers at once. */
    async start(caller: Caller, body: StartSweepBody): Promise<SweepRecord> {
      const now = deps.clock.now();
      const window = resolveWindow(body.window, now, deps.timeZone);
      const sweep = newSweep(
        deps.ids.next(),
        window,
        { dryRun: body.dryRun, trigger: "api", createdBy: caller.sub },
        now,
        deps.runnerTimeoutSeconds,
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
    },

    async get(id: string): Promise<SweepRecord> {
      const sweep = await deps.sweeps.get(id);
      if (!sweep) throw new NotFoundError(`Sweep ${id} not found`);
      return settled(sweep, deps.clock.now());
    },

    /** The runs newest first, each as `get` reports it. */
    async list(query: { limit: number; cursor?: string | undefined }): Promise<Page<SweepRecord>> {
      const page = await deps.sweeps.list(query.limit, query.cursor);
      const now = deps.clock.now();
      return {
        items: await Promise.all(page.items.map((sweep) => settled(sweep, now))),
        nextCursor: page.nextCursor,
      };
    },
  };
};
