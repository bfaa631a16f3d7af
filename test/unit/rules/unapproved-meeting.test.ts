import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactOf, FactRecord } from "../../../shared/facts/schemas.ts";
import type { RequestRecord, RequestStatus } from "../../../shared/requests/schemas.ts";
import { unapprovedMeeting } from "../../../shared/sweeps/rules/unapproved-meeting.ts";
import { meetingFact } from "../../fakes/records.ts";
import {
  documentIssued,
  inspectionVisit,
  meetingApproval,
  meetingsPlan,
  sweepContext,
  sweepInputs,
} from "../../fakes/sweep-inputs.ts";

/** A held meeting convened by dept-a, as reported by `reporter`. */
const held = (id: string, overrides: Partial<FactOf<"meeting_held">> = {}, reporter = "dept-a") =>
  meetingFact({ id, unitId: reporter, ...overrides });

/** A meeting request of `unitId`; an approved one was decided at `decidedAt`, days ahead by default. */
const request = (
  id: string,
  status: RequestStatus,
  startsAt: string,
  unitId = "dept-a",
  decidedAt = "2026-11-20T10:00:00+08:00",
): RequestRecord =>
  meetingApproval(
    { id, status, startsAt, unitId, ...(status === "approved" ? {} : { decision: undefined }) },
    decidedAt,
  );

const evaluate = (facts: FactRecord[], requests: RequestRecord[] = []) =>
  unapprovedMeeting.evaluate(sweepInputs({ facts, requests }), sweepContext());

const ids = (violations: { id: string }[]) => violations.map((violation) => violation.id);

