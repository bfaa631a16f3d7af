import * as z from "zod/mini";
import { noQuery } from "../platform/common.ts";
import type { RouteDefinition } from "../platform/http/route.ts";

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
    examples: { response: { status: "ok", dependencies: { dynamodb: "ok" } } },
  },
  {
    operationId: "getOpenApi",
    method: "GET",
    path: "/v1/openapi.json",
    fn: "meta",
    summary: "This API's OpenAPI 3.1 document, to generate a client from",
    access: "public",
    query: noQuery,
    response: z.record(z.string(), z.unknown()),
    successStatus: 200,
    examples: {
      response: {
        openapi: "3.1.0",
        info: { title: "burden-watch API", version: "1" },
        servers: [{ url: "http://127.0.0.1:3000" }],
        paths: {
          "/v1/health": {
            get: { operationId: "getHealth", summary: "Liveness and the state of each dependency" },
          },
        },
      },
    },
  },
] as const satisfies readonly RouteDefinition[];
