/**
 * Lifecycle helpers for the emulators we run as child processes: keep their recent output for
 * error messages, wait for readiness, and make sure none outlives this process.
 */
import type { ChildProcess } from "node:child_process";

const OUTPUT_LIMIT = 8 * 1024;

/** Keeps the last few KB a child wrote; draining the pipes also stops a chatty child from blocking. */
export const captureOutput = (child: ChildProcess): (() => string) => {
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return () => output.trim();
};

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Registers a child to be killed if this process exits without stopping it (a crash, process.exit). */
export const killOnExit = (child: ChildProcess): void => {
  live.add(child);
  child.once("exit", () => live.delete(child));
  // Spawn failures are reported by waitUntilReady; without a listener they would crash the process.
  child.on("error", () => {});
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const running of live) running.kill("SIGKILL");
    });
  }
};

export const hasExited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export const stopChild = (child: ChildProcess, graceMs = 5000): Promise<void> =>
  new Promise((resolve) => {
    if (hasExited(child)) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it resolves true. Fails fast when the child exits or cannot be spawned, and
 * after `timeoutMs` otherwise, with the child's output in the message either way.
 */
export const waitUntilReady = async (options: {
  child: ChildProcess;
  name: string;
  probe: () => Promise<boolean>;
  output: () => string;
  timeoutMs: number;
  describeSpawnError?: (error: NodeJS.ErrnoException) => string;
}): Promise<void> => {
  const { child, name, probe, output, timeoutMs } = options;
  let failure: string | undefined;
  child.once("error", (error: NodeJS.ErrnoException) => {
    failure = options.describeSpawnError?.(error) ?? `${name} could not be started: ${error.message}`;
  });
  child.once("exit", (code, signal) => {
    failure ??= `${name} exited before it was ready (${signal ?? `exit code ${code}`})`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failure) break;
    if (await probe().catch(() => false)) return;
    await sleep(100);
  }
  const details = output();
  const reason = failure ?? `${name} did not become ready within ${timeoutMs} ms`;
  throw new Error(details ? `${reason}\n--- ${name} output ---\n${details}` : reason);
};
