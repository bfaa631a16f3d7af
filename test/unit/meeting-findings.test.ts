import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { meetingFindings } from "../../shared/requests/kinds/meeting.ts";
import type { MeetingRequestBody } from "../../shared/requests/schemas.ts";

const limits = { maxMinutes: 90, minNoticeHours: 72 };
const submittedAt = new Date("2026-11-20T02:00:00Z");

const meeting = (overrides: Partial<MeetingRequestBody> = {}): MeetingRequestBody => ({
  kind: "meeting",
  title: "Winter heating work",
  startsAt: "2026-11-30T09:00:00+08:00",
  durationMinutes: 60,
  format: "video",
  attendeeLevel: "deputy",
  attendeesPerUnit: 1,
  attendeeUnitKinds: ["township"],
  relayed: false,
  reason: "Coordinate heating before the cold wave",
  ...overrides,
});

const codes = (body: MeetingRequestBody) =>
  meetingFindings(body, submittedAt, limits).map((finding) => finding.code);

describe("meeting findings", () => {
  it("finds nothing in a lean, well-announced meeting", () => {
    assert.deepEqual(codes(meeting()), []);
  });

  it("flags several attendees per unit", () => {
    assert.deepEqual(codes(meeting({ attendeesPerUnit: 3 })), ["SEVERAL_ATTENDEES_PER_UNIT"]);
  });

  it("blocks relayed meetings", () => {
    const [finding] = meetingFindings(meeting({ relayed: true }), submittedAt, limits);
    assert.equal(finding?.code, "RELAYED_MEETING");
    assert.equal(finding?.severity, "blocking");
  });

  it("flags meetings over the duration cap, not at it", () => {
    assert.deepEqual(codes(meeting({ durationMinutes: 90 })), []);
    assert.deepEqual(codes(meeting({ durationMinutes: 91 })), ["TOO_LONG"]);
  });

  it("warns on short notice and blocks a meeting that already started", () => {
    const soon = meetingFindings(meeting({ startsAt: "2026-11-21T10:00:00+08:00" }), submittedAt, limits);
    assert.deepEqual(
      soon.map((finding) => [finding.code, finding.severity]),
      [["SHORT_NOTICE", "warning"]],
    );
    const past = meetingFindings(meeting({ startsAt: "2026-11-19T10:00:00+08:00" }), submittedAt, limits);
    assert.deepEqual(
      past.map((finding) => [finding.code, finding.severity]),
      [["SHORT_NOTICE", "blocking"]],
    );
  });
});
