/**
 * Which reports are of one occurrence, and what the unit it is about sees of it.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { occurrenceOf } from "../../shared/facts/occurrence.ts";
import {
  type OccurrenceRecord,
  occurrenceView,
  occurrenceViewSchema,
} from "../../shared/facts/occurrence-record.ts";
import type { DocumentIssued, InspectionVisit } from "../../shared/facts/schemas.ts";
import {
  meetingFact,
  meetingReport,
  documentReport as sharedDocumentReport,
  visitReport as sharedVisitReport,
  unnumberedReport,
} from "../fakes/records.ts";

const zone = "Asia/Shanghai";

/** A notice with a Chinese title and number, received on the evening of 24 November. */
const chineseNotice = {
  title: "关于做好冬季校园安全工作的通知",
  docNumber: "教发〔2026〕31号",
  issuedAt: "2026-11-24T16:00:00+08:00",
  pages: 4,
};
const documentReport = (overrides: Partial<DocumentIssued> = {}) =>
  sharedDocumentReport({ ...chineseNotice, ...overrides });
const unnumbered = (overrides: Partial<DocumentIssued> = {}) =>
  unnumberedReport({ ...chineseNotice, ...overrides });
const visitReport = (overrides: Partial<InspectionVisit> = {}) =>
  sharedVisitReport({ title: "高标准农田建设督查", inspectionKind: "supervision", ...overrides });

const idOf = (...args: Parameters<typeof occurrenceOf>) => occurrenceOf(...args).id;

describe("the occurrence a report is of", () => {
  it("is a meeting's convener and local day, whoever reports it at whatever time of day", () => {
    const key = occurrenceOf(meetingReport({ heldAt: "2026-11-25T09:00:00+08:00" }), zone);
    assert.deepEqual(key, {
      id: "meeting_held:dept-a:2026-11-25",
      subject: "dept-a:2026-11-25",
      kind: "meeting_held",
      subjectUnitId: "dept-a",
      day: "2026-11-25",
    });
    for (const fact of [
      meetingFact({ unitId: "village-1", heldAt: "2026-11-25T00:00:00+08:00", title: "Another title" }),
      meetingFact({ unitId: "village-2", heldAt: "2026-11-25T23:59:59+08:00", durationMinutes: 200 }),
      meetingFact({ unitId: "dept-a", heldAt: "2026-11-25T06:30:00Z" }),
    ]) {
      assert.equal(idOf(fact, zone), key.id, fact.heldAt);
    }
    assert.notEqual(idOf(meetingReport({ heldAt: "2026-11-26T09:00:00+08:00" }), zone), key.id);
    assert.notEqual(idOf(meetingReport({ convenerUnitId: "dept-b" }), zone), idOf(meetingReport(), zone));
  });

  it("falls on the local day of the deployment's zone, not the UTC day", () => {
    // 17:00 UTC on 24 November is 01:00 on 25 November in Shanghai.
    const late = occurrenceOf(meetingReport({ heldAt: "2026-11-24T17:00:00Z" }), zone);
    assert.equal(late.day, "2026-11-25");
    assert.equal(late.id, "meeting_held:dept-a:2026-11-25");
    assert.equal(occurrenceOf(meetingReport({ heldAt: "2026-11-24T15:59:59Z" }), zone).day, "2026-11-24");
    assert.equal(occurrenceOf(meetingReport({ heldAt: "2026-11-24T17:00:00Z" }), "UTC").day, "2026-11-24");
    assert.equal(occurrenceOf(documentReport({ issuedAt: "2026-12-31T17:00:00Z" }), zone).day, "2027-01-01");
    assert.equal(occurrenceOf(visitReport({ visitedAt: "2026-11-24T17:00:00Z" }), zone).day, "2026-11-25");
  });

  it("is a document's issuer and number, however the number's width, case, spacing and brackets are typed", () => {
    const key = occurrenceOf(documentReport(), zone);
    assert.match(key.id, /^document_issued:dept-a:no:[\w-]{16}$/);
    assert.equal(key.subjectUnitId, "dept-a");
    for (const docNumber of [
      "教发 〔2026〕 31 号",
      "教发〔２０２６〕３１号",
      "教发[2026]31号",
      "教发【2026】31号",
      "教发（2026）31号",
      "\t教发〔2026〕31号\u3000",
    ]) {
      assert.equal(idOf(documentReport({ docNumber }), zone), key.id, docNumber);
    }
    assert.equal(
      idOf(documentReport({ docNumber: "JYJ-2026-12" }), zone),
      idOf(documentReport({ docNumber: "ｊｙｊ - 2026 - 12" }), zone),
    );
    // A village reports the day it received the document; the number still names the same one.
    assert.equal(
      idOf(documentReport({ issuedAt: "2026-11-27T09:00:00+08:00", title: "通知" }), zone),
      key.id,
    );
    assert.notEqual(idOf(documentReport({ docNumber: "教发〔2026〕32号" }), zone), key.id);
    assert.notEqual(idOf(documentReport({ issuerUnitId: "dept-b" }), zone), key.id);
  });

  it("is a document's issuer, title and day when no number is given", () => {
    const key = occurrenceOf(unnumbered(), zone);
    assert.match(key.id, /^document_issued:dept-a:2026-11-24:[\w-]{16}$/);
    assert.equal(key.day, "2026-11-24");
    assert.equal(idOf(unnumbered({ title: " 关于做好冬季校园安全工作的 通知 " }), zone), key.id);
    assert.equal(
      idOf(unnumbered({ title: "Winter  Safety notice" }), zone),
      idOf(unnumbered({ title: "winter safety ＮＯＴＩＣＥ", issuedAt: "2026-11-24T09:00:00+08:00" }), zone),
    );
    assert.notEqual(idOf(unnumbered({ issuedAt: "2026-11-25T16:00:00+08:00" }), zone), key.id);
    assert.notEqual(idOf(unnumbered({ title: "关于做好春季校园安全工作的通知" }), zone), key.id);
    assert.notEqual(idOf(unnumbered({ issuerUnitId: "dept-b" }), zone), key.id);
    assert.notEqual(idOf(documentReport(), zone), key.id, "a number and a title name different occurrences");
  });

  it("is a visit's lead unit, target and day", () => {
    const key = occurrenceOf(visitReport(), zone);
    assert.deepEqual(key, {
      id: "inspection_visit:dept-a:village-1:2026-11-25",
      subject: "dept-a:village-1:2026-11-25",
      kind: "inspection_visit",
      subjectUnitId: "dept-a",
      day: "2026-11-25",
    });
    assert.equal(
      idOf(
        visitReport({
          visitedAt: "2026-11-25T16:30:00+08:00",
          title: "Other words",
          inspectionKind: "inspection",
        }),
        zone,
      ),
      key.id,
    );
    assert.notEqual(idOf(visitReport({ targetUnitId: "village-2" }), zone), key.id);
    assert.notEqual(idOf(visitReport({ leadUnitId: "dept-b" }), zone), key.id);
    assert.notEqual(idOf(visitReport({ visitedAt: "2026-11-26T10:00:00+08:00" }), zone), key.id);
  });
});

