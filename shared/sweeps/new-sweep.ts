import { BusinessRuleError, ValidationError } from "../platform/errors.ts";
import { previousWeek, type SweepWindow, windowOfWeek } from "../platform/time.ts";
import type { SweepRecord } from "./schemas.ts";

export type SweepTrigger = SweepRecord["trigger"];

/** What a sweep whose runner ended without finishing it says, wherever that is noticed. */
export const ABANDONED_SWEEP =
  "The runner stopped before finishing this sweep (it crashed or timed out); run the sweep again";

/**
 * The window a sweep covers: the ISO week it names, or else the week before `now` in the zone. A
 * week that has not ended yet is refused: its facts are still coming in, and a sweep of it would
 * open violations that the rest of the week could still cover.
 */
export const resolveWindow = (label: string | undefined, now: Date, timeZone: string): SweepWindow => {
  if (label === undefined) return previousWeek(now, timeZone);
  let window: SweepWindow;
  try {
    window = windowOfWeek(label, timeZone);
  } catch {
    throw new ValidationError(`${label} is not an ISO week`, [
      {
        path: "window",
        message: `window must be an ISO week that exists, such as 2026-W48; ${label} does not`,
      },
    ]);
  }
  if (Date.parse(window.endUtc) > now.getTime()) {
    throw new BusinessRuleError(
      `The week ${label} has not ended yet; sweep it once it is over`,
      "WINDOW_NOT_ENDED",
      [{ path: "window", message: `window must be a week that has ended; ${label} ends ${window.endUtc}` }],
    );
  }
  return window;
};

/**
 * A sweep as recorded before it runs: running, with every count at zero, and due to finish within
 * one runner timeout (the runner moves the deadline when it starts).
 */
export const newSweep = (
  id: string,
  window: SweepWindow,
  options: { dryRun: boolean; trigger: SweepTrigger; createdBy: string },
  now: Date,
  runnerTimeoutSeconds: number,
): SweepRecord => ({
  id,
  window: window.label,
  windowStartUtc: window.startUtc,
  windowEndUtc: window.endUtc,
  dryRun: options.dryRun,
  status: "running",
  trigger: options.trigger,
  createdBy: options.createdBy,
  counts: {
    factsRead: 0,
    newViolations: 0,
    openViolations: 0,
    emailsSent: 0,
    emailsFailed: 0,
    subjectsFailed: 0,
  },
  deadline: new Date(now.getTime() + runnerTimeoutSeconds * 1000).toISOString(),
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});
