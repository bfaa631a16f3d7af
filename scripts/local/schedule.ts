/**
 * The local stand-in for the EventBridge Scheduler rule: the weekly sweep, Monday 08:00 in the
 * configured time zone. Like EventBridge it fires on real time, never on the clock /dev/clock
 * moves, and hands the job the instant it was scheduled for.
 */
import { localDay } from "../../shared/platform/time.ts";

const DAY_MS = 86_400_000;
export const SWEEP_HOUR = 8;

/** The zone's offset from UTC at an instant, in minutes. */
const offsetMinutes = (instant: number, timeZone: string): number => {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(new Date(instant))
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
};

/** The instant a local wall-clock time happens; the second pass settles days that change offset. */
const localTimeUtc = (day: string, hour: number, timeZone: string): number => {
  const naive = Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);
  const first = naive - offsetMinutes(naive, timeZone) * 60_000;
  return naive - offsetMinutes(first, timeZone) * 60_000;
};

/** The first Monday 08:00 local strictly after `now`. */
export const nextWeeklyRun = (now: Date, timeZone: string): Date => {
  const today = localDay(now, timeZone);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  for (let week = 0; week < 2; week += 1) {
    const daysAhead = ((7 - weekday) % 7) + week * 7;
    const monday = new Date(Date.parse(`${today}T00:00:00Z`) + daysAhead * DAY_MS).toISOString().slice(0, 10);
    const at = localTimeUtc(monday, SWEEP_HOUR, timeZone);
    if (at > now.getTime()) return new Date(at);
  }
  throw new Error("unreachable: a Monday 08:00 always falls within two weeks");
};

export type WeeklySchedule = { next: () => Date | undefined; stop: () => void };

/**
 * Runs `job` at every Monday 08:00 until stopped, with that Monday 08:00. The timer is unref'd:
 * the schedule alone never keeps the process alive. A failed run is logged and the next one still
 * happens, as with a scheduler whose retries ran out.
 */
export const scheduleWeekly = (
  job: (scheduledAt: Date) => Promise<unknown>,
  options: { timeZone: string; onError?: (error: unknown) => void },
): WeeklySchedule => {
  let timer: NodeJS.Timeout | undefined;
  let nextRun: Date | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    // From the run just due, not just from now: a timer firing a hair early must not repeat it.
    const from = Math.max(Date.now(), nextRun ? nextRun.getTime() : 0);
    nextRun = nextWeeklyRun(new Date(from), options.timeZone);
    const scheduledAt = nextRun;
    timer = setTimeout(() => fire(scheduledAt), Math.max(0, nextRun.getTime() - Date.now()));
    timer.unref();
  };
  const fire = (scheduledAt: Date) => {
    job(scheduledAt)
      .catch((error: unknown) => options.onError?.(error))
      .finally(arm);
  };
  arm();
  return {
    next: () => (stopped ? undefined : nextRun),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
};
