import { config } from "../platform/config.ts";

/** The request limits of this deployment, as the findings compare against them. */
export const requestLimits = () => ({
  meetingMaxMinutes: config().MEETING_MAX_MINUTES,
  meetingMinNoticeHours: config().MEETING_MIN_NOTICE_HOURS,
  documentMaxPages: config().DOCUMENT_MAX_PAGES,
});

/** How the deployment runs the approval queue. */
export const requestSettings = () => ({
  timeZone: config().TIME_ZONE,
  decideDays: config().REQUEST_DECIDE_DAYS,
});
