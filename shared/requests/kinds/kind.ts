import * as z from "zod/mini";
import type { PlanAddition, PlanItem, PlanKind, PlanRecord } from "../../plans/schemas.ts";

export const findingSeveritySchema = z.enum(["info", "warning", "blocking"]);
export const findingSchema = z.object({
  code: z.string(),
  severity: findingSeveritySchema,
  message: z.string(),
  /** The plan item or request the finding is about (the meeting to merge with, say). */
  ref: z.optional(z.string()),
});
export type Finding = z.infer<typeof findingSchema>;

/** The deployment's limits the findings compare against (shared/platform/config.ts). */
export type RequestLimits = {
  meetingMaxMinutes: number;
  meetingMinNoticeHours: number;
  documentMaxPages: number;
};

/** Another request the findings may point at: a meeting to merge with, say. */
export type RequestSummary = {
  id: string;
  unitId: string;
  kind: string;
  status: string;
  title: string;
  happensAt: string;
  attendeeUnitKinds?: readonly string[];
};

/**
 * Everything a kind's findings compare a request against, read by the use case beforehand so the
 * findings themselves stay pure: the same request in the same context always gets the same ones.
 */
export type FindingContext = {
  submittedAt: Date;
  limits: RequestLimits;
  timeZone: string;
  /** The submitting unit. */
  unitId: string;
  /** The plan of the kind's plan kind for the year the request happens in, if one exists. */
  plan: PlanRecord | undefined;
  /** That plan's approved temporary additions. */
  additions: readonly PlanAddition[];
  /** The submitting unit's quota in that plan and how much of it approvals have used. */
  quota: { limit: number; used: number } | undefined;
  /** Submitted or approved requests of the same kind happening near this one (`nearbyDays`). */
  nearby: readonly RequestSummary[];
};

/**
 * One kind of "one matter, one report" request: its schema lives beside it, its findings are pure,
 * and `happensAt` is the instant it is indexed under (the sweep finds the requests that cover the
 * facts of its window by that instant, and its local year picks the plan and the quota).
 */
export type RequestKind<Body extends { kind: string }> = {
  kind: Body["kind"];
  /** The annual plan the kind is counted against; a kind without one has no quota. */
  planKind?: PlanKind;
  /** How many days either side of `happensAt` the findings look for related requests. */
  nearbyDays?: number;
  /** Throws a 422 for a request the rules refuse outright, whatever an approver might decide. */
  refuse?(body: Body): void;
  findings(body: Body, context: FindingContext): Finding[];
  happensAt(body: Body, submittedAt: string, timeZone: string): string;
  /**
   * Until when an approved request may still be cancelled (the meeting starts, the inspection
   * begins); undefined when nothing ends it but the matter itself.
   */
  cancellableUntil?(body: Body, timeZone: string): string;
  /** The plan item an approval adds to the plan as a temporary addition, if the kind adds one. */
  addition?(
    body: Body,
    request: { id: string; unitId: string },
    context: AdditionContext,
  ): PlanItem | undefined;
};

export type AdditionContext = { plan: PlanRecord | undefined; timeZone: string };
