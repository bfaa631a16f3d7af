/**
 * The year a counted figure belongs to: the local year (TIME_ZONE) of the day it is about.
 */
import { config } from "../platform/config.ts";
import { localDay } from "../platform/time.ts";

/** The year of a local day (YYYY-MM-DD). */
export const yearOfDay = (day: string): number => Number(day.slice(0, 4));

/** The local year (TIME_ZONE) of an instant. */
export const localYearOf = (instant: string): number => yearOfDay(localDay(instant, config().TIME_ZONE));
