import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { findingsFor, happensAt } from "../../shared/requests/kinds/index.ts";
import type { FindingContext } from "../../shared/requests/kinds/kind.ts";
import { type MeetingRequest, meetingFindings } from "../../shared/requests/kinds/meeting.ts";
import { findingContext, meetingBody as meeting } from "../fakes/records.ts";

const submittedAt = new Date("2026-11-20T02:00:00Z");
const context = findingContext({ submittedAt });

/** The codes of the rules on the form itself; the plan's ON_PLAN/NOT_ON_PLAN is always there and tested apart. */
const codes = (body: MeetingRequest, inContext: FindingContext = context) =>
  meetingFindings(body, inContext)
    .map((finding) => finding.code)
    .filter((code) => code !== "NOT_ON_PLAN");

describe("meeting findings", () => {
  it("finds nothing in a lean, well-announced meeting", () => {
    assert.deepEqual(codes(meeting()), []);
  });

  it("flags several attendees per unit", () => {
    assert.deepEqual(codes(meeting({ attendeesPerUnit: 3 })), ["SEVERAL_ATTENDEES_PER_UNIT"]);
  });

  it("blocks relayed meetings", () => {
    const finding = meetingFindings(meeting({ relayed: true }), context).find(
      (candidate) => candidate.code === "RELAYED",
    );
    assert.equal(finding?.severity, "blocking");
  });

  it("flags meetings over the duration cap, not at it", () => {
    assert.deepEqual(codes(meeting({ durationMinutes: 90 })), []);
    assert.deepEqual(codes(meeting({ durationMinutes: 91 })), ["TOO_LONG"]);
  });

  it("compares against the deployment's limits, not fixed ones", () => {
    const strict = findingContext({
      submittedAt,
      limits: { meetingMaxMinutes: 45, meetingMinNoticeHours: 240, documentMaxPages: 10 },
    });
    assert.deepEqual(codes(meeting(), strict), ["TOO_LONG", "SHORT_NOTICE"]);
  });

  it("warns on short notice and blocks a meeting that already started", () => {
    const soon = meetingFindings(meeting({ startsAt: "2026-11-21T10:00:00+08:00" }), context).filter(
      (finding) => finding.code === "SHORT_NOTICE",
    );
    assert.deepEqual(
      soon.map((finding) => [finding.code, finding.severity]),
      [["SHORT_NOTICE", "warning"]],
    );
    assert.match(soon[0]?.message ?? "", /Gives 24 hours' notice, less than the 72 required/);
    const past = meetingFindings(meeting({ startsAt: "2026-11-19T10:00:00+08:00" }), context).filter(
      (finding) => finding.code === "SHORT_NOTICE",
    );
    assert.deepEqual(
      past.map((finding) => [finding.code, finding.severity]),
      [["SHORT_NOTICE", "blocking"]],
    );
  });

  it("counts notice exactly at the limit as enough", () => {
    // 72 hours after 2026-11-20T02:00Z, written in Shanghai time.
    assert.deepEqual(codes(meeting({ startsAt: "2026-11-23T10:00:00+08:00" })), []);
    assert.deepEqual(codes(meeting({ startsAt: "2026-11-23T09:59:00+08:00" })), ["SHORT_NOTICE"]);
  });

  it("reports every finding of a meeting that breaks several rules", () => {
    assert.deepEqual(
      codes(
        meeting({
          attendeesPerUnit: 2,
          relayed: true,
          accompanyingAttendees: true,
          durationMinutes: 120,
          startsAt: "2026-11-20T09:00:00+08:00",
        }),
      ),
      ["SEVERAL_ATTENDEES_PER_UNIT", "ACCOMPANYING_ATTENDEES", "RELAYED", "TOO_LONG", "SHORT_NOTICE"],
    );
  });
});

describe("the request-kind registry", () => {
  it("hands a body to its own kind's findings and date", () => {
    const body = meeting({ relayed: true });
    assert.deepEqual(findingsFor(body, context), meetingFindings(body, context));
    assert.equal(
      happensAt({ ...body, createdAt: submittedAt.toISOString() }, "Asia/Shanghai"),
      body.startsAt,
    );
  });
});
