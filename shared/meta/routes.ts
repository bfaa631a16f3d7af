import * as z from "zod/mini";
import { noQuery } from "../platform/common.ts";
import { type RouteDefinition, signedIn } from "../platform/http/route.ts";

export const metaRoutes = [
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
] as const satisfies readonly RouteDefinition[];
