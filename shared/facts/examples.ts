/**
 * Realistic reported facts for the OpenAPI document (route `examples`): villages report a meeting
 * they were summoned to, a document they received and an inspection of themselves. The unit tests
 * parse each one with its route's schema.
 */

export const reportMeetingHeldExample = {
  kind: "meeting_held",
  convenerUnitId: "dept-education",
  title: "Winter campus safety briefing for township schools",
  heldAt: "2026-11-26T09:30:00+08:00",
  durationMinutes: 95,
  attendeeLevel: "deputy",
  attendeesPerUnit: 1,
  relayed: false,
  accompanyingAttendees: false,
  requestId: "01KAM9X3F7Q2ZB8N4C6D1E5G7H",
};

/** A village reports a notice it received, by the number printed on it. */
export const reportDocumentIssuedExample = {
  kind: "document_issued",
  issuerUnitId: "dept-education",
  title: "关于做好冬季校园安全工作的通知",
  docNumber: "教发〔2026〕31号",
  issuedAt: "2026-11-24T16:00:00+08:00",
  pages: 4,
  planItemId: "d-2026-edu-01",
};

/** A village reports the supervision team that came to check its farmland. */
export const reportInspectionVisitExample = {
  kind: "inspection_visit",
  leadUnitId: "dept-agriculture",
  targetUnitId: "village-1",
  title: "高标准农田建设督查",
  inspectionKind: "supervision",
  visitedAt: "2026-11-25T10:00:00+08:00",
  planItemId: "i-2026-agri-01",
};

const reportedBy = (unitId: string, id: string, at: string) => ({
  id,
  unitId,
  createdBy: "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
  createdAt: at,
  updatedAt: at,
  version: 1,
});

export const meetingHeldExample = {
  ...reportMeetingHeldExample,
  ...reportedBy("village-1", "01KB2T6R8W0YC3D5F7H9J1K3M5", "2026-11-26T04:12:38.305Z"),
};

export const documentIssuedExample = {
  ...reportDocumentIssuedExample,
  ...reportedBy("village-1", "01KB2V1C9E3G5J7K9M1N3P5Q7R", "2026-11-26T04:20:11.742Z"),
};

export const inspectionVisitExample = {
  ...reportInspectionVisitExample,
  ...reportedBy("village-1", "01KB2V4H2K6M8P0R2T4V6X8Z0B", "2026-11-26T04:25:53.019Z"),
};

/** What a supervisor lists: every unit's reports, the latest first. */
export const factPageExample = {
  items: [inspectionVisitExample, documentIssuedExample, meetingHeldExample],
  nextCursor: "Zk1hVnN3cFk4bTJRa0x6cjZ0YjFXZ0dJc0hQTm9jU2VFeVJ1",
};
