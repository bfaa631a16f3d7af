import { ulid } from "ulid";
import * as z from "zod/mini";

/** What every use case reads the time from, so tests and the local runtime can move it. */
export type Clock = { now(): Date };

/** Where new record ids come from: sortable by creation time, unguessable enough for URLs. */
export type IdGenerator = { next(): string };

/**
 * How far the local runtime moved systemClock from real time, undefined while it is not moved.
 * An offset rather than a fixed instant: the moved clock runs on, so records created one after
 * another keep increasing timestamps, as they would on a real day.
 */
let movedByMs: number | undefined;

export const systemClock: Clock = { now: () => new Date(Date.now() + (movedByMs ?? 0)) };

/**
 * The clock in use, as GET /v1/health and the local /dev/clock answer it: `source` is `set` while
 * the local runtime has moved the clock (POST /dev/clock), `system` on real time.
 */
export const clockStateSchema = z.object({
  now: z.iso.datetime({ offset: true }),
  source: z.enum(["system", "set"]),
});

export type ClockState = z.infer<typeof clockStateSchema>;

/** The clock every use case reads, now. */
export const clockState = (): ClockState => ({
  now: systemClock.now().toISOString(),
  source: movedByMs === undefined ? "system" : "set",
});

/**
 * Moves systemClock to `instant`, from which it runs on at real speed; undefined returns it to
 * real time. The move is process-wide. Only the local runtime calls this (scripts/local/dev-clock.ts
 * and scripts/sweep.ts): no function and no route can, so a deployed clock is always real time
 * (test/infra/local-only.test.ts).
 */
export const setSystemClock = (instant: Date | undefined): ClockState => {
  movedByMs = instant === undefined ? undefined : instant.getTime() - Date.now();
  return clockState();
};

export const ulidIds: IdGenerator = { next: () => ulid() };
