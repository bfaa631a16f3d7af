import * as z from "zod/mini";
import { noQuery } from "../platform/common.ts";
import { toCsv } from "../platform/csv.ts";
import { type RouteDefinition, signedIn } from "../platform/http/route.ts";
import { meetingDraftExample, meetingPlanCsvExample, meetingPlanExample } from "./examples.ts";
import { type PlanView, planDraftBodySchema, planParamsSchema, planViewSchema } from "./schemas.ts";

/** A plan file of at most MAX_BODY_BYTES; its lines are checked one by one by the import. */
const planCsvSchema = z.string().check(z.minLength(1));

const csvListed = (value: unknown): string | number | undefined =>
  Array.isArray(value)
    ? value.join(";")
    : typeof value === "string" || typeof value === "number"
      ? value
      : undefined;

/** Plan items and approved additions, one per line, with the columns an import takes. */
const planItemsCsv = (plan: PlanView): string => {
  const rows: Record<string, unknown>[] = [...plan.items, ...plan.additions];
  const columns = [
    "source",
    "id",
    "title",
    ...new Set(
      rows.flatMap((row) => Object.keys(row)).filter((name) => !["source", "id", "title"].includes(name)),
    ),
  ];
  return toCsv(
    columns,
    rows.map((row) => columns.map((column) => csvListed(row[column]))),
  );
};

export const plansRoutes = [
  {
    operationId: "getPlan",
    method: "GET",
    path: "/v1/plans/{year}/{kind}",
    fn: "plans",
    summary: "Read a year's plan of one kind, with quota use and approved temporary additions",
    access: signedIn,
    params: planParamsSchema,
    query: noQuery,
    response: planViewSchema,
    csv: planItemsCsv,
    successStatus: 200,
    examples: { response: meetingPlanExample },
  },
  {
    operationId: "replacePlanDraft",
    method: "PUT",
    path: "/v1/plans/{year}/{kind}",
    fn: "plans",
    summary: "Create or replace the draft plan's quotas and items",
    access: ["approver"],
    params: planParamsSchema,
    query: noQuery,
    body: planDraftBodySchema,
    response: planViewSchema,
    successStatus: 200,
    conflicts: ["PLAN_PUBLISHED", "STATE_CHANGED"],
    businessRules: ["INVALID_PLAN"],
    examples: { body: meetingDraftExample, response: { ...meetingPlanExample, status: "draft" } },
  },
  {
    operationId: "importPlan",
    method: "POST",
    path: "/v1/plans/{year}/{kind}/import",
    fn: "plans",
    summary: "Replace the draft plan's quotas and items from one CSV file, all or nothing",
    access: ["approver"],
    params: planParamsSchema,
    query: noQuery,
    body: planCsvSchema,
    bodyFormat: "csv",
    response: planViewSchema,
    successStatus: 200,
    conflicts: ["PLAN_PUBLISHED", "STATE_CHANGED"],
    businessRules: ["INVALID_CSV"],
    examples: { body: meetingPlanCsvExample, response: { ...meetingPlanExample, status: "draft" } },
  },
  {
    operationId: "publishPlan",
    method: "POST",
    path: "/v1/plans/{year}/{kind}/publish",
    fn: "plans",
    summary: "Publish the draft plan, which freezes it",
    access: ["approver"],
    params: planParamsSchema,
    query: noQuery,
    response: planViewSchema,
    successStatus: 200,
    conflicts: ["PLAN_PUBLISHED", "STATE_CHANGED"],
    examples: { response: meetingPlanExample },
  },
] as const satisfies readonly RouteDefinition[];
