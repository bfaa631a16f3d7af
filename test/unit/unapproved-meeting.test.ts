import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { EventRecord, MeetingHeldBody } from "../../shared/facts/schemas.ts";
import type { RequestRecord, RequestStatus } from "../../shared/requests/schemas.ts";
import { unapprovedMeetings } from "../../shared/sweeps/rules/unapproved-meeting.ts";

const timeZone = "Asia/Shanghai";

const held = (id: string, overrides: Partial<MeetingHeldBody> = {}, reporter = "dept-a"): EventRecord => ({
  id,
  reporterUnitId: reporter,
  reportedBy: "someone",
  createdAt: "2026-11-28T00:00:00Z",
  body: {
    kind: "meeting_held",
    convenerUnitId: "dept-a",
    title: "Safety meeting",
    heldAt: "2026-11-25T09:00:00+08:00",
    durationMinutes: 60,
    attendeeLevel: "deputy",
    attendeesPerUnit: 1,
    relayed: false,
    ...overrides,
  },
});

const request = (id: string, status: RequestStatus, startsAt: string, unitId = "dept-a"): RequestRecord => ({
  id,
  unitId,
  submittedBy: "clerk",
  status,
  findings: [],
  version: 2,
  createdAt: "2026-11-01T00:00:00Z",
  updatedAt: "2026-11-02T00:00:00Z",
  body: {
    kind: "meeting",
    title: "Safety meeting",
    startsAt,
    durationMinutes: 60,
    format: "video",
    attendeeLevel: "deputy",
    attendeesPerUnit: 1,
    attendeeUnitKinds: ["village"],
    relayed: false,
    reason: "why",
  },
});

describe("UNAPPROVED_MEETING", () => {
  it("finds a meeting with no approved request", () => {
    const [violation, ...rest] = unapprovedMeetings({ events: [held("e1")], requests: [], timeZone });
    assert.equal(rest.length, 0);
    assert.equal(violation?.id, "UNAPPROVED_MEETING:dept-a:2026-11-25");
    assert.equal(violation?.unitId, "dept-a");
    assert.deepEqual(violation?.evidence.eventIds, ["e1"]);
  });

  it("accepts a meeting covered by the approved request it names", () => {
    const requests = [request("r1", "approved", "2026-11-26T09:00:00+08:00")];
    assert.deepEqual(
      unapprovedMeetings({ events: [held("e1", { requestId: "r1" })], requests, timeZone }),
      [],
    );
  });

  it("accepts a meeting on the same local day as an approved request of its convener", () => {
    // 23:30 in Shanghai on the 25th is the 25th locally although it is the 25th 15:30 UTC.
    const requests = [request("r1", "approved", "2026-11-25T23:30:00+08:00")];
    assert.deepEqual(unapprovedMeetings({ events: [held("e1")], requests, timeZone }), []);
  });

  it("does not let a request of another day cover a meeting that does not name it", () => {
    const requests = [request("r1", "approved", "2026-11-26T00:30:00+08:00")];
    assert.equal(unapprovedMeetings({ events: [held("e1")], requests, timeZone }).length, 1);
  });

  it("does not let another convener's request, or one not approved, cover a meeting", () => {
    for (const requests of [
      [request("r1", "approved", "2026-11-25T09:00:00+08:00", "dept-b")],
      [request("r1", "submitted", "2026-11-25T09:00:00+08:00")],
      [request("r1", "cancelled", "2026-11-25T09:00:00+08:00")],
    ]) {
      assert.equal(
        unapprovedMeetings({ events: [held("e1", { requestId: "r1" })], requests, timeZone }).length,
        1,
      );
    }
  });

  it("folds the department's and the villages' reports of one day into one violation", () => {
    const events = [
      held("e2", {}, "village-1"),
      held("e1"),
      held("e3", { title: "Safety work" }, "village-2"),
    ];
    const violations = unapprovedMeetings({ events, requests: [], timeZone });
    assert.equal(violations.length, 1);
    assert.deepEqual(violations[0]?.evidence.eventIds, ["e1", "e2", "e3"]);
    assert.match(violations[0]?.summary ?? "", /Safety meeting; Safety work/);
  });

  it("gives the same ids for the same facts in any order", () => {
    const events = [
      held("e1"),
      held("e2", { convenerUnitId: "dept-b", heldAt: "2026-11-24T10:00:00+08:00" }),
    ];
    const forward = unapprovedMeetings({ events, requests: [], timeZone });
    const backward = unapprovedMeetings({ events: [...events].reverse(), requests: [], timeZone });
    assert.deepEqual(
      forward.map((violation) => violation.id).sort(),
      backward.map((violation) => violation.id).sort(),
    );
  });
});
