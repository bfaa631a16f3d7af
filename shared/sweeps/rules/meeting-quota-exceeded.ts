import { quotaRule } from "./quota.ts";

/** A convener past its yearly quota of meetings, counted in convener-days. */
export const meetingQuotaExceeded = quotaRule("MEETING_QUOTA_EXCEEDED", "meeting_held", "meetings");
