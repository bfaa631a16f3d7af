import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactRecord } from "../../shared/facts/schemas.ts";
import type { RequestRecord, RequestStatus } from "../../shared/requests/schemas.ts";
import { unapprovedMeeting } from "../../shared/sweeps/rules/unapproved-meeting.ts";
import { meetingFact, requestRecord } from "../fakes/records.ts";

const timeZone = "Asia/Shanghai";

/** A held meeting convened by dept-a, as reported by `reporter`. */
const held = (id: string, overrides: Partial<FactRecord> = {}, reporter = "dept-a"): FactRecord =>
  meetingFact({ id, unitId: reporter, ...overrides });

/** A meeting request of `unitId`; an approved one was decided at `decidedAt`, days ahead by default. */
const request = (
  id: string,
  status: RequestStatus,
  startsAt: string,
  unitId = "dept-a",
  decidedAt = "2026-11-20T10:00:00+08:00",
): RequestRecord =>
  requestRecord({
    id,
    status,
    startsAt,
    unitId,
    title: "Safety meeting",
    version: 2,
    ...(status === "approved" ? { decision: { decision: "approve", by: "boss", at: decidedAt } } : {}),
  });

const evaluate = (facts: FactRecord[], requests: RequestRecord[] = []) =>
  unapprovedMeeting.evaluate({ facts, requests }, timeZone);

describe("UNAPPROVED_MEETING", () => {
  it("declares that it reads facts and requests", () => {
    assert.equal(unapprovedMeeting.code, "UNAPPROVED_MEETING");
    assert.deepEqual([...unapprovedMeeting.needs].sort(), ["facts", "requests"]);
  });

  it("finds a meeting with no approved request", () => {
    const [violation, ...rest] = evaluate([held("e1")]);
    assert.equal(rest.length, 0);
    assert.equal(violation?.id, "UNAPPROVED_MEETING:dept-a:2026-11-25");
    assert.equal(violation?.rule, "UNAPPROVED_MEETING");
    assert.equal(violation?.unitId, "dept-a");
    assert.equal(violation?.occurredOn, "2026-11-25");
    assert.deepEqual(violation?.evidence, { factIds: ["e1"] });
  });

  it("accepts a meeting covered by the approved request it names", () => {
    const requests = [request("r1", "approved", "2026-11-25T14:00:00+08:00")];
    assert.deepEqual(evaluate([held("e1", { requestId: "r1" })], requests), []);
  });

  it("does not let a cited request approved for another day cover the meeting", () => {
    const requests = [request("r1", "approved", "2026-11-26T09:00:00+08:00")];
    const [violation, ...rest] = evaluate([held("e1", { requestId: "r1" })], requests);
    assert.equal(rest.length, 0);
    assert.equal(violation?.id, "UNAPPROVED_MEETING:dept-a:2026-11-25");
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
    // 23:30 in Shanghai on the 25th is the 25th locally although it is the 25th 15:30 UTC.
    const requests = [request("r1", "approved", "2026-11-25T23:30:00+08:00")];
    assert.deepEqual(evaluate([held("e1")], requests), []);
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

  it("judges the convener, not the reporter: a village's report of dept-a's meeting is dept-a's", () => {
    const [violation] = evaluate([held("e9", {}, "village-1")]);
    assert.equal(violation?.unitId, "dept-a");
    const covered = evaluate(
      [held("e9", {}, "village-1")],
      [request("r1", "approved", "2026-11-25T15:00:00+08:00")],
    );
    assert.deepEqual(covered, []);
  });

  it("folds the department's and the villages' reports of one day into one violation", () => {
    const facts = [
      held("e2", {}, "village-1"),
      held("e1"),
      held("e3", { title: "Safety work" }, "village-2"),
    ];
    const violations = evaluate(facts);
    assert.equal(violations.length, 1);
    assert.deepEqual(violations[0]?.evidence.factIds, ["e1", "e2", "e3"]);
    assert.match(violations[0]?.summary ?? "", /Safety meeting; Safety work/);
  });

  it("names at most three titles, sorted, and counts the rest, however many meetings were reported", () => {
    const titles = ["Echo", "Alpha", "Delta", "Charlie", "Bravo"];
    const [violation] = evaluate(titles.map((title, index) => held(`e${index}`, { title })));
    assert.equal(violation?.summary, "Meeting held without approval: Alpha; Bravo; Charlie and 2 more");

    const flood = Array.from({ length: 500 }, (_, index) =>
      held(`f${String(index).padStart(3, "0")}`, { title: `Meeting number ${index} ${"x".repeat(150)}` }),
    );
    const [flooded] = evaluate(flood);
    assert.ok((flooded?.summary.length ?? Infinity) < 3 * 200 + 100, flooded?.summary);
    assert.match(flooded?.summary ?? "", / and 497 more$/);
    // The candidate keeps every reference; the store bounds what it keeps.
    assert.equal(flooded?.evidence.factIds.length, 500);
  });

  it("keeps separate days and separate conveners apart", () => {
    const facts = [
      held("e1"),
      held("e2", { heldAt: "2026-11-26T09:00:00+08:00" }),
      held("e3", { convenerUnitId: "dept-b" }, "dept-b"),
    ];
    assert.deepEqual(
      evaluate(facts)
        .map((violation) => violation.id)
        .sort(),
      [
        "UNAPPROVED_MEETING:dept-a:2026-11-25",
        "UNAPPROVED_MEETING:dept-a:2026-11-26",
        "UNAPPROVED_MEETING:dept-b:2026-11-25",
      ],
    );
  });

  it("leaves facts of other kinds to the rules about them", () => {
    const visit = { ...held("e1"), kind: "inspection_visit" } as unknown as FactRecord;
    assert.deepEqual(evaluate([visit]), []);
  });

  it("gives the same ids for the same facts in any order", () => {
    const facts = [held("e1"), held("e2", { convenerUnitId: "dept-b", heldAt: "2026-11-24T10:00:00+08:00" })];
    const forward = evaluate(facts);
    const backward = evaluate([...facts].reverse());
    assert.deepEqual(
      forward.map((violation) => violation.id).sort(),
      backward.map((violation) => violation.id).sort(),
    );
  });
});
