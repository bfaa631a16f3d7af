import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { PlaqueToRemove } from "../../../shared/sweeps/rules/rule.ts";
import { unadmittedPlaque } from "../../../shared/sweeps/rules/unadmitted-plaque.ts";
import { sweepContext, sweepInputs, week53 } from "../../fakes/sweep-inputs.ts";

const plaque = (removeBy: string, overrides: Partial<PlaqueToRemove> = {}): PlaqueToRemove => ({
  id: "P1",
  title: "创建示范村",
  villageUnitId: "village-1",
  issuingUnitId: "dept-a",
  removeBy,
  ...overrides,
});

const evaluate = (plaquesToRemove: PlaqueToRemove[], context = sweepContext()) =>
  unadmittedPlaque.evaluate(sweepInputs({ plaquesToRemove }), context);

describe("UNADMITTED_PLAQUE", () => {
  it("declares that it reads only the plaques to remove", () => {
    assert.equal(unadmittedPlaque.code, "UNADMITTED_PLAQUE");
    assert.deepEqual(unadmittedPlaque.needs, ["plaquesToRemove"]);
  });

  it("finds a plaque still up after its removal day, addressed to the unit that demanded it", () => {
    assert.deepEqual(evaluate([plaque("2026-11-25")]), [
      {
        id: "UNADMITTED_PLAQUE:P1",
        rule: "UNADMITTED_PLAQUE",
        unitId: "dept-a",
        subject: "P1",
        summary: "创建示范村",
        occurredOn: "2026-11-25",
        detail: { plaqueId: "P1", villageUnitId: "village-1", removeBy: "2026-11-25" },
        evidence: { factIds: ["P1"] },
      },
    ]);
  });

  it("leaves a plaque alone until its removal day has passed by the window's last day", () => {
    assert.deepEqual(evaluate([plaque("2026-11-29"), plaque("2026-12-20", { id: "P2" })]), []);
  });

  it("judges by the window's last local day across New Year", () => {
    assert.equal(evaluate([plaque("2027-01-02")], sweepContext({ window: week53() })).length, 1);
    assert.equal(evaluate([plaque("2027-01-03")], sweepContext({ window: week53() })).length, 0);
  });
});
