import { violationOf } from "./occurrences.ts";
import type { SweepRule } from "./rule.ts";

/**
 * A plaque of no admitted type still up after the day it was to be taken down, as of the window's
 * last local day. Addressed to the unit that demanded it: the village only hung what it was told to.
 */
export const unadmittedPlaque: SweepRule = {
  code: "UNADMITTED_PLAQUE",
  needs: ["plaquesToRemove"],
  evaluate({ plaquesToRemove }, { window }) {
    const lastDay = window.days.at(-1) ?? "";
    return plaquesToRemove.flatMap(({ id, title, villageUnitId, issuingUnitId, removeBy }) =>
      removeBy < lastDay
        ? [
            violationOf("UNADMITTED_PLAQUE", {
              subject: id,
              unitId: issuingUnitId,
              occurredOn: removeBy,
              evidence: [{ id, title }],
              detail: { plaqueId: id, villageUnitId, removeBy },
            }),
          ]
        : [],
    );
  },
};
