/**
 * Realistic plans for the OpenAPI document (route `examples`); the unit tests parse each one with
 * its route's schema, so they cannot drift from what the API accepts and answers.
 */

const approver = "7f3e9a12-4c6b-4d2e-9b1a-3e5f7c9d2b84";

export const meetingDraftExample = {
  quotas: [
    { unitId: "dept-education", limit: 6 },
    { unitId: "dept-health", limit: 4 },
  ],
  items: [
    {
      id: "edu-2026-01",
      title: "全市教育工作会议 (City education work meeting)",
      convenerUnitId: "dept-education",
      month: 3,
      attendeeLevel: "principal",
    },
    {
      id: "health-2026-01",
      title: "Flu season mobilisation (流感防控部署会)",
      convenerUnitId: "dept-health",
    },
  ],
};

export const meetingPlanExample = {
  year: 2026,
  kind: "meetings",
  status: "published",
  quotas: [
    { unitId: "dept-education", limit: 6, used: 2, remaining: 4 },
    { unitId: "dept-health", limit: 4, used: 4, remaining: 0 },
  ],
  items: meetingDraftExample.items.map((item) => ({ ...item, source: "plan" })),
  additions: [
    {
      id: "01JD4W6Q2N8X5K7R3T9V1B0C2M",
      title: "Winter school safety (冬季校园安全会)",
      convenerUnitId: "dept-education",
      attendeeLevel: "deputy",
      source: "addition",
      requestId: "01JD4W6Q2N8X5K7R3T9V1B0C2M",
      addedAt: "2026-11-20T02:14:09.118Z",
    },
  ],
  createdBy: approver,
  createdAt: "2026-01-05T01:30:00.000Z",
  updatedAt: "2026-01-12T08:02:41.377Z",
  version: 3,
  publishedAt: "2026-01-12T08:02:41.377Z",
  publishedBy: approver,
};

export const meetingPlanCsvExample = [
  "record,unitId,limit,id,title,convenerUnitId,month,attendeeLevel",
  "quota,dept-education,6,,,,,",
  "quota,dept-health,4,,,,,",
  'item,,,edu-2026-01,"全市教育工作会议, 第一次",dept-education,3,principal',
  "item,,,health-2026-01,流感防控部署会,dept-health,,",
  "",
].join("\r\n");
