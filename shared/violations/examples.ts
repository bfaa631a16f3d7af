/**
 * Realistic violations for the OpenAPI document (route `examples`): the sweep of 2026-W47 found
 * that the agriculture department met the villages without an approved request; the department
 * explains, the Supervision Office judges it rectified, then reopens it when the same thing
 * happens again. A supervisor also records a finding of their own. The unit tests parse each one
 * with its route's schema.
 */

const supervisor = "5b7c0e1f-2a3d-4c6e-8f90-1a2b3c4d5e6f";
const clerk = "c3f1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b";
const openedAt = "2026-11-23T01:00:06.918Z";

const openedRecord = {
  id: "UNAPPROVED_MEETING:dept-agriculture:2026-11-18",
  rule: "UNAPPROVED_MEETING",
  unitId: "dept-agriculture",
  subject: "dept-agriculture on 2026-11-18",
  summary: "Autumn grain procurement mobilisation (秋粮收购动员会)",
  occurredOn: "2026-11-18",
  evidence: { count: 2, factIds: ["01KAR4B7C9D1E3F5G7H9J1K3M5", "01KAR5C8D0E2F4G6H8J0K2M4N6"] },
  status: "open",
  dueAt: "2026-12-07T01:00:06.918Z",
  window: "2026-W47",
  sweepId: "01KB4E2N6P8R0T2V4X6Z8B0D2F",
  createdBy: "schedule",
  createdAt: openedAt,
  updatedAt: openedAt,
  version: 1,
};

export const openViolationExample = { ...openedRecord, overdue: false };

export const violationPageExample = { items: [openViolationExample], nextCursor: null };

export const violationWithAuditExample = {
  ...openViolationExample,
  audit: [
    {
      at: openedAt,
      by: "schedule",
      role: "supervisor",
      action: "violation.opened",
      before: null,
      after: openedRecord,
    },
  ],
};

export const respondExample = {
  text: "The meeting was called at short notice for the procurement deadline; from now on every city-wide meeting goes through approval first (今后全市性会议一律先报批)",
};

const respondedAt = "2026-11-25T02:14:40.221Z";

export const respondedViolationExample = {
  ...openViolationExample,
  status: "responded",
  response: { ...respondExample, by: clerk, at: respondedAt },
  updatedAt: respondedAt,
  version: 2,
};

export const resolveExample = {
  outcome: "rectified",
  reason: "The department's meeting approvals since 25 November were checked; none was missing",
};

const resolvedAt = "2026-12-01T07:30:12.004Z";

export const rectifiedViolationExample = {
  ...respondedViolationExample,
  status: "rectified",
  resolution: { ...resolveExample, by: supervisor, at: resolvedAt },
  updatedAt: resolvedAt,
  version: 3,
};

export const reopenExample = {
  reason: "Two villages reported another unapproved meeting of the department on 3 December",
};

const reopenedAt = "2026-12-08T03:05:51.377Z";

export const reopenedViolationExample = {
  ...respondedViolationExample,
  status: "open",
  dueAt: "2026-12-22T03:05:51.377Z",
  reopened: { ...reopenExample, by: supervisor, at: reopenedAt },
  updatedAt: reopenedAt,
  version: 4,
};

export const recordFindingExample = {
  unitId: "dept-education",
  title: "Schools asked for the same safety ledger three times (重复报送安全台账)",
  description:
    "At the site inspection of Willow Township on 2 December, three village schools showed three requests from the department for the same campus-safety ledger within one month, each in a different format.",
};

const recordedAt = "2026-12-03T06:41:09.512Z";

export const recordedFindingExample = {
  id: "SUPERVISION_FINDING:01KBH3Q7T9V1X3Z5B7D9F1H3K5",
  rule: "SUPERVISION_FINDING",
  unitId: recordFindingExample.unitId,
  subject: recordFindingExample.title,
  summary: recordFindingExample.title,
  description: recordFindingExample.description,
  occurredOn: "2026-12-03",
  evidence: { count: 0, factIds: [] },
  status: "open",
  dueAt: "2026-12-17T06:41:09.512Z",
  window: "2026-W49",
  createdBy: supervisor,
  createdAt: recordedAt,
  updatedAt: recordedAt,
  version: 1,
  overdue: false,
};

export const evidencePageExample = {
  items: [{ factId: "01KAR4B7C9D1E3F5G7H9J1K3M5" }, { factId: "01KAR5C8D0E2F4G6H8J0K2M4N6" }],
  nextCursor: null,
};
