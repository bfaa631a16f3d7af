import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactOf, FactRecord } from "../../../shared/facts/schemas.ts";
import type { RequestRecord } from "../../../shared/requests/schemas.ts";
import { meetingStandardRaised } from "../../../shared/sweeps/rules/meeting-standard-raised.ts";
import { meetingFact } from "../../fakes/records.ts";
import { meetingApproval, ruleThresholds, sweepContext, sweepInputs } from "../../fakes/sweep-inputs.ts";

/** dept-a's meeting of 25 November at 09:00 as `reporter` saw it; approved as one deputy per unit for 60 minutes. */
const held = (id: string, overrides: Partial<FactOf<"meeting_held">> = {}, reporter = "dept-a") =>
  meetingFact({ id, unitId: reporter, ...overrides });

const evaluate = (facts: FactRecord[], requests: RequestRecord[] = [meetingApproval()]) =>
  meetingStandardRaised.evaluate(sweepInputs({ facts, requests }), sweepContext());

describe("MEETING_STANDARD_RAISED", () => {
  it("declares that it reads facts and requests", () => {
    assert.equal(meetingStandardRaised.code, "MEETING_STANDARD_RAISED");
    assert.deepEqual([...meetingStandardRaised.needs].sort(), ["facts", "requests"]);
  });

  it("accepts a meeting held as approved, and one overrunning by no more than the tolerance", () => {
    assert.deepEqual(evaluate([held("e1")]), []);
    // 60 approved + 15 tolerated: 75 minutes is still within it.
    assert.deepEqual(evaluate([held("e1", { durationMinutes: 75, attendeeLevel: "staff" })]), []);
  });

  it("finds a more senior attendee level, naming only that aspect", () => {
    assert.deepEqual(evaluate([held("e1", { attendeeLevel: "principal" })]), [
      {
        id: "MEETING_STANDARD_RAISED:dept-a:2026-11-25",
        rule: "MEETING_STANDARD_RAISED",
        unitId: "dept-a",
        subject: "dept-a:2026-11-25",
        summary: "Safety meeting",
        occurredOn: "2026-11-25",
        detail: { approvedLevel: "deputy", heldLevel: "principal" },
        evidence: { factIds: ["e1"] },
      },
    ]);
  });

  it("finds more attendees per unit, and a run past the tolerance", () => {
    const [crowded] = evaluate([held("e1", { attendeesPerUnit: 3 })]);
    assert.deepEqual(crowded?.detail, { approvedAttendees: 1, heldAttendees: 3 });
    const [long] = evaluate([held("e1", { durationMinutes: 76 })]);
    assert.deepEqual(long?.detail, { approvedMinutes: 60, heldMinutes: 76 });
  });

  it("reads the thresholds of the deployment", () => {
    const facts = [held("e1", { durationMinutes: 70 })];
    const strict = sweepContext({ thresholds: { ...ruleThresholds, meetingOverrunMinutes: 0 } });
    const violations = meetingStandardRaised.evaluate(
      sweepInputs({ facts, requests: [meetingApproval()] }),
      strict,
    );
    assert.deepEqual(violations[0]?.detail, { approvedMinutes: 60, heldMinutes: 70 });
  });

  it("folds every report into one violation, with the highest figures and only the reports showing them", () => {
    const facts = [
      held("e1"),
      held("e2", { attendeeLevel: "principal", durationMinutes: 80 }, "village-1"),
      held("e3", { attendeesPerUnit: 2, durationMinutes: 120, title: "Safety work" }, "village-2"),
      held("e4", { attendeesPerUnit: 4 }, "village-3"),
    ];
    const violations = evaluate(facts);
    assert.equal(violations.length, 1);
    assert.deepEqual(violations[0]?.detail, {
      approvedLevel: "deputy",
      heldLevel: "principal",
      approvedAttendees: 1,
      heldAttendees: 4,
      approvedMinutes: 60,
      heldMinutes: 120,
    });
    assert.deepEqual(violations[0]?.evidence.factIds, ["e2", "e3", "e4"]);
    assert.equal(violations[0]?.summary, "Safety meeting; Safety work");
  });

  it("names the most senior level any report gives", () => {
    const facts = [
      held("e1", { attendeeLevel: "deputy" }),
      held("e2", { attendeeLevel: "principal" }, "village-1"),
      held("e3", { attendeeLevel: "deputy" }, "village-2"),
    ];
    const [violation] = evaluate(facts, [meetingApproval({ attendeeLevel: "staff" })]);
    assert.deepEqual(violation?.detail, { approvedLevel: "staff", heldLevel: "principal" });
    assert.deepEqual(violation?.evidence.factIds, ["e1", "e2", "e3"]);
  });

  it("does not judge a meeting no approval covers: that is UNAPPROVED_MEETING's", () => {
    const facts = [held("e1", { attendeeLevel: "principal" })];
    assert.deepEqual(evaluate(facts, []), []);
    // decided after the meeting started
    assert.deepEqual(evaluate(facts, [meetingApproval({}, "2026-11-25T09:30:00+08:00")]), []);
  });

  it("judges a meeting by the approval a report cites, or else by the one planned nearest its start", () => {
    const morning = meetingApproval({ id: "r-am" });
    const afternoon = meetingApproval({
      id: "r-pm",
      startsAt: "2026-11-25T15:00:00+08:00",
      attendeeLevel: "principal",
      durationMinutes: 180,
    });
    const big = { attendeeLevel: "principal", durationMinutes: 150 } as const;
    assert.deepEqual(evaluate([held("e1", big)], [morning, afternoon])[0]?.detail, {
      approvedLevel: "deputy",
      heldLevel: "principal",
      approvedMinutes: 60,
      heldMinutes: 150,
    });
    assert.deepEqual(evaluate([held("e1", { ...big, requestId: "r-pm" })], [morning, afternoon]), []);
    // Two approvals as near as each other: the lower id, so every run gives the same answer.
    const early = meetingApproval({ id: "r-a", startsAt: "2026-11-25T08:00:00+08:00" });
    const late = meetingApproval({
      id: "r-b",
      startsAt: "2026-11-25T10:00:00+08:00",
      attendeeLevel: "principal",
    });
    assert.equal(evaluate([held("e1", { attendeeLevel: "principal" })], [late, early]).length, 1);
    assert.deepEqual(
      evaluate([held("e1", { ...big, heldAt: "2026-11-25T14:30:00+08:00" })], [morning, afternoon]),
      [],
    );
  });
});
