/**
 * What a request's submission and moves count, as pure data for `counterUpdates`, added by the
 * requests repository to the transaction that writes the request. Its own module, so a bundle
 * holds only the counting of the records it writes.
 */
import type { RequestRecord, RequestStatus } from "../requests/schemas.ts";
import type { CounterChange } from "./counters.ts";

/** The figures' area of each kind of request. */
export const requestAreas = {
  meeting: "meetings",
  document: "documents",
  inspection: "inspections",
  veto_item: "vetoItems",
} as const satisfies Record<RequestRecord["kind"], string>;

export type RequestArea = (typeof requestAreas)[keyof typeof requestAreas];

/** How a request's move touched its plan: an approval's temporary addition, a cancellation's withdrawal. */
export type PlanEffect = { added?: boolean; withdrawn?: boolean };

/**
 * A request's counters as it is submitted (`from` undefined) or moved from `from` to its status.
 * `year` is the local year its quota counts in (the year it happens in), so that its approval and
 * its cancellation move the same year's counters.
 */
export const requestChange = (
  request: RequestRecord,
  year: number,
  from: RequestStatus | undefined,
  plan: PlanEffect = {},
): CounterChange => {
  const area = requestAreas[request.kind];
  const category = request.kind === "veto_item" ? `vetoItems.category.${request.category}` : undefined;
  const additions = request.kind === "inspection" ? "inspections.temporaryAdditions" : undefined;
  const deltas: Record<string, number> = {};
  const move = (figure: string | undefined, delta: number) => {
    if (figure !== undefined) deltas[figure] = (deltas[figure] ?? 0) + delta;
  };
  if (from === undefined) {
    move(`${area}.requested`, 1);
  } else {
    move(`${area}.${request.status}`, 1);
    if (request.status === "approved") {
      move(category, 1);
      if (plan.added) move(additions, 1);
    }
    // A cancellation takes back what the approval counted.
    if (request.status === "cancelled" && from === "approved") {
      move(`${area}.approved`, -1);
      move(category, -1);
      if (plan.withdrawn) move(additions, -1);
    }
  }
  return { year, unitId: request.unitId, deltas };
};