describe("UNAPPROVED_MEETING", () => {
  it("declares that it reads facts and requests", () => {
    assert.equal(unapprovedMeeting.code, "UNAPPROVED_MEETING");
    assert.deepEqual([...unapprovedMeeting.needs].sort(), ["facts", "requests"]);
  });

  it("finds a meeting with no approved request, named by its convener's day", () => {
    assert.deepEqual(evaluate([held("e1")]), [
      {
        id: "UNAPPROVED_MEETING:dept-a:2026-11-25",
        rule: "UNAPPROVED_MEETING",
        unitId: "dept-a",
        subject: "dept-a:2026-11-25",
        summary: "Safety meeting",
        occurredOn: "2026-11-25",
        evidence: { factIds: ["e1"] },
      },
    ]);
  });

  it("accepts a meeting covered by the approved request it names", () => {
    const requests = [request("r1", "approved", "2026-11-25T14:00:00+08:00")];
    assert.deepEqual(evaluate([held("e1", { requestId: "r1" })], requests), []);
  });

  it("does not let a cited request approved for another day cover the meeting", () => {
    const requests = [request("r1", "approved", "2026-11-26T09:00:00+08:00")];
    assert.deepEqual(ids(evaluate([held("e1", { requestId: "r1" })], requests)), [
      "UNAPPROVED_MEETING:dept-a:2026-11-25",
    ]);
  });

  it("does not let an approval decided after the meeting started cover it, even with an override", () => {
    // The meeting started at 09:00 Shanghai time; the approval came half an hour later.
    const late = request(
      "r1",
      "approved",
      "2026-11-25T09:00:00+08:00",
      "dept-a",
      "2026-11-25T09:30:00+08:00",
    );
    const overridden: RequestRecord = {
      ...late,
      decision: {
        decision: "approve",
        by: "boss",
        at: "2026-11-26T10:00:00+08:00",
        override: { reason: "It was urgent" },
      },
    };
    for (const approval of [late, overridden]) {
      assert.equal(evaluate([held("e1", { requestId: "r1" })], [approval]).length, 1, "cited");
      assert.equal(evaluate([held("e1")], [approval]).length, 1, "same day");
    }
  });

  it("takes the earliest start any report gives: a village's 09:00 is not excused by the department's 10:00", () => {
    const approval = request(
      "r1",
      "approved",
      "2026-11-25T09:00:00+08:00",
      "dept-a",
      "2026-11-25T09:30:00+08:00",
    );
    const department = held("e1", { heldAt: "2026-11-25T10:00:00+08:00" });
    const village = held("e2", { heldAt: "2026-11-25T09:00:00+08:00" }, "village-1");
    assert.deepEqual(evaluate([department, village], [approval])[0]?.evidence.factIds, ["e1", "e2"]);
    assert.deepEqual(evaluate([department], [approval]), []);
  });

  it("compares the decision and the meeting as instants, whatever their offsets", () => {
    // 01:30Z is 09:30 in Shanghai: after a meeting at 09:00+08:00, although it sorts before it as text.
    const after = request("r1", "approved", "2026-11-25T09:00:00+08:00", "dept-a", "2026-11-25T01:30:00Z");
    assert.equal(evaluate([held("e1", { requestId: "r1" })], [after]).length, 1);
    // 08:30+08:00 is 00:30Z: before a meeting at 01:00Z, although it sorts after it as text.
    const before = request(
      "r1",
      "approved",
      "2026-11-25T09:00:00+08:00",
      "dept-a",
      "2026-11-25T08:30:00+08:00",
    );
    assert.deepEqual(
      evaluate([held("e1", { requestId: "r1", heldAt: "2026-11-25T01:00:00Z" })], [before]),
      [],
    );
  });

  it("does not let an approval without a recorded decision cover a meeting", () => {
    const undecided: RequestRecord = {
      ...request("r1", "approved", "2026-11-25T09:00:00+08:00"),
      decision: undefined,
    };
    assert.equal(evaluate([held("e1", { requestId: "r1" })], [undecided]).length, 1);
  });

  it("accepts a meeting on the same local day as an approved request of its convener", () => {
    // 23:30 in Shanghai on the 25th is 15:30 UTC: the same local day as a meeting at 09:00.
    const requests = [request("r1", "approved", "2026-11-25T23:30:00+08:00")];
    assert.deepEqual(evaluate([held("e1")], requests), []);
  });

  it("places meetings by their local day at the window's edge: 23:59 on Sunday is Sunday, 00:00 Monday is Monday", () => {
    // Both are Sunday 29 November in UTC; in Shanghai the second is already Monday the 30th.
    const sunday = held("e1", { heldAt: "2026-11-29T15:59:00Z" });
    const monday = held("e2", { heldAt: "2026-11-29T16:00:00Z" });
    assert.deepEqual(
      evaluate([sunday, monday]).map((violation) => [violation.id, violation.occurredOn]),
      [
        ["UNAPPROVED_MEETING:dept-a:2026-11-29", "2026-11-29"],
        ["UNAPPROVED_MEETING:dept-a:2026-11-30", "2026-11-30"],
      ],
    );
    const mondayApproval = request("r1", "approved", "2026-11-30T09:00:00+08:00");
    assert.deepEqual(ids(evaluate([sunday, monday], [mondayApproval])), [
      "UNAPPROVED_MEETING:dept-a:2026-11-29",
    ]);
  });

  it("does not let a request of another day cover a meeting that does not name it", () => {
    const requests = [request("r1", "approved", "2026-11-26T00:30:00+08:00")];
    assert.equal(evaluate([held("e1")], requests).length, 1);
  });

  it("does not let another convener's request, or one not approved, cover a meeting", () => {
    for (const requests of [
      [request("r1", "approved", "2026-11-25T09:00:00+08:00", "dept-b")],
      [request("r1", "submitted", "2026-11-25T09:00:00+08:00")],
      [request("r1", "cancelled", "2026-11-25T09:00:00+08:00")],
    ]) {
      assert.equal(evaluate([held("e1", { requestId: "r1" })], requests).length, 1);
    }
  });

  it("does not take being on the meetings plan for an approval", () => {
    const plans = [
      meetingsPlan(2026, {
        items: [{ id: "p1", title: "Safety meeting", convenerUnitId: "dept-a", month: 11 }],
      }),
    ];
    const violations = unapprovedMeeting.evaluate(
      sweepInputs({ facts: [held("e1")], plans }),
      sweepContext(),
    );
    assert.equal(violations.length, 1);
  });

  it("judges the convener, not the reporter: a village's report of dept-a's meeting is dept-a's", () => {
    const [violation] = evaluate([held("e9", {}, "village-1")]);
    assert.equal(violation?.unitId, "dept-a");
    const covered = evaluate(
      [held("e9", {}, "village-1")],
      [request("r1", "approved", "2026-11-25T15:00:00+08:00")],
    );
    assert.deepEqual(covered, []);
  });

  it("folds the department's and the villages' reports of one day into one violation with every fact", () => {
    const facts = [
      held("e2", {}, "village-1"),
      held("e1"),
      held("e3", { title: "Safety work" }, "village-2"),
    ];
    const violations = evaluate(facts);
    assert.equal(violations.length, 1);
    assert.deepEqual(violations[0]?.evidence.factIds, ["e1", "e2", "e3"]);
    assert.equal(violations[0]?.summary, "Safety meeting; Safety work");
  });

  it("names at most three titles, sorted, and counts the rest, however many meetings were reported", () => {
    const titles = ["Echo", "Alpha", "Delta", "Charlie", "Bravo"];
    const [violation] = evaluate(titles.map((title, index) => held(`e${index}`, { title })));
    assert.equal(violation?.summary, "Alpha; Bravo; Charlie (+2)");

    const flood = Array.from({ length: 500 }, (_, index) =>
      held(`f${String(index).padStart(3, "0")}`, { title: `Meeting number ${index} ${"x".repeat(150)}` }),
    );
    const [flooded] = evaluate(flood);
    assert.ok((flooded?.summary.length ?? Infinity) < 3 * 200 + 20, flooded?.summary);
    assert.match(flooded?.summary ?? "", / \(\+497\)$/);
    // The candidate keeps every reference; the store bounds what it keeps.
    assert.equal(flooded?.evidence.factIds.length, 500);
  });

  it("keeps separate days and separate conveners apart", () => {
    const facts = [
      held("e1"),
      held("e2", { heldAt: "2026-11-26T09:00:00+08:00" }),
      held("e3", { convenerUnitId: "dept-b" }, "dept-b"),
    ];
    assert.deepEqual(ids(evaluate(facts)), [
      "UNAPPROVED_MEETING:dept-a:2026-11-25",
      "UNAPPROVED_MEETING:dept-a:2026-11-26",
      "UNAPPROVED_MEETING:dept-b:2026-11-25",
    ]);
  });

  it("leaves facts of other kinds to the rules about them", () => {
    assert.deepEqual(evaluate([documentIssued(), inspectionVisit()]), []);
  });

  it("gives the same violations for the same facts in any order", () => {
    const facts = [
      held("e1"),
      held("e3", {}, "village-1"),
      held("e2", { convenerUnitId: "dept-b", heldAt: "2026-11-24T10:00:00+08:00" }),
    ];
    assert.deepEqual(evaluate(facts), evaluate([...facts].reverse()));
  });
});
