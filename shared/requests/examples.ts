/**
 * A realistic meeting request through its lifecycle, for the OpenAPI document (route `examples`);
 * the unit tests parse each one with its route's schema, so they cannot drift from the API.
 */

const clerk = "3f6b2c1d-9e8a-4b7c-a1d2-5e6f7a8b9c0d";
const approver = "8a1e5d2c-4b3f-4a6e-9d7c-1b2a3c4d5e6f";

export const submitMeetingExample = {
  kind: "meeting",
  title: "Winter campus safety briefing for township schools",
  startsAt: "2026-11-26T09:30:00+08:00",
  durationMinutes: 120,
  format: "video",
  attendeeLevel: "deputy",
  attendeesPerUnit: 1,
  attendeeUnitKinds: ["township"],
  relayed: false,
  accompanyingAttendees: false,
  planItemId: "m-2026-edu-04",
  reason: "Heating and fire safety in boarding schools before the cold wave; cannot be settled by a notice",
};

const submittedAt = "2026-11-20T02:15:42.118Z";

export const submittedMeetingExample = {
  ...submitMeetingExample,
  id: "01KAM9X3F7Q2ZB8N4C6D1E5G7H",
  unitId: "dept-education",
  status: "submitted",
  findings: [
    {
      code: "ON_PLAN",
      severity: "info",
      message: 'On the 2026 plan as "Campus safety before winter"',
      ref: "m-2026-edu-04",
    },
    {
      code: "TOO_LONG",
      severity: "warning",
      message: "Lasts 120 minutes, over the 90-minute cap",
    },
  ],
  decideBy: "2026-11-25T02:15:42.118Z",
  createdBy: clerk,
  createdAt: submittedAt,
  updatedAt: submittedAt,
  version: 1,
};

export const submittedWithAuditExample = {
  ...submittedMeetingExample,
  audit: [
    {
      at: submittedAt,
      by: clerk,
      role: "department",
      action: "request.submitted",
      before: null,
      after: submittedMeetingExample,
    },
  ],
};

export const decisionExample = {
  decision: "approve",
  comment: "Approved; keep it to 90 minutes and let townships join by video",
};

export const approvedMeetingExample = {
  ...submittedMeetingExample,
  status: "approved",
  decision: {
    ...decisionExample,
    by: approver,
    at: "2026-11-20T06:03:27.540Z",
  },
  updatedAt: "2026-11-20T06:03:27.540Z",
  version: 2,
};

export const withdrawnMeetingExample = {
  ...submittedMeetingExample,
  status: "withdrawn",
  updatedAt: "2026-11-20T03:01:09.774Z",
  version: 2,
};

export const requestPageExample = {
  items: [submittedMeetingExample],
  nextCursor: null,
};

export const cancelExample = { reason: "The cold wave passed; the briefing goes out as a notice instead" };

export const cancelledMeetingExample = {
  ...approvedMeetingExample,
  status: "cancelled",
  cancellation: { ...cancelExample, by: clerk, at: "2026-11-23T01:12:00.000Z" },
  updatedAt: "2026-11-23T01:12:00.000Z",
  version: 3,
};

export const submitVetoItemExample = {
  kind: "veto_item",
  title: "Work safety responsibility statement for township heads",
  form: "responsibility_statement",
  category: "production_safety",
  targetUnitKinds: ["township"],
  reason: "The provincial work-safety rules require a signed statement from each township head",
};

export const vetoItemPageExample = {
  items: [
    {
      requestId: "01KAMB2R8S0T4V6W8X1Y3Z5A7C",
      unitId: "dept-emergency",
      title: submitVetoItemExample.title,
      form: "responsibility_statement",
      category: "production_safety",
      targetUnitKinds: ["township"],
      status: "active",
      approvedAt: "2026-11-21T03:40:00.000Z",
      approvedBy: approver,
    },
  ],
  nextCursor: null,
};

export const submitDocumentExample = {
  kind: "document",
  title: "关于做好今冬明春校园供暖安全工作的通知",
  docType: "notice",
  pages: 3,
  audienceUnitKinds: ["township"],
  draftingStartsOn: "2026-12-01",
  planItemId: "d-2026-edu-03",
  reason: "The heating rules changed this autumn; townships must apply them before the cold wave",
};

export const submitInspectionExample = {
  kind: "inspection",
  title: "Flood-season check of school buildings",
  inspectionKind: "inspection",
  targetUnitIds: ["village-1", "village-2"],
  from: "2026-12-14",
  to: "2026-12-16",
  reason: "Cracks were reported after the autumn storms; the check cannot wait for next year's plan",
};
