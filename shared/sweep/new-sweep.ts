import type { SweepRecord } from "../domain/sweeps.ts";
import { ValidationError } from "../errors.ts";
import { previousWeek, type SweepWindow, windowOfWeek } from "./window.ts";

export type SweepTrigger = SweepRecord["trigger"];

/** The window a sweep covers: the ISO week it names, or else the week before `now` in the zone. */
export const resolveWindow = (label: string | undefined, now: Date, timeZone: string): SweepWindow => {
  if (label === undefined) return previousWeek(now, timeZone);
  try {
    return windowOfWeek(label, timeZone);
  } catch {
    throw new ValidationError(`${label} is not an ISO week`, [
      { path: "window", message: "no such ISO week" },
    ]);
  }
};

/** A sweep as recorded before it runs: running, with every count at zero. */
export const newSweep = (
  id: string,
  window: SweepWindow,
  options: { dryRun: boolean; trigger: SweepTrigger; startedBy: string },
  now: Date,
): SweepRecord => ({
  id,
  window: window.label,
  windowStartUtc: window.startUtc,
  windowEndUtc: window.endUtc,
  dryRun: options.dryRun,
  status: "running",
  trigger: options.trigger,
  startedBy: options.startedBy,
  counts: { eventsRead: 0, newViolations: 0, openViolations: 0, emailsSent: 0, emailsFailed: 0 },
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});
