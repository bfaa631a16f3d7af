import type { EventRecord } from "../../domain/events.ts";
import type { RequestRecord } from "../../domain/requests.ts";
import type { ViolationCandidate } from "../../domain/violations.ts";
import { localDay } from "../window.ts";

export type SweepFacts = {
  /** every fact that happened inside the window */
  events: EventRecord[];
  /** the requests that could cover those facts: those starting in the window and those the facts name */
  requests: RequestRecord[];
  timeZone: string;
};

/**
 * A held meeting is covered when its report names an approved request of its convener, or when
 * the convener had an approved meeting request for the same local day. Several reports of one
 * convener's day (the department's and each summoned village's) are one violation, not many.
 */
export const unapprovedMeetings = ({ events, requests, timeZone }: SweepFacts): ViolationCandidate[] => {
  const approved = requests.filter(
    (request) => request.status === "approved" && request.body.kind === "meeting",
  );
  const approvedById = new Map(approved.map((request) => [request.id, request]));
  const approvedDays = new Set(
    approved.map((request) => `${request.unitId}|${localDay(request.body.startsAt, timeZone)}`),
  );

  const uncovered = new Map<
    string,
    { convener: string; day: string; titles: Set<string>; eventIds: string[] }
  >();
  for (const event of events) {
    if (event.body.kind !== "meeting_held") continue;
    const convener = event.body.convenerUnitId;
    const day = localDay(event.body.heldAt, timeZone);
    const named = event.body.requestId === undefined ? undefined : approvedById.get(event.body.requestId);
    if (named?.unitId === convener || approvedDays.has(`${convener}|${day}`)) continue;
    const key = `${convener}|${day}`;
    const group = uncovered.get(key) ?? { convener, day, titles: new Set<string>(), eventIds: [] };
    group.titles.add(event.body.title);
    group.eventIds.push(event.id);
    uncovered.set(key, group);
  }

  return [...uncovered.values()].map(({ convener, day, titles, eventIds }) => ({
    id: `UNAPPROVED_MEETING:${convener}:${day}`,
    rule: "UNAPPROVED_MEETING",
    unitId: convener,
    subject: `${convener} on ${day}`,
    summary: `Meeting held without approval: ${[...titles].sort().join("; ")}`,
    occurredOn: day,
    evidence: { eventIds: [...eventIds].sort() },
  }));
};