const occurrence = (overrides: Partial<OccurrenceRecord> = {}): OccurrenceRecord => ({
  id: "meeting_held:dept-a:2026-11-25",
  kind: "meeting_held",
  subjectUnitId: "dept-a",
  title: "Safety meeting",
  happenedAt: "2026-11-25T09:00:00+08:00",
  day: "2026-11-25",
  reporters: new Set(["dept-a", "village-1", "village-2"]),
  firstReportId: "F0001",
  firstReportedAt: "2026-11-25T03:00:00.000Z",
  lastReportedAt: "2026-11-26T01:00:00.000Z",
  ...overrides,
});

describe("what the unit an occurrence is about sees of it", () => {
  it("is how many units reported it and whether its own did, never which", () => {
    const view = occurrenceView(occurrence(), "dept-a");
    assert.deepEqual(view, {
      id: "meeting_held:dept-a:2026-11-25",
      kind: "meeting_held",
      subjectUnitId: "dept-a",
      title: "Safety meeting",
      happenedAt: "2026-11-25T09:00:00+08:00",
      day: "2026-11-25",
      reportingUnits: 3,
      reportedByYourUnit: true,
      firstReportedAt: "2026-11-25T03:00:00.000Z",
      lastReportedAt: "2026-11-26T01:00:00.000Z",
    });
    assert.equal(occurrenceViewSchema.safeParse(view).success, true);
    assert.equal(
      occurrenceView(occurrence({ reporters: new Set(["village-1"]) }), "dept-a").reportedByYourUnit,
      false,
    );
  });

  it("is refused by its schema if it carries the reporters", () => {
    const view = occurrenceView(occurrence(), "dept-a");
    assert.equal(occurrenceViewSchema.safeParse({ ...view, reporters: ["village-1"] }).success, false);
  });

  it("names a visit's target, in a field or the id, only to a lead unit that reported the visit", () => {
    const visit = occurrence({
      id: "inspection_visit:dept-a:village-1:2026-11-25",
      kind: "inspection_visit",
      targetUnitId: "village-1",
      reporters: new Set(["village-1"]),
      firstReportId: "01KB2V4H2K6M8P0R2T4V6X8Z0B",
    });
    const unreported = occurrenceView(visit, "dept-a");
    assert.equal(unreported.id, "01KB2V4H2K6M8P0R2T4V6X8Z0B");
    assert.equal("targetUnitId" in unreported, false);
    assert.doesNotMatch(JSON.stringify(unreported), /village/);
    const reported = occurrenceView({ ...visit, reporters: new Set(["dept-a", "village-1"]) }, "dept-a");
    assert.equal(reported.id, "inspection_visit:dept-a:village-1:2026-11-25");
    assert.equal(reported.targetUnitId, "village-1");
    assert.equal(reported.reportingUnits, 2);
  });
});
