import { localDay } from "../../platform/time.ts";
import type { ViolationCandidate } from "../../violations/schemas.ts";
import type { SweepRule } from "./rule.ts";

/**
 * A held meeting is covered when its report names an approved request of its convener, or when
 * the convener had an approved meeting request for the same local day. Several reports of one
 * convener's day (the department's and each summoned village's) are one violation, not many.
 */
export const unapprovedMeeting: SweepRule = {
  code: "UNAPPROVED_MEETING",
  needs: ["facts", "requests"],
  evaluate({ facts, requests }, timeZone) {
    const approved = requests.filter(
      (request) => request.status === "approved" && request.kind === "meeting",
    );
    const approvedById = new Map(approved.map((request) => [request.id, request]));
    const approvedDays = new Set(
      approved.map((request) => `${request.unitId}|${localDay(request.startsAt, timeZone)}`),
    );

    const uncovered = new Map<
      string,
      { convener: string; day: string; titles: Set<string>; factIds: string[] }
    >();
    for (const fact of facts) {
      if (fact.kind !== "meeting_held") continue;
      const convener = fact.convenerUnitId;
      const day = localDay(fact.heldAt, timeZone);
      const named = fact.requestId === undefined ? undefined : approvedById.get(fact.requestId);
      if (named?.unitId === convener || approvedDays.has(`${convener}|${day}`)) continue;
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
        summary: `Meeting held without approval: ${[...titles].sort().join("; ")}`,
        occurredOn: day,
        evidence: { factIds: [...factIds].sort() },
      }),
    );
  },
};
