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
      code: "TOO_LONG",
      severity: "warning",
      message: "Lasts 120 minutes, over the 90-minute cap",
    },
  ],
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
