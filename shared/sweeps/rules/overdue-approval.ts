import { localDay } from "../../platform/time.ts";
import { violationOf } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

/**
 * A request still waiting for a decision past the day it should have had one, as of the window's
 * end: the approving office's fault, not the submitter's, so it is addressed to that office.
 */
export const overdueApproval: SweepRule = {
  code: "OVERDUE_APPROVAL",
  needs: ["pendingRequests"],
  evaluate({ pendingRequests }, { timeZone, window, approvingUnitId }) {
    const endMs = Date.parse(window.endUtc);
    return pendingRequests.flatMap(({ id, title, status, decideBy }) =>
      status === "submitted" && decideBy !== undefined && Date.parse(decideBy) < endMs
        ? [
            violationOf("OVERDUE_APPROVAL", {
              subject: id,
              unitId: approvingUnitId,
              occurredOn: localDay(decideBy, timeZone),
              evidence: [{ id, title }],
              detail: { requestId: id, decideBy },
            }),
          ]
        : [],
    );
  },
};
