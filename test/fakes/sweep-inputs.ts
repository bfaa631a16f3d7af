/**
 * Builders for the sweep rules' unit tests: what a sweep reads for a window and the context it
 * evaluates in, each built from overrides so a test states only what it is about. The default
 * window is 2026-W48 in Asia/Shanghai (Monday 23 to Sunday 29 November).
 */
import type { FactOf } from "../../shared/facts/schemas.ts";
import type {
  PlanAdditionOf,
  PlanItemOf,
  PlanKind,
  PlanRecord,
  PlanStatus,
  Quota,
} from "../../shared/plans/schemas.ts";
import type { RequestRecord } from "../../shared/requests/schemas.ts";
import type {
  SweepContext,
  SweepInputs,
  SweepPlan,
  VisitOccurrence,
} from "../../shared/sweeps/rules/rule.ts";
import type { UnitKind } from "../../shared/units/schemas.ts";
import { requestRecord, unitRecord } from "./records.ts";

export const timeZone = "Asia/Shanghai";

/** The thresholds of a deployment that keeps every default (README, "Sweep rules"). */
export const ruleThresholds = {
  meetingOverrunMinutes: 15,
  inspectionVisitsPerMonth: 2,
  complaintTriageDays: 3,
  complaintCloseDays: 30,
  secondmentConfirmDays: 14,
};

const serverFields = {
  createdBy: "someone",
  createdAt: "2026-11-28T00:00:00.000Z",
  updatedAt: "2026-11-28T00:00:00.000Z",
  version: 1,
};

/** Nothing to read unless a test says so. */
export const sweepInputs = (overrides: Partial<SweepInputs> = {}): SweepInputs => ({
  facts: [],
  requests: [],
  pendingRequests: [],
  plans: [],
  units: new Map(),
  monthVisits: [],
  openComplaints: [],
  outstandingSecondments: [],
  plaquesToRemove: [],
  ...overrides,
});

/** `count` calendar days from `first`, as YYYY-MM-DD: the local days of a window. */
export const days = (first: string, count: number): string[] =>
  Array.from({ length: count }, (_, offset) =>
    new Date(Date.parse(`${first}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10),
  );

/**
 * 2026-W48 as Asia/Shanghai sees it; a meeting may overrun its approval by 15 minutes and a
 * grassroots unit take two visits a month.
 */
export const sweepContext = (overrides: Partial<SweepContext> = {}): SweepContext => ({
  timeZone,
  thresholds: ruleThresholds,
  window: {
    label: "2026-W48",
    startUtc: "2026-11-22T16:00:00.000Z",
    endUtc: "2026-11-29T16:00:00.000Z",
    days: days("2026-11-23", 7),
  },
  approvingUnitId: "office",
  supervisionUnitId: "supervision-office",
  ...overrides,
});

/** 2026-W53, the week that runs across New Year: Monday 28 December 2026 to Sunday 3 January 2027. */
export const week53 = (): SweepContext["window"] => ({
  label: "2026-W53",
  startUtc: "2026-12-27T16:00:00.000Z",
  endUtc: "2027-01-03T16:00:00.000Z",
  days: days("2026-12-28", 7),
});

/** A document dept-a issued on 25 November, without a document number unless given one. */
export const documentIssued = (
  overrides: Partial<FactOf<"document_issued">> = {},
): FactOf<"document_issued"> => ({
  kind: "document_issued",
  issuerUnitId: "dept-a",
  title: "Notice on winter heating",
  issuedAt: "2026-11-25T10:00:00+08:00",
  pages: 4,
  id: "d1",
  unitId: "dept-a",
  ...serverFields,
  ...overrides,
});

/** dept-a's inspection of village-1 on 25 November. */
export const inspectionVisit = (
  overrides: Partial<FactOf<"inspection_visit">> = {},
): FactOf<"inspection_visit"> => ({
  kind: "inspection_visit",
  leadUnitId: "dept-a",
  targetUnitId: "village-1",
  title: "Heating safety check",
  inspectionKind: "inspection",
  visitedAt: "2026-11-25T10:00:00+08:00",
  id: "v1",
  unitId: "village-1",
  ...serverFields,
  ...overrides,
});

type MeetingRequestRecord = Extract<RequestRecord, { kind: "meeting" }>;

/**
 * dept-a's meeting approved for 25 November at 09:00, for 60 minutes of one deputy per unit,
 * decided on 20 November unless `decidedAt` says otherwise.
 */
export const meetingApproval = (
  overrides: Partial<MeetingRequestRecord> = {},
  decidedAt = "2026-11-20T10:00:00+08:00",
): MeetingRequestRecord =>
  requestRecord({
    id: "r1",
    status: "approved",
    title: "Safety meeting",
    startsAt: "2026-11-25T09:00:00+08:00",
    durationMinutes: 60,
    attendeeLevel: "deputy",
    attendeesPerUnit: 1,
    version: 2,
    decision: { decision: "approve", by: "boss", at: decidedAt },
    ...overrides,
  });

/** A request still waiting for its decision, due by `decideBy`. */
export const pendingRequest = (id: string, decideBy: string, overrides: Partial<MeetingRequestRecord> = {}) =>
  requestRecord({ id, title: `Request ${id}`, status: "submitted", decideBy, ...overrides });

/** A unit of each kind by id, as `inputs.units` holds them. */
export const unitsOf = (kinds: Record<string, UnitKind>): SweepInputs["units"] =>
  new Map(Object.entries(kinds).map(([id, kind]) => [id, unitRecord({ id, name: id, kind })]));

/** What a test says of one plan of a year; a plan is published unless it says otherwise. */
type PlanOptions<K extends PlanKind> = {
  status?: PlanStatus;
  quotas?: Quota[];
  items?: PlanItemOf[K][];
  /** distinct occurrences reported this year, by subject unit */
  reported?: Record<string, number>;
  additions?: PlanAdditionOf<K>[];
};

const sweepPlan = <K extends PlanKind>(
  year: number,
  kind: K,
  plan: PlanRecord,
  { reported = {}, additions = [] }: PlanOptions<K>,
): SweepPlan => ({ year, kind, plan, reported: new Map(Object.entries(reported)), additions });

const planFields = (year: number, { status = "published", quotas = [] }: PlanOptions<PlanKind>) => ({
  year,
  status,
  quotas,
  ...serverFields,
  ...(status === "published" ? { publishedAt: `${year}-01-05T00:00:00.000Z`, publishedBy: "boss" } : {}),
});

export const meetingsPlan = (year: number, options: PlanOptions<"meetings"> = {}): SweepPlan =>
  sweepPlan(
    year,
    "meetings",
    { ...planFields(year, options), kind: "meetings", items: options.items ?? [] },
    options,
  );

export const documentsPlan = (year: number, options: PlanOptions<"documents"> = {}): SweepPlan =>
  sweepPlan(
    year,
    "documents",
    { ...planFields(year, options), kind: "documents", items: options.items ?? [] },
    options,
  );

export const inspectionsPlan = (year: number, options: PlanOptions<"inspections"> = {}): SweepPlan =>
  sweepPlan(
    year,
    "inspections",
    { ...planFields(year, options), kind: "inspections", items: options.items ?? [] },
    options,
  );

/** One visit as the store counts it; its id is the occurrence id a report of it gets. */
export const visit = (
  leadUnitId: string,
  targetUnitId: string,
  visitedAt: string,
  day = visitedAt.slice(0, 10),
): VisitOccurrence => ({
  id: `inspection_visit:${leadUnitId}:${targetUnitId}:${day}`,
  leadUnitId,
  targetUnitId,
  day,
  visitedAt,
});
