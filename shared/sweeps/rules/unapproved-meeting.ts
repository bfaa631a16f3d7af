import type { FactRecord } from "../../facts/schemas.ts";
import { localDay } from "../../platform/time.ts";
import type { RequestRecord } from "../../requests/schemas.ts";
import type { ViolationCandidate } from "../../violations/schemas.ts";
import type { SweepRule } from "./rule.ts";

/** Enough titles to recognise the meetings; the rest are counted, so a flood keeps the summary short. */
const TITLES_SHOWN = 3;

const summaryOf = (titles: Set<string>): string => {
  const sorted = [...titles].sort();
  const shown = sorted.slice(0, TITLES_SHOWN).join("; ");
  const more = sorted.length - TITLES_SHOWN;
  return `Meeting held without approval: ${shown}${more > 0 ? ` and ${more} more` : ""}`;
};

/**
 * An approval covers a held meeting only when it is an approved meeting request of the meeting's
 * convener, for the meeting's local day, decided before the meeting started: an approval granted
 * afterwards (even with an override) never makes a past meeting approved, and citing a request
 * for another day covers nothing. Instants are compared as instants, since their offsets may differ.
 */
const covers = (
  request: RequestRecord,
  meeting: { convener: string; day: string; heldAtMs: number },
  timeZone: string,
): boolean =>
  request.status === "approved" &&
  request.kind === "meeting" &&
  request.unitId === meeting.convener &&
  localDay(request.startsAt, timeZone) === meeting.day &&
  request.decision !== undefined &&
  Date.parse(request.decision.at) < meeting.heldAtMs;

/**
 * A held meeting is covered when the request its report names covers it, or when any request of
 * its convener for that local day does. Several reports of one convener's day (the department's
 * and each summoned village's) are one violation, not many.
 */
export const unapprovedMeeting: SweepRule = {
  code: "UNAPPROVED_MEETING",
  needs: ["facts", "requests"],
  evaluate({ facts, requests }, timeZone) {
    const byId = new Map(requests.map((request) => [request.id, request]));
    const byConvenerDay = new Map<string, RequestRecord[]>();
    for (const request of requests) {
      if (request.status !== "approved" || request.kind !== "meeting") continue;
      const key = `${request.unitId}|${localDay(request.startsAt, timeZone)}`;
      byConvenerDay.set(key, [...(byConvenerDay.get(key) ?? []), request]);
    }

    const isCovered = (fact: FactRecord, convener: string, day: string): boolean => {
      const meeting = { convener, day, heldAtMs: Date.parse(fact.heldAt) };
      const cited = fact.requestId === undefined ? undefined : byId.get(fact.requestId);
      if (cited && covers(cited, meeting, timeZone)) return true;
      return (byConvenerDay.get(`${convener}|${day}`) ?? []).some((request) =>
        covers(request, meeting, timeZone),
      );
    };

    const uncovered = new Map<
      string,
      { convener: string; day: string; titles: Set<string>; factIds: string[] }
    >();
    for (const fact of facts) {
      if (fact.kind !== "meeting_held") continue;
      const convener = fact.convenerUnitId;
      const day = localDay(fact.heldAt, timeZone);
      if (isCovered(fact, convener, day)) continue;
      const key = `${convener}|${day}`;
      const group = uncovered.get(key) ?? { convener, day, titles: new Set<string>(), factIds: [] };
      group.titles.add(fact.title);
      group.factIds.push(fact.id);
      uncovered.set(key, group);
    }

    return [...uncovered.values()].map(
      ({ convener, day, titles, factIds }): ViolationCandidate => ({
        id: `UNAPPROVED_MEETING:${convener}:${day}`,
        rule: "UNAPPROVED_MEETING",
        unitId: convener,
        subject: `${convener} on ${day}`,
        summary: summaryOf(titles),
        occurredOn: day,
        evidence: { factIds: [...factIds].sort() },
      }),
    );
  },
};
