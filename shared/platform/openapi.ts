import * as z from "zod/mini";
import { type RouteDefinition, routes } from "../routes.ts";

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodMiniType, io: "input" | "output"): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    requestId: z.string(),
  }),
});

const errorStatuses: Record<string, string> = {
  "400": "Invalid input (validation failed, malformed JSON, bad cursor)",
  "401": "Missing, invalid or expired token",
  "403": "The caller's role may not use this route",
  "404": "Not found, also for another unit's records",
  "409": "The state changed already or a concurrent write won",
  "413": "Body too large",
  "415": "Body is not application/json",
  "422": "A business rule refused the request",
  "503": "A dependency is unavailable; retry after the Retry-After delay",
};

const parametersOf = (schema: z.ZodMiniType | undefined, location: "path" | "query") => {
  if (!schema) return [];
  const json = schemaOf(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (json.required ?? []).includes(name),
    schema: property,
  }));
};

const operationOf = (route: RouteDefinition) => {
  const access = route.access;
  const isPublic = access === "public";
  const statuses = Object.entries(errorStatuses).filter(([status]) => {
    if (isPublic && (status === "401" || status === "403")) return false;
    if (!route.body && ["413", "415"].includes(status)) return false;
    return true;
  });
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: access === "public" ? "Public." : `Roles: ${access.join(", ")}.`,
    security: isPublic ? [] : [{ bearerAuth: [] }],
    parameters: [
      ...parametersOf(route.params, "path"),
      ...parametersOf(route.query, "query"),
      ...(route.method === "POST"
        ? [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description: "A retry with the same key returns the first response and writes nothing new",
              schema: { type: "string", minLength: 1, maxLength: 255 },
            },
          ]
        : []),
    ],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaOf(route.body, "input") } },
          },
        }
      : {}),
    responses: {
      [String(route.successStatus)]: {
        description: "Success",
        content: { "application/json": { schema: schemaOf(route.response, "output") } },
      },
      ...Object.fromEntries(
        statuses.map(([status, description]) => [
          status,
          {
            description,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
      ),
    },
  };
};

let document: JsonSchema | undefined;

/** The OpenAPI 3.1 document, generated from the route table and the same zod schemas that validate. */
export const openApiDocument = (): JsonSchema => {
  if (document) return document;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    const item = paths[route.path];
    if (item) item[route.method.toLowerCase()] = operationOf(route);
  }
  document = {
    openapi: "3.1.0",
    info: {
      title: "burden-watch API",
      version: "1",
      description:
        "Requests, approvals, reported facts and weekly violation sweeps for reducing grassroots burden.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Error: schemaOf(errorBody, "output") },
    },
  };
  return document;
};
