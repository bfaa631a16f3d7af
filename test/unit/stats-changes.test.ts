/**
 * What each counted change moves: the deltas the repositories add to a record's own transaction,
 * and how `counterUpdates` turns them into one ADD per (year, unit).
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { OccurrenceRecord } from "../../shared/facts/occurrence-record.ts";
import type { RequestRecord } from "../../shared/requests/schemas.ts";
import { counterUpdates } from "../../shared/stats/counters.ts";
import { occurrenceChanges } from "../../shared/stats/occurrence-changes.ts";
import { requestChange } from "../../shared/stats/request-changes.ts";
import { violationMoved, violationOpened } from "../../shared/stats/violation-changes.ts";
import { localYearOf } from "../../shared/stats/years.ts";
import { requestRecord, violationRecord } from "../fakes/records.ts";

const veto = (status: RequestRecord["status"]): RequestRecord => ({
  kind: "veto_item",
  title: "Production safety responsibility statement",
  form: "responsibility_statement",
  category: "production_safety",
  targetUnitKinds: ["township"],
  reason: "Annual safety duty",
  id: "r9",
  unitId: "dept-a",
  status,
  findings: [],
  createdBy: "clerk",
  createdAt: "2026-03-01T00:00:00.000Z",
  updatedAt: "2026-03-02T00:00:00.000Z",
  version: 2,
});

const inspection = (status: RequestRecord["status"]): RequestRecord => ({
  kind: "inspection",
  title: "Water check",
  inspectionKind: "inspection",
  targetUnitIds: ["village-1"],
  from: "2027-01-04",
  to: "2027-01-05",
  reason: "Winter supply",
  id: "r7",
  unitId: "dept-h",
  status,
  findings: [],
  createdBy: "clerk",
  createdAt: "2026-12-20T00:00:00.000Z",
  updatedAt: "2026-12-21T00:00:00.000Z",
  version: 2,
});

describe("a request's counters", () => {
  it("counts a submission as requested, in the year given, for the requesting unit", () => {
    assert.deepEqual(requestChange(requestRecord(), 2026, undefined), {
      year: 2026,
      unitId: "dept-a",
      deltas: { "meetings.requested": 1 },
    });
  });

  it("counts each decision and withdrawal under its own name", () => {
    for (const status of ["approved", "rejected", "merged", "withdrawn"] as const) {
      assert.deepEqual(requestChange(requestRecord({ status }), 2026, "submitted").deltas, {
        [`meetings.${status}`]: 1,
      });
    }
  });

  it("takes back what an approval counted when it is cancelled", () => {
    assert.deepEqual(requestChange(requestRecord({ status: "cancelled" }), 2026, "approved").deltas, {
      "meetings.cancelled": 1,
      "meetings.approved": -1,
    });
  });

  it("counts an approved veto item under its category, and uncounts it on cancellation", () => {
    assert.deepEqual(requestChange(veto("approved"), 2026, "submitted").deltas, {
      "vetoItems.approved": 1,
      "vetoItems.category.production_safety": 1,
    });
    assert.deepEqual(requestChange(veto("cancelled"), 2026, "approved").deltas, {
      "vetoItems.cancelled": 1,
      "vetoItems.approved": -1,
      "vetoItems.category.production_safety": -1,
    });
  });

  it("counts an inspection's temporary addition only when the approval added it, and its withdrawal", () => {
    assert.deepEqual(requestChange(inspection("approved"), 2027, "submitted", { added: true }).deltas, {
      "inspections.approved": 1,
      "inspections.temporaryAdditions": 1,
    });
    assert.deepEqual(requestChange(inspection("approved"), 2027, "submitted").deltas, {
      "inspections.approved": 1,
    });
    assert.deepEqual(requestChange(inspection("cancelled"), 2027, "approved", { withdrawn: true }).deltas, {
      "inspections.cancelled": 1,
      "inspections.approved": -1,
      "inspections.temporaryAdditions": -1,
    });
  });

  it("counts no temporary addition for the other kinds, whose plans take additions too", () => {
    const document: RequestRecord = {
      kind: "document",
      title: "Spring ploughing plan",
      docType: "notice",
      pages: 3,
      audienceUnitKinds: ["township"],
      draftingStartsOn: "2026-02-01",
      reason: "Seasonal work",
      id: "r8",
      unitId: "dept-a",
      status: "approved",
      findings: [],
      createdBy: "clerk",
      createdAt: "2026-01-20T00:00:00.000Z",
      updatedAt: "2026-01-21T00:00:00.000Z",
      version: 2,
    };
    assert.deepEqual(requestChange(document, 2026, "submitted", { added: true }).deltas, {
      "documents.approved": 1,
    });
  });
});

const occurrence = (overrides: Partial<OccurrenceRecord>): OccurrenceRecord => ({
  id: "meeting_held:dept-a:2026-01-01",
  kind: "meeting_held",
  subjectUnitId: "dept-a",
  title: "New year meeting",
  happenedAt: "2025-12-31T17:00:00.000Z",
  day: "2026-01-01",
  firstReportedAt: "2026-01-02T00:00:00.000Z",
  lastReportedAt: "2026-01-02T00:00:00.000Z",
  reporters: new Set(["dept-a"]),
  firstReportId: "f1",
  ...overrides,
});

describe("an occurrence's counters", () => {
  it("counts a meeting for its convener in the year of its local day, not of its UTC instant", () => {
    assert.deepEqual(occurrenceChanges(occurrence({})), [
      { year: 2026, unitId: "dept-a", deltas: { "meetings.held": 1 } },
    ]);
  });

  it("counts a document for its issuer", () => {
    assert.deepEqual(occurrenceChanges(occurrence({ kind: "document_issued" }))[0]?.deltas, {
      "documents.issued": 1,
    });
  });

  it("counts a visit for the lead unit and for the unit visited", () => {
    assert.deepEqual(
      occurrenceChanges(
        occurrence({ kind: "inspection_visit", targetUnitId: "village-1", day: "2026-05-03" }),
      ),
      [
        { year: 2026, unitId: "dept-a", deltas: { "inspections.visits": 1 } },
        { year: 2026, unitId: "village-1", deltas: { "inspections.visitsReceived": 1 } },
      ],
    );
  });
});

describe("a violation's counters", () => {
  it("counts an opening by rule and status in the local year it was opened", () => {
    // 31 December 17:00 UTC is already 1 January in Asia/Shanghai.
    const opened = violationRecord({ createdAt: "2026-12-31T17:00:00.000Z" });
    assert.equal(localYearOf(opened.createdAt), 2027);
    assert.deepEqual(violationOpened(opened), {
      year: 2027,
      unitId: "dept-a",
      deltas: {
        "violations.opened": 1,
        "violations.rule.UNAPPROVED_MEETING": 1,
        "violations.status.open": 1,
      },
    });
  });

  it("moves a status change from the old status to the new one, in the year it was opened", () => {
    const previous = violationRecord();
    const next = { ...previous, status: "rectified" as const, updatedAt: "2027-02-01T00:00:00.000Z" };
    assert.deepEqual(violationMoved(previous, next), [
      {
        year: 2026,
        unitId: "dept-a",
        deltas: { "violations.status.open": -1, "violations.status.rectified": 1 },
      },
    ]);
  });

  it("moves nothing when the status stays (a second answer)", () => {
    const previous = violationRecord({ status: "responded" });
    assert.deepEqual(violationMoved(previous, { ...previous, version: 2 }), []);
  });
});

describe("counter updates", () => {
  it("adds each figure as a top-level attribute of the (year, unit) item", () => {
    const [update, ...rest] = counterUpdates([violationOpened(violationRecord())]);
    assert.deepEqual(rest, []);
    assert.deepEqual(update?.Update?.Key, { pk: "STATS#2026", sk: "UNIT#dept-a" });
    assert.match(update?.Update?.UpdateExpression ?? "", / ADD #f0 :d0, #f1 :d1, #f2 :d2$/);
    assert.deepEqual(update?.Update?.ExpressionAttributeNames?.["#f1"], "violations.rule.UNAPPROVED_MEETING");
  });

  it("joins changes of the same unit and year into one item, and writes none that moves nothing", () => {
    const updates = counterUpdates([
      { year: 2026, unitId: "dept-a", deltas: { "meetings.approved": 1 } },
      { year: 2026, unitId: "dept-a", deltas: { "meetings.approved": -1, "meetings.cancelled": 1 } },
      { year: 2026, unitId: "dept-b", deltas: { "meetings.held": 0 } },
    ]);
    assert.equal(updates.length, 1);
    assert.deepEqual(updates[0]?.Update?.ExpressionAttributeNames?.["#f0"], "meetings.cancelled");
  });
});
