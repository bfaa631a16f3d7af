/**
 * The one route table. API Gateway routes (infra), the local server, the OpenAPI document and the
 * authorization-matrix tests are all generated from it, so a route exists everywhere or nowhere.
 * It is declarative on purpose: it names the function that serves a route but imports no handler
 * code, so each Lambda bundle carries only the schemas, never the other functions' logic.
 */

import * as z from "zod/mini";
import { pageOf, pageQueryShape } from "./domain/common.ts";
import { eventRecordSchema, listEventsQuerySchema, reportEventSchema } from "./domain/events.ts";
import {
  decisionSchema,
  listRequestsQuerySchema,
  requestIdParamsSchema,
  requestRecordSchema,
  requestWithAuditSchema,
  submitRequestSchema,
} from "./domain/requests.ts";
import { type Role, roles } from "./domain/roles.ts";
import { startSweepSchema, sweepIdParamsSchema, sweepRecordSchema } from "./domain/sweeps.ts";
import { createUnitSchema, unitSchema, updateUnitSchema } from "./domain/units.ts";
import { listViolationsQuerySchema, violationRecordSchema } from "./domain/violations.ts";

export const functionNames = ["meta", "units", "requests", "events", "sweeps", "violations"] as const;
export type FunctionName = (typeof functionNames)[number];

export type HttpMethod = "GET" | "POST" | "PUT";

type AnyObject = z.ZodMiniType<Record<string, unknown>>;

export type RouteDefinition = {
  operationId: string;
  method: HttpMethod;
  path: string;
  fn: FunctionName;
  summary: string;
  /** Roles allowed; "public" routes skip the JWT authorizer entirely. */
  access: readonly Role[] | "public";
  params?: AnyObject;
  query?: AnyObject;
  body?: z.ZodMiniType;
  response: z.ZodMiniType;
  successStatus: 200 | 201 | 202;
};

const signedIn = roles;

const noQuery = z.strictObject({});

