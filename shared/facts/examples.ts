/**
 * A realistic reported fact for the OpenAPI document (route `examples`): a village reports a
 * meeting it was summoned to. The unit tests parse each one with its route's schema.
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
  requestId: "01KAM9X3F7Q2ZB8N4C6D1E5G7H",
};

export const meetingHeldExample = {
  ...reportMeetingHeldExample,
  id: "01KB2T6R8W0YC3D5F7H9J1K3M5",
  unitId: "village-1",
  createdBy: "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
  createdAt: "2026-11-26T04:12:38.305Z",
  updatedAt: "2026-11-26T04:12:38.305Z",
  version: 1,
};

export const factPageExample = {
  items: [meetingHeldExample],
  nextCursor: "Zk1hVnN3cFk4bTJRa0x6cjZ0YjFXZ0dJc0hQTm9jU2VFeVJ1",
};
