/**
 * A realistic answer of GET /v1/stats for the OpenAPI document: the education bureau's 2026 so
 * far beside its 2025, worked out by the same functions the route uses, so the example cannot
 * drift from the schema or from the arithmetic. The unit tests parse it with the route's schema.
 */
import type { PlanRecord } from "../plans/schemas.ts";
import { statsOf, type YearData } from "./aggregate.ts";

const at = "2026-01-05T02:00:00.000Z";

const meetingsPlan = (year: number, limit: number): PlanRecord => ({
  year,
  kind: "meetings",
  status: "published",
  quotas: [{ unitId: "dept-education", limit }],
  items: [],
  createdBy: "approver-1",
  createdAt: at,
  updatedAt: at,
  version: 2,
});

const yearOf = (year: number, figures: Record<string, number>, limit: number, overdue: number): YearData => ({
  year,
  counters: [{ unitId: "dept-education", figures }],
  plans: { meetings: meetingsPlan(year, limit) },
  overdueViolations: new Map(overdue > 0 ? [["dept-education", overdue]] : []),
  overdueSecondments: new Map(),
});

export const statsExample = statsOf(
  yearOf(
    2026,
    {
      "meetings.requested": 9,
      "meetings.approved": 6,
      "meetings.rejected": 1,
      "meetings.merged": 2,
      "meetings.held": 7,
      "documents.requested": 4,
      "documents.approved": 3,
      "documents.issued": 5,
      "violations.opened": 2,
      "violations.rule.UNAPPROVED_MEETING": 1,
      "violations.rule.UNAPPROVED_DOCUMENT": 1,
      "violations.status.responded": 1,
      "violations.status.rectified": 1,
      "complaints.received": 3,
      "complaints.daysToTriage.1": 2,
      "complaints.daysToTriage.4": 1,
    },
    12,
    1,
  ),
  yearOf(
    2025,
    {
      "meetings.requested": 15,
      "meetings.approved": 13,
      "meetings.held": 16,
      "documents.requested": 9,
      "documents.approved": 9,
      "documents.issued": 11,
      "violations.opened": 5,
      "violations.rule.UNAPPROVED_MEETING": 3,
      "violations.rule.MEETING_QUOTA_EXCEEDED": 2,
      "violations.status.rectified": 5,
    },
    15,
    0,
  ),
  [{ id: "dept-education", name: "Education Bureau (教育局)", kind: "department" }],
  true,
);
