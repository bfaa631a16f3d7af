import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactOf } from "../../../shared/facts/schemas.ts";
import { layeredMeeting } from "../../../shared/sweeps/rules/layered-meeting.ts";
import { meetingFact } from "../../fakes/records.ts";
import { documentIssued, meetingApproval, sweepContext, sweepInputs } from "../../fakes/sweep-inputs.ts";

const held = (id: string, overrides: Partial<FactOf<"meeting_held">> = {}, reporter = "dept-a") =>
  meetingFact({ id, unitId: reporter, ...overrides });

const evaluate = (facts: FactOf<"meeting_held">[]) =>
  layeredMeeting.evaluate(sweepInputs({ facts, requests: [meetingApproval()] }), sweepContext());

describe("LAYERED_MEETING", () => {
  it("declares that it reads only facts", () => {
    assert.equal(layeredMeeting.code, "LAYERED_MEETING");
    assert.deepEqual(layeredMeeting.needs, ["facts"]);
  });

  it("accepts a meeting not relayed", () => {
    assert.deepEqual(evaluate([held("e1"), held("e2", {}, "village-1")]), []);
    assert.deepEqual(layeredMeeting.evaluate(sweepInputs({ facts: [documentIssued()] }), sweepContext()), []);
  });

  it("finds a relayed meeting, approved or not, on the word of any one report", () => {
    const facts = [
      held("e1"),
      held("e3", { relayed: true }, "village-2"),
      held("e2", { relayed: true }, "village-1"),
    ];
    assert.deepEqual(evaluate(facts), [
      {
        id: "LAYERED_MEETING:dept-a:2026-11-25",
        rule: "LAYERED_MEETING",
        unitId: "dept-a",
        subject: "dept-a:2026-11-25",
        summary: "Safety meeting",
        occurredOn: "2026-11-25",
        evidence: { factIds: ["e2", "e3"] },
      },
    ]);
  });

  it("names the occurrence by its local day: 00:00 Monday in Shanghai is still Sunday in UTC", () => {
    const [violation] = evaluate([held("e1", { relayed: true, heldAt: "2026-11-29T16:00:00Z" })]);
    assert.equal(violation?.id, "LAYERED_MEETING:dept-a:2026-11-30");
    assert.equal(violation?.occurredOn, "2026-11-30");
  });
});
