import type { FactRecord } from "../../facts/schemas.ts";
import type { PlanAddition, PlanKind, PlanRecord } from "../../plans/schemas.ts";
import type { RequestRecord } from "../../requests/schemas.ts";
import type { Unit } from "../../units/schemas.ts";
import type { SweptRule, ViolationCandidate } from "../../violations/schemas.ts";

/** One published plan of a year the window touches, with what was reported against its quotas. */
export type SweepPlan = {
  year: number;
  kind: PlanKind;
  /** The plan as stored: only a published one covers anything or sets a quota. */
  plan: PlanRecord | undefined;
  /** Distinct occurrences reported this year by subject unit: convener-days of meetings, documents. */
  reported: Map<string, number>;
  /** Approved temporary additions; `addedAt` is when their approval was decided. */
  additions: PlanAddition[];
};

/** One visit to a grassroots unit, however many reported it: what counting visits needs. */
export type VisitOccurrence = {
  id: string;
  leadUnitId: string;
  targetUnitId: string;
  /** the local day of the visit */
  day: string;
  /** the first reported instant of the visit, which orders visits of one day */
  visitedAt: string;
};

/** A complaint not yet closed, as the complaint deadlines need it (never its text or reporter). */
export type OpenComplaint = {
  id: string;
  reference: string;
  status: string;
  receivedAt: string;
  /** when it first left `new`; absent while nobody has triaged it */
  triagedAt?: string | undefined;
};

/** A secondment not yet returned, as the secondment deadlines need it. */
export type OutstandingSecondment = {
  id: string;
  personRef: string;
  fromUnitId: string;
  toUnitId: string;
  registeredBy: "borrower" | "lender";
  status: string;
  returnBy: string;
  returnedOn?: string | undefined;
  createdAt: string;
};

/** A plaque the village was told to take down, not yet removed. */
export type PlaqueToRemove = {
  id: string;
  title: string;
  villageUnitId: string;
  issuingUnitId: string;
  removeBy: string;
};

/** What a sweep can read for its window; each rule names the parts it needs. */
export type SweepInputs = {
  /** every fact that happened inside the window */
  facts: FactRecord[];
  /** the requests happening in the window: an approval covers only what happens on its own days */
  requests: RequestRecord[];
  /** every request still waiting for a decision when the sweep ran */
  pendingRequests: RequestRecord[];
  /** the plans of every year the window's days fall in, published or not yet */
  plans: SweepPlan[];
  /** every unit, by id: the kinds plan targets name */
  units: Map<string, Unit>;
  /** the visits of the calendar months the window touches, up to the window's end */
  monthVisits: VisitOccurrence[];
  /** every complaint not yet resolved or found unfounded */
  openComplaints: OpenComplaint[];
  /** every secondment whose return the lender has not confirmed */
  outstandingSecondments: OutstandingSecondment[];
  /** every plaque still to be removed */
  plaquesToRemove: PlaqueToRemove[];
};

export type SweepInputName = keyof SweepInputs;

/** Thresholds the deployment configures (see README, "Sweep rules"). */
export type RuleThresholds = {
  /** minutes a held meeting may run past its approved duration */
  meetingOverrunMinutes: number;
  /** visits one grassroots unit may receive in a calendar month */
  inspectionVisitsPerMonth: number;
  /** days the Supervision Office has to triage a complaint */
  complaintTriageDays: number;
  /** days it has to close one (resolved or unfounded) */
  complaintCloseDays: number;
  /** days a borrowing department has to confirm a lending a grassroots unit registered */
  secondmentConfirmDays: number;
};

export type SweepContext = {
  timeZone: string;
  thresholds: RuleThresholds;
  /** the window evaluated: [startUtc, endUtc), its local days in order */
  window: { label: string; startUtc: string; endUtc: string; days: string[] };
  /** the unit that decides requests (OVERDUE_APPROVAL is addressed to it) */
  approvingUnitId: string;
  /** the Supervision Office, which handles complaints (COMPLAINT_OVERDUE is addressed to it) */
  supervisionUnitId: string;
};

/** One rule of the sweep: pure, over the inputs it declares. */
export type SweepRule = {
  code: SweptRule;
  needs: readonly SweepInputName[];
  evaluate(inputs: SweepInputs, context: SweepContext): ViolationCandidate[];
};
