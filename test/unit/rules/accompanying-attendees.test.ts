import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactOf } from "../../../shared/facts/schemas.ts";
import { accompanyingAttendees } from "../../../shared/sweeps/rules/accompanying-attendees.ts";
import { meetingFact } from "../../fakes/records.ts";
import { sweepContext, sweepInputs } from "../../fakes/sweep-inputs.ts";

const held = (id: string, overrides: Partial<FactOf<"meeting_held">> = {}, reporter = "dept-a") =>
  meetingFact({ id, unitId: reporter, ...overrides });

const evaluate = (facts: FactOf<"meeting_held">[]) =>
  accompanyingAttendees.evaluate(sweepInputs({ facts }), sweepContext());

describe("ACCOMPANYING_ATTENDEES", () => {
  it("declares that it reads only facts", () => {
    assert.equal(accompanyingAttendees.code, "ACCOMPANYING_ATTENDEES");
    assert.deepEqual(accompanyingAttendees.needs, ["facts"]);
  });

  it("accepts a meeting that required no accompanying attendees", () => {
    assert.deepEqual(evaluate([held("e1"), held("e2", { relayed: true }, "village-1")]), []);
  });

  it("finds a meeting that required them, on the word of any one report", () => {
    const facts = [
      held("e1"),
      held("e2", { accompanyingAttendees: true, title: "Safety work" }, "village-1"),
      held("e3", { convenerUnitId: "dept-b" }, "dept-b"),
    ];
    assert.deepEqual(evaluate(facts), [
      {
        id: "ACCOMPANYING_ATTENDEES:dept-a:2026-11-25",
        rule: "ACCOMPANYING_ATTENDEES",
        unitId: "dept-a",
        subject: "dept-a:2026-11-25",
        summary: "Safety work",
        occurredOn: "2026-11-25",
        evidence: { factIds: ["e2"] },
      },
    ]);
  });
});
