/**
 * The bodies the system tests send most: a meeting request and a report of a meeting held, with
 * dates relative to now so they stay valid whenever the suite runs (requests ahead, facts in an
 * ended week and within FACT_MAX_AGE_DAYS).
 */
import { previousWeek, type SweepWindow } from "../../../shared/platform/time.ts";

const DAY_MS = 86_400_000;

/** The week before the current one: ended, and recent enough for facts to be reported in it. */
export const lastWeek = previousWeek(new Date(), "Asia/Shanghai");

/** An instant `hours` after the start of last week. */
export const inLastWeek = (hours: number): string =>
  new Date(Date.parse(lastWeek.startUtc) + hours * 3_600_000).toISOString();

/** Two hours into day `day` (0 to 6) of `week`. */
export const dayOf = (week: SweepWindow, day: number): string =>
  new Date(Date.parse(week.startUtc) + day * DAY_MS + 2 * 3_600_000).toISOString();

/** A report of a meeting `convenerUnitId` held at `heldAt`. */
export const heldMeeting = (
  convenerUnitId: string,
  heldAt: string,
  title = `Meeting of ${convenerUnitId}`,
) => ({
  kind: "meeting_held",
  convenerUnitId,
  title,
  heldAt,
  durationMinutes: 60,
  attendeeLevel: "deputy",
  attendeesPerUnit: 1,
  relayed: false,
});

/** A day 40 days ahead, far enough for a request to give no notice finding. */
export const aheadDate = new Date(Date.now() + 40 * DAY_MS).toISOString().slice(0, 10);

/** A meeting request with no blocking finding: well ahead, short, one staff member per unit, not relayed. */
export const meetingRequest = (title: string, reason = title) => ({
  kind: "meeting",
  title,
  startsAt: `${aheadDate}T09:00:00+08:00`,
  durationMinutes: 45,
  format: "video",
  attendeeLevel: "staff",
  attendeesPerUnit: 1,
  attendeeUnitKinds: ["village"],
  relayed: false,
  reason,
});
