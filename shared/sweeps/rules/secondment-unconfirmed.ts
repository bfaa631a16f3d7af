import { localDay } from "../../platform/time.ts";
import { violationOf } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

const DAY_MS = 86_400_000;

/**
 * A lending a grassroots unit registered that the borrowing department has not confirmed within
 * the deadline, as of the window's end: the grassroots report is the independent signal, and a
 * department that leaves it unanswered keeps a borrowed cadre off the register.
 */
export const secondmentUnconfirmed: SweepRule = {
  code: "SECONDMENT_UNCONFIRMED",
  needs: ["outstandingSecondments"],
  evaluate({ outstandingSecondments }, { timeZone, window, thresholds }) {
    const endMs = Date.parse(window.endUtc);
    return outstandingSecondments.flatMap(
      ({ id, personRef, fromUnitId, toUnitId, registeredBy, status, createdAt }) => {
        const confirmBy = Date.parse(createdAt) + thresholds.secondmentConfirmDays * DAY_MS;
        if (registeredBy !== "lender" || status !== "pending_confirmation" || confirmBy >= endMs) return [];
        return [
          violationOf("SECONDMENT_UNCONFIRMED", {
            subject: id,
            unitId: toUnitId,
            occurredOn: localDay(new Date(confirmBy), timeZone),
            evidence: [{ id, title: personRef }],
            detail: { secondmentId: id, personRef, fromUnitId, registeredAt: createdAt },
          }),
        ];
      },
    );
  },
};
