/**
 * Realistic complaints for the OpenAPI document (route `examples`): a village cadre reports, without
 * signing in, that the agriculture department asked for the same ledger three times in a month; the
 * Supervision Office triages it, asks the department about it with a redacted text, and opens a
 * violation. The unit tests parse each one with its route's schema.
 */

const supervisor = "5b7c0e1f-2a3d-4c6e-8f90-1a2b3c4d5e6f";
const otherSupervisor = "9d1e2f3a-4b5c-4d6e-8f70-8a9b0c1d2e3f";
const clerk = "c3f1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b";
const id = "01KBJ2R8S0T2V4X6Z8B0D2F4H6";
const receivedAt = "2026-12-03T02:15:44.120Z";

export const fileComplaintExample = {
  subject: "同一台账一个月内重复报送三次 (the same ledger three times in a month)",
  text: "The agriculture department asked our village for the farmland ledger on 3, 12 and 26 November, each time in a new format, and each time by the next morning.",
  category: "document",
  aboutUnitId: "dept-agriculture",
};

export const filedComplaintExample = {
  id,
  reference: "TS-2026-Z8B0D2F4",
  receipt: "7QK2M-9XAB4-C3D5E-F6G7H-8J9KM",
  subject: fileComplaintExample.subject,
  category: "document",
  status: "new",
  receivedAt,
};

const record = {
  id,
  reference: "TS-2026-Z8B0D2F4",
  subject: fileComplaintExample.subject,
  text: fileComplaintExample.text,
  category: "document",
  aboutUnitId: "dept-agriculture",
  reporter: { signedIn: false, channel: "online", contactGiven: false },
  status: "new",
  receivedAt,
  messageCount: 0,
  forwardIds: [],
  violationIds: [],
  createdBy: "reporter",
  createdAt: receivedAt,
  updatedAt: receivedAt,
  version: 1,
};

export const complaintPageExample = { items: [record], nextCursor: null };

export const triageExample = {
  status: "investigating",
  note: "Ledger requests of the department in November to be checked with Willow Township",
};

const triagedAt = "2026-12-03T06:02:10.405Z";

export const triagedComplaintExample = {
  ...record,
  status: "investigating",
  triagedAt,
  triage: { ...triageExample, by: supervisor, at: triagedAt },
  updatedAt: triagedAt,
  version: 2,
};

export const messageExample = {
  text: "Thank you. We are checking the department's requests of November and will tell you here.",
};

export const messageAnswerExample = {
  id: "01KBJ9W3C5E7G9J1K3M5P7R9T1",
  from: "supervision",
  text: messageExample.text,
  at: "2026-12-03T06:05:31.002Z",
};

export const reporterMessageExample = {
  text: "They asked again today, this time by phone.",
};

export const reporterMessageAnswerExample = {
  from: "reporter",
  text: reporterMessageExample.text,
  at: "2026-12-04T01:12:09.330Z",
};

export const receiptViewExample = {
  reference: record.reference,
  subject: record.subject,
  text: record.text,
  category: "document",
  status: "investigating",
  receivedAt,
  messages: [
    { from: "supervision", text: messageExample.text, at: messageAnswerExample.at },
    reporterMessageAnswerExample,
  ],
};

export const forwardExample = {
  unitId: "dept-agriculture",
  text: "A village reports that the farmland ledger was requested three times in November in different formats. Please explain why, and how requests will be combined.",
};

const forwardedAt = "2026-12-03T06:20:00.512Z";

export const forwardRecordExample = {
  id: "01KBJAE4F6H8K0M2P4R6T8V0X2",
  complaintId: id,
  reference: record.reference,
  category: "document",
  unitId: forwardExample.unitId,
  text: forwardExample.text,
  status: "forwarded",
  forwardedAt,
  forwardedBy: supervisor,
  createdBy: supervisor,
  createdAt: forwardedAt,
  updatedAt: forwardedAt,
  version: 1,
};

const departmentForward = {
  id: forwardRecordExample.id,
  reference: record.reference,
  category: "document",
  unitId: forwardExample.unitId,
  text: forwardExample.text,
  status: "forwarded",
  forwardedAt,
  updatedAt: forwardedAt,
  version: 1,
};

export const forwardedPageExample = { items: [departmentForward], nextCursor: null };

export const answerForwardExample = {
  text: "Three sections asked separately; from December the ledger is requested once a quarter by the planning section only.",
};

const answeredAt = "2026-12-05T03:40:18.771Z";

export const answeredForwardExample = {
  ...departmentForward,
  status: "answered",
  answer: { ...answerForwardExample, by: clerk, at: answeredAt },
  updatedAt: answeredAt,
  version: 2,
};

export const complaintDetailExample = {
  ...triagedComplaintExample,
  messageCount: 1,
  forwardIds: [forwardRecordExample.id],
  updatedAt: forwardedAt,
  version: 4,
  messages: [messageAnswerExample],
  forwards: [
    {
      ...forwardRecordExample,
      status: "answered",
      answer: answeredForwardExample.answer,
      updatedAt: answeredAt,
      version: 2,
    },
  ],
  audit: [
    { at: receivedAt, by: "reporter", role: "", action: "complaint.received", before: null, after: record },
  ],
};

export const openViolationExample = {
  unitId: "dept-agriculture",
  title: "Farmland ledger requested three times in a month (重复报送台账)",
};

const openedAt = "2026-12-05T08:11:02.204Z";

export const openedViolationExample = {
  id: "SUPERVISION_FINDING:01KBJQ0B2D4F6H8K0M2P4R6T8V",
  rule: "SUPERVISION_FINDING",
  unitId: "dept-agriculture",
  subject: openViolationExample.title,
  summary: openViolationExample.title,
  description: `Found by the Supervision Office from complaint ${record.reference}`,
  occurredOn: "2026-12-05",
  evidence: { count: 0, factIds: [] },
  status: "open",
  dueAt: "2026-12-19T08:11:02.204Z",
  window: "2026-W49",
  complaintId: id,
  createdBy: supervisor,
  createdAt: openedAt,
  updatedAt: openedAt,
  version: 1,
  overdue: false,
};

export const disclosureRequestExample = {
  reason: "The reporter offered to show the three requests; we need to call them back",
};

const requestedAt = "2026-12-05T09:00:00.000Z";
const grantedAt = "2026-12-05T09:30:00.000Z";

export const disclosureRequestedExample = {
  id,
  status: "requested",
  reason: disclosureRequestExample.reason,
  requestedBy: supervisor,
  requestedAt,
};

export const disclosureGrantedExample = {
  ...disclosureRequestedExample,
  status: "granted",
  grantedBy: otherSupervisor,
  grantedAt,
};

export const disclosedIdentityExample = {
  id,
  signedIn: false,
  contact: "138 0000 0000, evenings",
  shownAt: "2026-12-05T09:41:12.000Z",
};
