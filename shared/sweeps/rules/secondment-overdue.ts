import { violationOf } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

/**
 * A seconded person still away after the day they were to be back, as of the window's last local
 * day: a return declared on or before `returnBy` is on time even while the lender has yet to
 * confirm it. Addressed to the borrowing department, which keeps the person.
 */
export const secondmentOverdue: SweepRule = {
  code: "SECONDMENT_OVERDUE",
  needs: ["outstandingSecondments"],
  evaluate({ outstandingSecondments }, { window }) {
    const lastDay = window.days.at(-1) ?? "";
    return outstandingSecondments.flatMap((secondment) => {
      const { id, personRef, fromUnitId, toUnitId, returnBy, returnedOn } = secondment;
      const returnedInTime = returnedOn !== undefined && returnedOn <= returnBy;
      if (returnedInTime || returnBy >= lastDay) return [];
      return [
        violationOf("SECONDMENT_OVERDUE", {
          subject: id,
          unitId: toUnitId,
          occurredOn: returnBy,
          evidence: [{ id, title: personRef }],
          detail: { secondmentId: id, personRef, fromUnitId, returnBy },
        }),
      ];
    });
  },
};
