/**
 * Which approval covers a held meeting: shared by the rule that finds meetings held without one
 * and the rule that compares a meeting with what its approval allowed.
 */
import { localDay } from "../../platform/time.ts";
import type { RequestRecord } from "../../requests/schemas.ts";
import { byText, earliestMs, type Occurrence } from "./occurrences.ts";

type MeetingRequestRecord = Extract<RequestRecord, { kind: "meeting" }>;
type Decision = NonNullable<MeetingRequestRecord["decision"]>;

/** An approved meeting request with the decision that approved it. */
export type MeetingApproval = MeetingRequestRecord & { decision: Decision };

const isMeetingApproval = (request: RequestRecord): request is MeetingApproval =>
  request.kind === "meeting" && request.status === "approved" && request.decision !== undefined;

/**
 * An approval covers a held meeting only when it is an approved meeting request of the meeting's
 * convener, for the meeting's local day, decided before the meeting started: an approval granted
 * afterwards (even with an override) never makes a past meeting approved, and citing a request for
 * another day covers nothing. The meeting started at the earliest instant any report gives, and
 * instants are compared as instants, since their offsets may differ.
 *
 * Where several approvals of that day qualify, the one a report cites is the meeting's; failing
 * that, the one planned to start nearest to when it did, so a morning meeting is not judged by the
 * afternoon's approval.
 */
export const meetingApprovals = (requests: readonly RequestRecord[], timeZone: string) => {
  const byConvenerDay = new Map<string, MeetingApproval[]>();
  for (const request of requests) {
    if (!isMeetingApproval(request)) continue;
    const key = `${request.unitId}|${localDay(request.startsAt, timeZone)}`;
    byConvenerDay.set(key, [...(byConvenerDay.get(key) ?? []), request]);
  }

  return ({ key, reports }: Occurrence<"meeting_held">): MeetingApproval | undefined => {
    const startedAtMs = earliestMs(reports.map((report) => report.heldAt));
    const cited = new Set(reports.flatMap((report) => report.requestId ?? []));
    const distance = (approval: MeetingApproval) => Math.abs(Date.parse(approval.startsAt) - startedAtMs);
    return (byConvenerDay.get(`${key.subjectUnitId}|${key.day}`) ?? [])
      .filter((approval) => Date.parse(approval.decision.at) < startedAtMs)
      .sort(
        (left, right) =>
          Number(cited.has(right.id)) - Number(cited.has(left.id)) ||
          distance(left) - distance(right) ||
          byText(left.id, right.id),
      )[0];
  };
};
