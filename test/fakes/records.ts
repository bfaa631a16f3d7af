/**
 * Valid records and callers for unit tests, each built from one override object so a test states
 * only what it is about. Every builder answers its context's schema as the store would hold it.
 */
import type { DocumentIssued, FactOf, InspectionVisit, MeetingHeld } from "../../shared/facts/schemas.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import type { FindingContext } from "../../shared/requests/kinds/kind.ts";
import type { MeetingRequest } from "../../shared/requests/kinds/meeting.ts";
import type { RequestRecord } from "../../shared/requests/schemas.ts";
import type { Unit } from "../../shared/units/schemas.ts";
import type { ViolationRecord } from "../../shared/violations/schemas.ts";

export const callers = {
  clerk: { sub: "clerk", roles: ["department"], unitId: "dept-a" },
  otherClerk: { sub: "other", roles: ["department"], unitId: "dept-b" },
  approver: { sub: "boss", roles: ["approver"], unitId: "office" },
  /** A clerk who also approves: four eyes must still stop them at their own requests. */
  selfApprover: { sub: "clerk", roles: ["department", "approver"], unitId: "dept-a" },
  supervisor: { sub: "super", roles: ["supervisor"], unitId: undefined },
  admin: { sub: "root", roles: ["admin"], unitId: "city-office" },
  village: { sub: "village-head", roles: ["grassroots"], unitId: "village-1" },
  unitless: { sub: "drifter", roles: ["department"], unitId: undefined },
} as const satisfies Record<string, Caller>;

/** The same person, with their roles as a mutable list (what a Caller holds). */
export const caller = (name: keyof typeof callers): Caller => {
  const { roles, ...rest } = callers[name];
  return { ...rest, roles: [...roles] };
};

export const unitRecord = (overrides: Partial<Unit> = {}): Unit => ({
  id: "dept-a",
  name: "Department A",
  kind: "department",
  emails: ["dept-a@city.gov"],
  createdBy: "root",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  version: 1,
  ...overrides,
});

export const meetingBody = (overrides: Partial<MeetingRequest> = {}): MeetingRequest => ({
  kind: "meeting",
  title: "Winter heating work",
  startsAt: "2026-11-30T09:00:00+08:00",
  durationMinutes: 60,
  format: "video",
  attendeeLevel: "deputy",
  attendeesPerUnit: 1,
  attendeeUnitKinds: ["township"],
  relayed: false,
  accompanyingAttendees: false,
  reason: "Coordinate heating before the cold wave",
  ...overrides,
});

type MeetingRecord = Extract<RequestRecord, { kind: "meeting" }>;

export const requestRecord = (overrides: Partial<MeetingRecord> = {}): MeetingRecord => ({
  ...meetingBody(),
  id: "r1",
  unitId: "dept-a",
  status: "submitted",
  findings: [],
  createdBy: "clerk",
  createdAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-01T00:00:00.000Z",
  version: 1,
  ...overrides,
});

/** What a reporter's form sends: a meeting dept-a held on 25 November. */
export const meetingReport = (overrides: Partial<MeetingHeld> = {}): MeetingHeld => ({
  kind: "meeting_held",
  convenerUnitId: "dept-a",
  title: "Safety meeting",
  heldAt: "2026-11-25T09:00:00+08:00",
  durationMinutes: 60,
  attendeeLevel: "deputy",
  attendeesPerUnit: 1,
  relayed: false,
  accompanyingAttendees: false,
  ...overrides,
});

/** What a form sends for a notice dept-a issued on 25 November. */
export const documentReport = (overrides: Partial<DocumentIssued> = {}): DocumentIssued => ({
  kind: "document_issued",
  issuerUnitId: "dept-a",
  title: "Notice on winter heating safety",
  docNumber: "A发〔2026〕7号",
  issuedAt: "2026-11-25T10:00:00+08:00",
  pages: 3,
  ...overrides,
});

/** The same notice as a reporter who did not note its number sends it. */
export const unnumberedReport = (overrides: Partial<DocumentIssued> = {}): DocumentIssued => {
  const { docNumber: _unknown, ...rest } = documentReport(overrides);
  return rest;
};

/** What a form sends for dept-a's inspection of village-1 on 25 November. */
export const visitReport = (overrides: Partial<InspectionVisit> = {}): InspectionVisit => ({
  kind: "inspection_visit",
  leadUnitId: "dept-a",
  targetUnitId: "village-1",
  title: "Farmland irrigation check",
  inspectionKind: "inspection",
  visitedAt: "2026-11-25T10:00:00+08:00",
  ...overrides,
});

/** A held meeting as reported by `unitId` (the convener's department unless a village reports it). */
export const meetingFact = (overrides: Partial<FactOf<"meeting_held">> = {}): FactOf<"meeting_held"> => ({
  ...meetingReport(),
  id: "f1",
  unitId: "dept-a",
  createdBy: "someone",
  createdAt: "2026-11-28T00:00:00.000Z",
  updatedAt: "2026-11-28T00:00:00.000Z",
  version: 1,
  ...overrides,
});

export const violationRecord = (overrides: Partial<ViolationRecord> = {}): ViolationRecord => ({
  id: "UNAPPROVED_MEETING:dept-a:2026-11-25",
  rule: "UNAPPROVED_MEETING",
  unitId: "dept-a",
  subject: "dept-a on 2026-11-25",
  summary: "Safety meeting",
  occurredOn: "2026-11-25",
  evidence: { count: 1, factIds: ["f1"] },
  status: "open",
  dueAt: "2026-12-14T00:00:00.000Z",
  window: "2026-W48",
  sweepId: "S0001",
  createdBy: "schedule",
  createdAt: "2026-11-30T00:00:00.000Z",
  updatedAt: "2026-11-30T00:00:00.000Z",
  version: 1,
  ...overrides,
});

/** What findings compare against when nothing else is said: no plan, no quota, nothing nearby. */
export const findingContext = (overrides: Partial<FindingContext> = {}): FindingContext => ({
  submittedAt: new Date("2026-11-20T02:00:00Z"),
  limits: { meetingMaxMinutes: 90, meetingMinNoticeHours: 72, documentMaxPages: 10 },
  timeZone: "Asia/Shanghai",
  unitId: "dept-a",
  plan: undefined,
  additions: [],
  quota: undefined,
  nearby: [],
  ...overrides,
});
