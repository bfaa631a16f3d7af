/**
 * A realistic violation for the OpenAPI document (route `examples`): a department met the
 * villages without an approved request. The unit tests parse it with its route's schema.
 */

export const violationPageExample = {
  items: [
    {
      id: "UNAPPROVED_MEETING:dept-agriculture:2026-11-18",
      rule: "UNAPPROVED_MEETING",
      unitId: "dept-agriculture",
      subject: "dept-agriculture on 2026-11-18",
      summary: "Meeting held without approval: Autumn grain procurement mobilisation",
      occurredOn: "2026-11-18",
      evidence: { count: 2, factIds: ["01KAR4B7C9D1E3F5G7H9J1K3M5", "01KAR5C8D0E2F4G6H8J0K2M4N6"] },
      status: "open",
      window: "2026-W47",
      sweepId: "01KB4E2N6P8R0T2V4X6Z8B0D2F",
      createdBy: "e2d1c0b9-a8f7-4e6d-9c5b-4a3f2e1d0c9b",
      createdAt: "2026-11-23T01:00:06.918Z",
      updatedAt: "2026-11-23T01:00:06.918Z",
      version: 1,
    },
  ],
  nextCursor: null,
};

export const evidencePageExample = {
  items: [{ factId: "01KAR4B7C9D1E3F5G7H9J1K3M5" }, { factId: "01KAR5C8D0E2F4G6H8J0K2M4N6" }],
  nextCursor: null,
};
