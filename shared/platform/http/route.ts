/**
 * What a route declares. Each context lists its own routes (shared/<context>/routes.ts); the index
 * in shared/routes.ts joins them for API Gateway, the local server, OpenAPI and the tests, while a
 * function's bundle imports only its own context's list.
 */
import type * as z from "zod/mini";
import type { ApiFunctionName } from "../../../infra/functions.ts";
import { type Role, roles } from "../roles.ts";

export type HttpMethod = "GET" | "POST" | "PUT";

type AnyObject = z.ZodMiniType<Record<string, unknown>>;

export type RouteDefinition = {
  operationId: string;
  method: HttpMethod;
  path: string;
  /** The function (infra/functions.ts) that serves the route. */
  fn: ApiFunctionName;
  summary: string;
  /** Roles allowed; "public" routes skip the JWT authorizer entirely. */
  access: readonly Role[] | "public";
  params?: AnyObject;
  query?: AnyObject;
  body?: z.ZodMiniType;
  response: z.ZodMiniType;
  successStatus: 200 | 201 | 202;
  /** Where the created or accepted resource can be read: a path template filled from the result. */
  location?: string;
};

export const signedIn = roles;

/** API Gateway's routeKey for a route, e.g. "POST /v1/requests/{id}/decision". */
export const routeKey = (route: Pick<RouteDefinition, "method" | "path">): string =>
  `${route.method} ${route.path}`;
