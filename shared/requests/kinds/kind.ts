import * as z from "zod/mini";

export const findingSeveritySchema = z.enum(["info", "warning", "blocking"]);
export const findingSchema = z.object({
  code: z.string(),
  severity: findingSeveritySchema,
  message: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

/** The deployment's limits the findings compare against (shared/platform/config.ts). */
export type RequestLimits = { meetingMaxMinutes: number; meetingMinNoticeHours: number };

export type FindingContext = { submittedAt: Date; limits: RequestLimits };

/**
 * One kind of "one matter, one report" request: its schema lives beside it, its findings are pure,
 * and `happensAt` is the instant it is indexed under (the sweep finds the requests that cover the
 * facts of its window by that instant).
 */
export type RequestKind<Body extends { kind: string }> = {
  kind: Body["kind"];
  findings(body: Body, context: FindingContext): Finding[];
  happensAt(body: Body): string;
};
