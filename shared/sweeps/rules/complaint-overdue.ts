import { localDay } from "../../platform/time.ts";
import { violationOf } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

const DAY_MS = 86_400_000;

/**
 * A complaint the Supervision Office let wait, as of the window's end: not triaged within the
 * triage deadline (triaged late counts too, while the complaint is open), or not closed within the
 * closing one. One violation per complaint and deadline, addressed to the office itself, naming the
 * complaint by its reference only: nothing a reporter wrote reaches a digest.
 */
export const complaintOverdue: SweepRule = {
  code: "COMPLAINT_OVERDUE",
  needs: ["openComplaints"],
  evaluate({ openComplaints }, { timeZone, window, thresholds, supervisionUnitId }) {
    const endMs = Date.parse(window.endUtc);
    return openComplaints.flatMap(({ id, reference, status, receivedAt, triagedAt }) => {
      const receivedMs = Date.parse(receivedAt);
      const triageBy = receivedMs + thresholds.complaintTriageDays * DAY_MS;
      const closeBy = receivedMs + thresholds.complaintCloseDays * DAY_MS;
      const triagedMs = triagedAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(triagedAt);
      const missed = [
        ...(triageBy < endMs && triagedMs > triageBy ? [{ stage: "triage", due: triageBy }] : []),
        ...(closeBy < endMs ? [{ stage: "close", due: closeBy }] : []),
      ];
      return missed.map(({ stage, due }) =>
        violationOf("COMPLAINT_OVERDUE", {
          subject: `${id}:${stage}`,
          unitId: supervisionUnitId,
          occurredOn: localDay(new Date(due), timeZone),
          evidence: [{ id, title: reference }],
          detail: {
            complaintId: id,
            reference,
            stage,
            status,
            receivedAt,
            dueAt: new Date(due).toISOString(),
          },
        }),
      );
    });
  },
};
