/**
 * The one route table, joined from each context's routes. API Gateway routes (infra), the local
 * server, the OpenAPI document and the authorization-matrix tests are all generated from it, so a
 * route exists everywhere or nowhere. Lambda bundles never import this module: each function's
 * handler imports only its own context's routes.
 */
import { complaintsRoutes } from "./complaints/routes.ts";
import { factsRoutes } from "./facts/routes.ts";
import { metaRoutes } from "./meta/routes.ts";
import { plansRoutes } from "./plans/routes.ts";
import { plaquesRoutes } from "./plaques/routes.ts";
import type { RouteDefinition } from "./platform/http/route.ts";
import { requestsRoutes } from "./requests/routes.ts";
import { secondmentsRoutes } from "./secondments/routes.ts";
import { statsRoutes } from "./stats/routes.ts";
import { sweepsRoutes } from "./sweeps/routes.ts";
import { unitsRoutes } from "./units/routes.ts";
import { violationsRoutes } from "./violations/routes.ts";

export { type HttpMethod, type RouteDefinition, routeKey } from "./platform/http/route.ts";

export const routes: readonly RouteDefinition[] = [
  ...metaRoutes,
  ...unitsRoutes,
  ...plansRoutes,
  ...requestsRoutes,
  ...factsRoutes,
  ...sweepsRoutes,
  ...violationsRoutes,
  ...secondmentsRoutes,
  ...plaquesRoutes,
  ...statsRoutes,
  ...complaintsRoutes,
];
