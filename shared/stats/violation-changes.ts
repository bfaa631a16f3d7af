/**
 * What a violation's opening and status changes count, as pure data for `counterUpdates`, added by
 * the violations repository to the transaction that writes the violation.
 */
import type { ViolationRecord } from "../violations/schemas.ts";
import type { CounterChange } from "./counters.ts";
import { localYearOf } from "./years.ts";

/** A violation's counters stay in the local year it was opened in, whatever happens to it later. */
const violationYear = (violation: ViolationRecord) => localYearOf(violation.createdAt);

export const violationOpened = (violation: ViolationRecord): CounterChange => ({
  year: violationYear(violation),
  unitId: violation.unitId,
  deltas: {
    "violations.opened": 1,
    [`violations.rule.${violation.rule}`]: 1,
    [`violations.status.${violation.status}`]: 1,
  },
});

/** A status change moves one violation from its old status's count to its new one's. */
export const violationMoved = (previous: ViolationRecord, next: ViolationRecord): CounterChange[] =>
  previous.status === next.status
    ? []
    : [
        {
          year: violationYear(previous),
          unitId: previous.unitId,
          deltas: { [`violations.status.${previous.status}`]: -1, [`violations.status.${next.status}`]: 1 },
        },
      ];
