/**
 * Sweep windows are ISO weeks in the deployment's time zone. Everything here is pure: the current
 * instant is passed in, so the same inputs always give the same window.
 */
export type SweepWindow = {
  /** ISO week label, e.g. 2026-W48 */
  label: string;
  /** first local day (Monday), YYYY-MM-DD */
  firstDay: string;
  /** inclusive UTC instant of Monday 00:00 local */
  startUtc: string;
  /** exclusive UTC instant of the next Monday 00:00 local */
  endUtc: string;
};

const DAY_MS = 86_400_000;

/**
 * True for a zone name this runtime knows, such as Asia/Shanghai. Every function checks its
 * TIME_ZONE while loading, so the common case avoids building a formatter: the first one in a
 * process costs about 20 ms of cold start, the list of canonical zones about 1.5 ms. Aliases (such
 * as Asia/Chongqing) are not in that list and take the slow path.
 */
export const isTimeZone = (zone: string): boolean => {
  if (Intl.supportedValuesOf("timeZone").includes(zone)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

const formatDate = (date: Date): string =>
  `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

/** Building a formatter costs far more than using one, and a sweep asks for thousands of days. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormatOf = (timeZone: string): Intl.DateTimeFormat => {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, format);
  }
  return format;
};

/** The local calendar day of an instant in a time zone, as YYYY-MM-DD. */
export const localDay = (instant: Date | string, timeZone: string): string => {
  const parts = dayFormatOf(timeZone).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
};

/** Offset of the zone from UTC at an instant, in minutes (Asia/Shanghai: +480). */
const offsetMinutes = (instant: Date, timeZone: string): number => {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(instant)
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const [, sign, hours, minutes] = match;
  return (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
};

/** The UTC instant of 00:00 on a local day in a zone; the second pass settles days that change offset. */
export const localMidnightUtc = (day: string, timeZone: string): Date => {
  const naive = Date.parse(`${day}T00:00:00Z`);
  const first = naive - offsetMinutes(new Date(naive), timeZone) * 60_000;
  return new Date(naive - offsetMinutes(new Date(first), timeZone) * 60_000);
};

const isoWeekOf = (day: string): { year: number; week: number; monday: Date } => {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  const monday = new Date(date.getTime() - weekday * DAY_MS);
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = new Date(firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * DAY_MS);
  const week = Math.round((monday.getTime() - firstMonday.getTime()) / (7 * DAY_MS)) + 1;
  return { year, week, monday };
};

const windowFromMonday = (monday: Date, label: string, timeZone: string): SweepWindow => {
  const firstDay = formatDate(monday);
  const nextMonday = formatDate(new Date(monday.getTime() + 7 * DAY_MS));
  return {
    label,
    firstDay,
    startUtc: localMidnightUtc(firstDay, timeZone).toISOString(),
    endUtc: localMidnightUtc(nextMonday, timeZone).toISOString(),
  };
};

/** The window of an ISO week label such as 2026-W49. */
export const windowOfWeek = (label: string, timeZone: string): SweepWindow => {
  const match = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!match) throw new RangeError(`not an ISO week: ${label}`);
  const year = Number(match[1]);
  const week = Number(match[2]);
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = new Date(firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * DAY_MS);
  const monday = new Date(firstMonday.getTime() + (week - 1) * 7 * DAY_MS);
  if (isoWeekOf(formatDate(monday)).year !== year) throw new RangeError(`${label} does not exist`);
  return windowFromMonday(monday, label, timeZone);
};

/** The ISO week before the one that contains `now` in the zone: the default sweep window. */
export const previousWeek = (now: Date, timeZone: string): SweepWindow => {
  const { monday } = isoWeekOf(localDay(now, timeZone));
  const previousMonday = new Date(monday.getTime() - 7 * DAY_MS);
  const { year, week } = isoWeekOf(formatDate(previousMonday));
  return windowFromMonday(previousMonday, `${year}-W${pad(week)}`, timeZone);
};

/** The UTC calendar days an instant range touches: the byDay partitions a window read must query. */
export const utcDaysBetween = (startUtc: string, endUtc: string): string[] => {
  const days: string[] = [];
  const end = Date.parse(endUtc);
  for (let cursor = Date.parse(startUtc.slice(0, 10)); cursor < end; cursor += DAY_MS) {
    days.push(formatDate(new Date(cursor)));
  }
  return days;
};

/** The ISO week label (such as 2026-W48) of the week that contains `now` in the zone. */
export const weekLabelOf = (now: Date, timeZone: string): string => {
  const { year, week } = isoWeekOf(localDay(now, timeZone));
  return `${year}-W${pad(week)}`;
};

/** The seven local days of a window, Monday first. */
export const daysOfWindow = (window: Pick<SweepWindow, "firstDay">): string[] =>
  Array.from({ length: 7 }, (_, offset) =>
    formatDate(new Date(Date.parse(`${window.firstDay}T00:00:00Z`) + offset * DAY_MS)),
  );

/** The label of the ISO week before the one named. */
export const weekBefore = (label: string, timeZone: string): string => {
  const { firstDay } = windowOfWeek(label, timeZone);
  const { year, week } = isoWeekOf(formatDate(new Date(Date.parse(`${firstDay}T00:00:00Z`) - 7 * DAY_MS)));
  return `${year}-W${pad(week)}`;
};
