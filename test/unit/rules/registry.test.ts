import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { occurrenceOf } from "../../../shared/facts/occurrence.ts";
import { evaluate, inputsNeeded, sweepRules } from "../../../shared/sweeps/rules/index.ts";
import { layeredMeeting } from "../../../shared/sweeps/rules/layered-meeting.ts";
import { overdueApproval } from "../../../shared/sweeps/rules/overdue-approval.ts";
import type { SweepInputName, SweepInputs } from "../../../shared/sweeps/rules/rule.ts";
import { sweptRules } from "../../../shared/violations/schemas.ts";
import { meetingFact } from "../../fakes/records.ts";
import {
  documentIssued,
  documentsPlan,
  inspectionsPlan,
  inspectionVisit,
  meetingApproval,
  meetingsPlan,
  pendingRequest,
  sweepContext,
  sweepInputs,
  timeZone,
  unitsOf,
  visit,
} from "../../fakes/sweep-inputs.ts";

/** Something for every rule to find: each input filled so that every rule has to read what it needs. */
const everything = (): SweepInputs =>
  sweepInputs({
    facts: [
      meetingFact({ id: "e1", relayed: true, accompanyingAttendees: true, attendeeLevel: "principal" }),
      meetingFact({ id: "e2", convenerUnitId: "dept-b", unitId: "dept-b" }),
      documentIssued({ id: "d1" }),
      inspectionVisit({ id: "v1" }),
    ],
    requests: [meetingApproval()],
    pendingRequests: [pendingRequest("r2", "2026-11-24T00:00:00.000Z")],
    plans: [
      meetingsPlan(2026, { quotas: [{ unitId: "dept-a", limit: 1 }], reported: { "dept-a": 2 } }),
      documentsPlan(2026, { quotas: [{ unitId: "dept-a", limit: 1 }], reported: { "dept-a": 2 } }),
      inspectionsPlan(2026),
    ],
    units: unitsOf({ "dept-a": "department", "dept-b": "department", "village-1": "village" }),
    monthVisits: [
      visit("dept-b", "village-1", "2026-11-02T10:00:00+08:00"),
      visit("dept-b", "village-1", "2026-11-03T10:00:00+08:00"),
      visit("dept-a", "village-1", "2026-11-25T10:00:00+08:00"),
    ],
    openComplaints: [
      { id: "c1", reference: "TS-2026-0001", status: "new", receivedAt: "2026-11-23T02:00:00.000Z" },
    ],
    outstandingSecondments: [
      {
        id: "s1",
        personRef: "借调-1",
        fromUnitId: "village-1",
        toUnitId: "dept-a",
        registeredBy: "lender",
        status: "pending_confirmation",
        returnBy: "2026-11-20",
        createdAt: "2026-11-01T02:00:00.000Z",
      },
    ],
    plaquesToRemove: [
      {
        id: "p1",
        title: "示范村",
        villageUnitId: "village-1",
        issuingUnitId: "dept-b",
        removeBy: "2026-11-24",
      },
    ],
  });

/** The inputs, refusing to be read where a rule did not declare it would read. */
const guarded = (inputs: SweepInputs, allowed: readonly SweepInputName[]): SweepInputs =>
  new Proxy(inputs, {
    get(target, property, receiver) {
      if (typeof property === "string" && property in target && !allowed.some((name) => name === property)) {
        throw new Error(`read ${property} without declaring it`);
      }
      return Reflect.get(target, property, receiver);
    },
  });

describe("sweep rule registry", () => {
  it("lists every swept rule once, in the order digests list them", () => {
    assert.deepEqual(
      sweepRules.map((rule) => rule.code),
      [...sweptRules],
    );
  });

  it("reads every input some rule needs, and nothing else", () => {
    assert.deepEqual([...inputsNeeded()].sort(), [
      "facts",
      "monthVisits",
      "openComplaints",
      "outstandingSecondments",
      "pendingRequests",
      "plans",
      "plaquesToRemove",
      "requests",
      "units",
    ]);
    assert.deepEqual([...inputsNeeded([layeredMeeting, overdueApproval])], ["facts", "pendingRequests"]);
  });

  it("has every rule read only the inputs it declares", () => {
    for (const rule of sweepRules) {
      assert.doesNotThrow(() => rule.evaluate(guarded(everything(), rule.needs), sweepContext()), rule.code);
      // The guard bites: every rule reads something.
      assert.throws(() => rule.evaluate(guarded(everything(), []), sweepContext()), /without declaring it/);
    }
  });

  it("evaluates every rule over the same inputs, each finding its own violations", () => {
    const violations = evaluate(everything(), sweepContext());
    assert.deepEqual(
      violations.map((violation) => violation.id),
      [
        "UNAPPROVED_MEETING:dept-b:2026-11-25",
        "MEETING_STANDARD_RAISED:dept-a:2026-11-25",
        "LAYERED_MEETING:dept-a:2026-11-25",
        "ACCOMPANYING_ATTENDEES:dept-a:2026-11-25",
        "MEETING_QUOTA_EXCEEDED:dept-a:2026",
        `UNAPPROVED_DOCUMENT:${occurrenceOf(documentIssued({ id: "d1" }), timeZone).subject}`,
        "DOCUMENT_QUOTA_EXCEEDED:dept-a:2026",
        "OFF_PLAN_INSPECTION:dept-a:village-1:2026-11-25",
        "REPEATED_INSPECTION:dept-a:village-1:2026-11",
        "OVERDUE_APPROVAL:r2",
        "SECONDMENT_OVERDUE:s1",
        "SECONDMENT_UNCONFIRMED:s1",
        "UNADMITTED_PLAQUE:p1",
        "COMPLAINT_OVERDUE:c1:triage",
      ],
    );
    assert.deepEqual(evaluate(everything(), sweepContext(), []), []);
  });
});
