import * as z from "zod/mini";
import { clockStateSchema } from "../platform/clock.ts";
import { noQuery } from "../platform/common.ts";
import { type RouteDefinition, signedIn } from "../platform/http/route.ts";
import { formsExample, healthExample } from "./examples.ts";
import { formLanguages } from "./language.ts";

/** A standalone JSON Schema 2020-12 document, as GET /v1/forms serves one per kind. */
const jsonSchemaDocument = z.record(z.string(), z.unknown());

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
      clock: clockStateSchema.check(
        z.describe(
          "The clock every use case reads. `system`: real time, always so in the cloud. `set`: the local runtime's clock was moved with POST /dev/clock; it runs on from the instant set, so `now` keeps advancing.",
        ),
      ),
    }),
    successStatus: 200,
    examples: { response: healthExample },
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
  {
    operationId: "getForms",
    method: "GET",
    path: "/v1/forms",
    fn: "meta",
    summary:
      "Each request kind's and fact kind's form as a JSON Schema 2020-12 document, with titles and descriptions in the language Accept-Language asks for (zh-CN or en)",
    access: signedIn,
    query: noQuery,
    response: z.object({
      language: z.enum(formLanguages),
      requests: z.record(z.string(), jsonSchemaDocument),
      facts: z.record(z.string(), jsonSchemaDocument),
    }),
    successStatus: 200,
    examples: { response: formsExample },
  },
] as const satisfies readonly RouteDefinition[];
