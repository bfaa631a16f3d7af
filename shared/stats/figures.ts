/**
 * Every figure GET /v1/stats answers, in the order the CSV columns and the OpenAPI schema list
 * them: the one place a figure is named for readers. Counted figures are read from the counter
 * items (counters.ts) under the same name; the others are worked out when the statistics are read.
 */
import { vetoCategories } from "../requests/kinds/veto-item.ts";
import { violationRules, violationStatuses } from "../violations/schemas.ts";

/** The moves of a request every kind counts, after its area (`meetings.approved`, say). */
const requestMoves = ["requested", "approved", "rejected", "merged", "withdrawn", "cancelled"] as const;

const requestFigures = (area: string) => requestMoves.map((move) => `${area}.${move}`);

/** A complaint's statuses (DESIGN.md §3): `complaints.status.<status>` counts the complaints in each. */
export const complaintStatuses = ["new", "triaged", "investigating", "resolved", "unfounded"] as const;

/**
 * Histograms of whole days, `complaints.daysToTriage.<n>` and `complaints.daysToClose.<n>`: read
 * as medians, never listed figure by figure.
 */
export const medians = {
  "complaints.medianDaysToTriage": "complaints.daysToTriage",
  "complaints.medianDaysToClose": "complaints.daysToClose",
} as const;

/** Figures from the annual plans: a unit's quota, the inspections it leads on plan. */
export const quotaFigures = { "meetings.quota": "meetings", "documents.quota": "documents" } as const;
export const ON_PLAN = "inspections.onPlan";

/** Figures of what is late now, counted in the year the late matter was opened or started. */
export const VIOLATIONS_OVERDUE = "violations.overdue";
export const SECONDMENTS_OVERDUE = "secondments.overdue";

export const statsFigures: readonly string[] = [
  ...requestFigures("meetings"),
  "meetings.held",
  "meetings.quota",
  ...requestFigures("documents"),
  "documents.issued",
  "documents.quota",
  ...requestFigures("inspections"),
  "inspections.temporaryAdditions",
  ON_PLAN,
  "inspections.visits",
  "inspections.visitsReceived",
  ...requestFigures("vetoItems"),
  ...vetoCategories.map((category) => `vetoItems.category.${category}`),
  "violations.opened",
  VIOLATIONS_OVERDUE,
  ...violationStatuses.map((status) => `violations.status.${status}`),
  ...violationRules.map((rule) => `violations.rule.${rule}`),
  "complaints.received",
  ...complaintStatuses.map((status) => `complaints.status.${status}`),
  "complaints.outcome.resolved",
  "complaints.outcome.unfounded",
  ...Object.keys(medians),
  "secondments.registered",
  "secondments.active",
  "secondments.returned",
  "secondments.lent",
  SECONDMENTS_OVERDUE,
  "plaques.registered",
  "plaques.admitted",
  "plaques.pending",
  "plaques.removed",
  "plaques.demanded",
  "plaques.demandedUnadmitted",
];