const routeTable = [
  {
    operationId: "getHealth",
    method: "GET",
    path: "/v1/health",
    fn: "meta",
    summary: "Liveness and the state of each dependency",
    access: "public",
    query: noQuery,
    response: z.object({
      status: z.enum(["ok", "degraded"]),
      dependencies: z.record(z.string(), z.enum(["ok", "unavailable"])),
    }),
    successStatus: 200,
  },
  {
    operationId: "getOpenApi",
    method: "GET",
    path: "/v1/openapi.json",
    fn: "meta",
    summary: "This API's OpenAPI 3.1 document",
    access: signedIn,
    query: noQuery,
    response: z.record(z.string(), z.unknown()),
    successStatus: 200,
  },
  {
    operationId: "listUnits",
    method: "GET",
    path: "/v1/units",
    fn: "units",
    summary: "List units",
    access: signedIn,
    query: z.strictObject(pageQueryShape(100)),
    response: pageOf(unitSchema),
    successStatus: 200,
  },
  {
    operationId: "createUnit",
    method: "POST",
    path: "/v1/units",
    fn: "units",
    summary: "Create a unit",
    access: ["admin"],
    query: noQuery,
    body: createUnitSchema,
    response: unitSchema,
    successStatus: 201,
  },
  {
    operationId: "getUnit",
    method: "GET",
    path: "/v1/units/{id}",
    fn: "units",
    summary: "Read one unit",
    access: signedIn,
    params: requestIdParamsSchema,
    query: noQuery,
    response: unitSchema,
    successStatus: 200,
  },
  {
    operationId: "updateUnit",
    method: "PUT",
    path: "/v1/units/{id}",
    fn: "units",
    summary: "Replace a unit's name, kind, parent and emails",
    access: ["admin"],
    params: requestIdParamsSchema,
    query: noQuery,
    body: updateUnitSchema,
    response: unitSchema,
    successStatus: 200,
  },
  {
    operationId: "submitRequest",
    method: "POST",
    path: "/v1/requests",
    fn: "requests",
    summary: "Submit a request (one matter, one report) for the caller's unit",
    access: ["department"],
    query: noQuery,
    body: submitRequestSchema,
    response: requestRecordSchema,
    successStatus: 201,
  },
  {
    operationId: "listRequests",
    method: "GET",
    path: "/v1/requests",
    fn: "requests",
    summary: "List requests: a department sees its own unit's, approvers and supervisors see all",
    access: ["department", "approver", "supervisor", "admin"],
    query: listRequestsQuerySchema,
    response: pageOf(requestRecordSchema),
    successStatus: 200,
  },
  {
    operationId: "getRequest",
    method: "GET",
    path: "/v1/requests/{id}",
    fn: "requests",
    summary: "Read one request with its audit trail",
    access: ["department", "approver", "supervisor", "admin"],
    params: requestIdParamsSchema,
    query: noQuery,
    response: requestWithAuditSchema,
    successStatus: 200,
  },
  {
    operationId: "decideRequest",
    method: "POST",
    path: "/v1/requests/{id}/decision",
    fn: "requests",
    summary: "Approve or reject a submitted request (never one's own)",
    access: ["approver"],
    params: requestIdParamsSchema,
    query: noQuery,
    body: decisionSchema,
    response: requestRecordSchema,
    successStatus: 200,
  },
  {
    operationId: "withdrawRequest",
    method: "POST",
    path: "/v1/requests/{id}/withdraw",
    fn: "requests",
    summary: "Withdraw a request of the caller's unit while it is still submitted",
    access: ["department"],
    params: requestIdParamsSchema,
    query: noQuery,
    response: requestRecordSchema,
    successStatus: 200,
  },
  {
    operationId: "reportEvent",
    method: "POST",
    path: "/v1/events",
    fn: "events",
    summary: "Report a fact: a department its own meetings, a grassroots unit a meeting it was summoned to",
    access: ["department", "grassroots"],
    query: noQuery,
    body: reportEventSchema,
    response: eventRecordSchema,
    successStatus: 201,
  },
  {
    operationId: "listEvents",
    method: "GET",
    path: "/v1/events",
    fn: "events",
    summary: "List reported facts: reporters see their own unit's, supervisors and approvers see all",
    access: signedIn,
    query: listEventsQuerySchema,
    response: pageOf(eventRecordSchema),
    successStatus: 200,
  },
  {
    operationId: "startSweep",
    method: "POST",
    path: "/v1/sweeps",
    fn: "sweeps",
    summary: "Start a sweep of a window (default: the previous ISO week)",
    access: ["supervisor", "admin"],
    query: noQuery,
    body: startSweepSchema,
    response: sweepRecordSchema,
    successStatus: 202,
  },
  {
    operationId: "getSweep",
    method: "GET",
    path: "/v1/sweeps/{id}",
    fn: "sweeps",
    summary: "Read a sweep run",
    access: ["supervisor", "admin"],
    params: sweepIdParamsSchema,
    query: noQuery,
    response: sweepRecordSchema,
    successStatus: 200,
  },
  {
    operationId: "listViolations",
    method: "GET",
    path: "/v1/violations",
    fn: "violations",
    summary: "List violations: departments see their own unit's",
    access: ["department", "approver", "supervisor", "admin"],
    query: listViolationsQuerySchema,
    response: pageOf(violationRecordSchema),
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];

export const routes: readonly RouteDefinition[] = routeTable;

export type RouteTable = typeof routeTable;

export type OperationId = (typeof routeTable)[number]["operationId"];

/** API Gateway's routeKey for a route, e.g. "POST /v1/requests/{id}/decision". */
export const routeKey = (route: Pick<RouteDefinition, "method" | "path">): string =>
  `${route.method} ${route.path}`;

export const routesOf = (fn: FunctionName): RouteDefinition[] => routes.filter((route) => route.fn === fn);
