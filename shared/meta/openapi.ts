/**
 * The OpenAPI 3.1 document, generated from the route table and the same zod schemas that validate
 * requests, so a frontend can generate its client from it. Each operation lists exactly the
 * statuses its route can answer, with the body that answers them: the application's error body,
 * or API Gateway's own `{"message": ...}` for what the gateway answers itself (401, 429, and 413
 * or 503 beside the application's).
 */
import * as z from "zod/mini";
import { functionManifest } from "../../infra/functions.ts";
import { factRecordSchema, reportFactSchema } from "../facts/schemas.ts";
import { auditEntrySchema } from "../platform/common.ts";
import { config } from "../platform/config.ts";
import {
  decisionSchema,
  findingSchema,
  requestRecordSchema,
  requestWithAuditSchema,
  submitRequestSchema,
} from "../requests/schemas.ts";
import { type RouteDefinition, routes } from "../routes.ts";
import { figureSchema, figuresSchema } from "../stats/schemas.ts";
import { startSweepSchema, sweepRecordSchema } from "../sweeps/schemas.ts";
import { createUnitSchema, unitSchema, updateUnitSchema } from "../units/schemas.ts";
import { violationRecordSchema } from "../violations/schemas.ts";
import { withServers } from "./servers.ts";

type JsonSchema = Record<string, unknown>;

/** What the Idempotency-Key header must look like (the HTTP handler refuses anything else with 400). */
export const IDEMPOTENCY_KEY_PATTERN = "^[\\x21-\\x7e]{1,255}$";

/**
 * Schemas a client should see by name: each becomes a component (`#/components/schemas/<name>`)
 * wherever it appears. The ones that are not listed are written inline.
 */
const namedSchemas: ReadonlyArray<readonly [z.ZodMiniType, string]> = [
  [unitSchema, "Unit"],
  [createUnitSchema, "CreateUnit"],
  [updateUnitSchema, "UpdateUnit"],
  [requestRecordSchema, "Request"],
  [requestWithAuditSchema, "RequestWithAudit"],
  [submitRequestSchema, "SubmitRequest"],
  [decisionSchema, "Decision"],
  [findingSchema, "Finding"],
  [auditEntrySchema, "AuditEntry"],
  [factRecordSchema, "Fact"],
  [reportFactSchema, "ReportFact"],
  [sweepRecordSchema, "Sweep"],
  [startSweepSchema, "StartSweep"],
  [violationRecordSchema, "Violation"],
  [figureSchema, "StatsFigure"],
  [figuresSchema, "StatsFigures"],
];

const registry = z.registry<{ id: string }>();
for (const [schema, id] of namedSchemas) registry.add(schema, { id });

type Def = {
  type: string;
  coerce?: boolean;
  in?: z.ZodMiniType;
  out?: z.ZodMiniType;
  discriminator?: string;
};
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

const withoutDialect = (json: JsonSchema): JsonSchema => {
  const { $schema: _dialect, ...rest } = json;
  return rest;
};

/**
 * Where zod's conversion is looser than what the schema accepts:
 * - A pipe whose input coerces (`z.coerce.number()` piped into a bounded integer, as every query
 *   number is) comes out in "input" mode as the coercion's bare `number`; what the route accepts is
 *   what the pipe's output allows, so that is what is documented (integer 1..100 for `limit`).
 * - A discriminated union tells a client generator which property picks the member.
 * - Descriptions a schema registered globally (z.describe) are kept beside this module's ids.
 */
const override =
  (io: "input" | "output") =>
  (ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void => {
    const def = defOf(ctx.zodSchema);
    if (io === "input" && def.type === "pipe" && def.in && def.out && defOf(def.in).coerce) {
      const accepted = withoutDialect(z.toJSONSchema(def.out, { io: "output", unrepresentable: "any" }));
      for (const key of Object.keys(ctx.jsonSchema)) if (key !== "default") delete ctx.jsonSchema[key];
      Object.assign(ctx.jsonSchema, accepted);
    }
    if (def.type === "union" && def.discriminator && Array.isArray(ctx.jsonSchema.oneOf)) {
      ctx.jsonSchema.discriminator = { propertyName: def.discriminator };
    }
    const meta = z.globalRegistry.get(ctx.zodSchema as z.ZodMiniType);
    if (meta?.description && ctx.jsonSchema.description === undefined) {
      ctx.jsonSchema.description = meta.description;
    }
  };

/**
 * Tidies what zod emits for OpenAPI: `$defs` references point at components, and a union of one
 * member (a discriminated union with its first kind only) is that member, not a `oneOf` of one.
 */
const tidy = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(tidy);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value as JsonSchema).map(([key, inner]): [string, unknown] => [
    key,
    key === "$ref" && typeof inner === "string"
      ? inner.replace(/^#\/\$defs\//, "#/components/schemas/")
      : tidy(inner),
  ]);
  const object = Object.fromEntries(entries) as JsonSchema;
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const members = object[keyword];
    if (Array.isArray(members) && members.length === 1) {
      const { [keyword]: _single, discriminator: _discriminator, ...rest } = object;
      return { ...(members[0] as JsonSchema), ...rest };
    }
  }
  return object;
};

type Generation = { components: Record<string, JsonSchema> };

/** A zod schema as JSON Schema; named schemas it meets are collected as components. */
const schemaOf = (generation: Generation, schema: z.ZodMiniType, io: "input" | "output"): JsonSchema => {
  const { $defs, ...json } = withoutDialect(
    z.toJSONSchema(schema, { io, unrepresentable: "any", metadata: registry, override: override(io) }),
  ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [name, definition] of Object.entries($defs ?? {})) {
    const tidied = tidy(definition) as JsonSchema;
    const known = generation.components[name];
    if (known && JSON.stringify(known) !== JSON.stringify(tidied)) {
      throw new Error(`The schema ${name} reads differently as ${io}; name its input and output apart`);
    }
    generation.components[name] = tidied;
  }
  return tidy(json) as JsonSchema;
};

// ---------------------------------------------------------------------------------------------
// Error bodies, headers and the responses every route shares

const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    requestId: z.string(),
  }),
});

const errorSchema = {
  ...(withoutDialect(z.toJSONSchema(errorBody, { io: "output" })) as JsonSchema),
  description:
    "The application's error body: a stable `code`, a message for the person filling the form, one detail per offending field (`path`), and the request id to quote.",
};

const gatewayMessageSchema = {
  type: "object",
  description:
    "API Gateway's own body for what it answers without reaching the application (missing or refused token, throttling, timeouts, bodies over 10 MB).",
  properties: { message: { type: "string" } },
  required: ["message"],
};

const ref = (kind: "schemas" | "responses" | "headers" | "parameters", name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});

const EXAMPLE_REQUEST_ID = "dKq3WgYoSQ0EJxA=";

const headers = {
  RequestId: {
    description:
      "The request's id, also in an error body's `requestId`: quote it when reporting a problem. The application sets it on every answer it gives.",
    required: true,
    schema: { type: "string" },
    example: EXAMPLE_REQUEST_ID,
  },
  RequestIdIfApplication: {
    description:
      'The request\'s id, set when the application answered (the error body has `code`); absent when API Gateway answered itself (body `{"message": ...}`), which sends only `apigw-requestid`.',
    required: false,
    schema: { type: "string" },
    example: EXAMPLE_REQUEST_ID,
  },
  GatewayRequestId: {
    description: "API Gateway's id for the request: the same id the application reports as `x-request-id`.",
    required: false,
    schema: { type: "string" },
    example: EXAMPLE_REQUEST_ID,
  },
  Location: {
    description: "Where the created or accepted resource is read (GET it to follow it).",
    required: true,
    schema: { type: "string", format: "uri-reference" },
  },
  RetryAfter: {
    description:
      "Seconds to wait before retrying. Set by the application when a dependency is unavailable; API Gateway's own 503 (the function timed out) has none: wait a few seconds.",
    required: false,
    schema: { type: "integer", minimum: 0 },
    example: 5,
  },
  WwwAuthenticate: {
    description: "The scheme the API expects: a bearer token.",
    required: false,
    schema: { type: "string" },
    example: 'Bearer scope="" error="invalid_token"',
  },
};

/** Headers on an answer only the application gives. */
const applicationHeaders = {
  "x-request-id": ref("headers", "RequestId"),
  "apigw-requestid": ref("headers", "GatewayRequestId"),
};
/** Headers on an answer that the application or API Gateway may give. */
const eitherHeaders = {
  "x-request-id": ref("headers", "RequestIdIfApplication"),
  "apigw-requestid": ref("headers", "GatewayRequestId"),
};
/** Headers on an answer only API Gateway gives. */
const gatewayHeaders = { "apigw-requestid": ref("headers", "GatewayRequestId") };

const applicationError = (
  code: string,
  message: string,
  details: { path: string; message: string }[] = [],
) => ({
  error: { code, message, details, requestId: EXAMPLE_REQUEST_ID },
});

const errorContent = (example: unknown) => ({
  "application/json": { schema: ref("schemas", "Error"), example },
});

const eitherContent = (example: unknown) => ({
  "application/json": {
    schema: { oneOf: [ref("schemas", "Error"), ref("schemas", "GatewayMessage")] },
    example,
  },
});

const sharedResponses = {
  Unauthorized: {
    description:
      "Missing, invalid or expired bearer token. API Gateway's JWT authorizer answers this itself, with its own body.",
    headers: { ...gatewayHeaders, "WWW-Authenticate": ref("headers", "WwwAuthenticate") },
    content: {
      "application/json": { schema: ref("schemas", "GatewayMessage"), example: { message: "Unauthorized" } },
    },
  },
  Forbidden: {
    description: "The caller's role may not use this route, or their account has no unit (FORBIDDEN).",
    headers: applicationHeaders,
    content: errorContent(applicationError("FORBIDDEN", "Your role may not use this route")),
  },
  NotFound: {
    description:
      "No such record (NOT_FOUND): the id is malformed, unknown, or names another unit's record, which is reported as missing rather than forbidden.",
    headers: applicationHeaders,
    content: errorContent(applicationError("NOT_FOUND", "Request 01KAM9X3F7Q2ZB8N4C6D1E5G7H not found")),
  },
  PayloadTooLarge: {
    description:
      'The body is too large: over 64 KiB the application answers PAYLOAD_TOO_LARGE; over 10 MB API Gateway answers itself (`{"message": "Request Entity Too Large"}`).',
    headers: eitherHeaders,
    content: eitherContent(applicationError("PAYLOAD_TOO_LARGE", "The body is larger than 65536 bytes")),
  },
  UnsupportedMediaType: {
    description:
      "A body was sent with a Content-Type other than the one the operation takes (UNSUPPORTED_MEDIA_TYPE): application/json, or text/csv for an import. This holds on every POST and PUT, even one that takes no body.",
    headers: applicationHeaders,
    content: errorContent(applicationError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json")),
  },
  TooManyRequests: {
    description: "Throttled by API Gateway, which answers itself with its own body: slow down and retry.",
    headers: gatewayHeaders,
    content: {
      "application/json": {
        schema: ref("schemas", "GatewayMessage"),
        example: { message: "Too Many Requests" },
      },
    },
  },
  ServiceUnavailable: {
    description:
      'Try again later. The application answers DEPENDENCY_UNAVAILABLE with `Retry-After` when the database is unavailable; API Gateway answers `{"message": "Service Unavailable"}` when the function did not answer in time.',
    headers: { ...eitherHeaders, "Retry-After": ref("headers", "RetryAfter") },
    content: eitherContent(
      applicationError("DEPENDENCY_UNAVAILABLE", "A dependency is unavailable; retry shortly"),
    ),
  },
};

const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Makes a POST safe to retry: a retry with the same key (per route, person and unit) returns the first answer and writes nothing new. Use a fresh UUID per intended action.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN },
  example: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
};

// ---------------------------------------------------------------------------------------------
// Per-route statuses

/** What each 409 and 422 code means, for the operation's description of those statuses. */
const codeMeanings: Record<string, string> = {
  IN_PROGRESS: "a request with the same Idempotency-Key is still being processed: retry shortly",
  STATE_CHANGED:
    "the record changed since it was read (for a request, also: it is no longer in a state that allows this)",
  ALREADY_EXISTS: "a record with this id exists already",
  IDEMPOTENCY_KEY_REUSED: "the Idempotency-Key was used before with a different request",
  OWN_REQUEST: "nobody may decide their own request (four eyes)",
  BLOCKING_FINDINGS: "approving over a blocking finding needs `override.reason`",
  INVALID_PARENT: "`parentId` names the unit itself or no unit",
  NOT_YET_HAPPENED: "the fact's `heldAt`, `issuedAt` or `visitedAt` is in the future",
  NOT_OWN_MEETING: "a department reports only the meetings its own unit convened",
  NOT_OWN_DOCUMENT: "a department reports only the documents its own unit issued",
  NOT_OWN_INSPECTION: "a department reports only the inspections its own unit led",
  NOT_VISITED_UNIT:
    "a township or village reports only the inspections of itself: `targetUnitId` is another unit",
  UNKNOWN_UNIT: "no unit has the id given at the detail's `path`, such as `convenerUnitId` or `unitId`",
  UNKNOWN_REQUEST:
    "`requestId` names no request of the fact's kind by the unit the fact is about (its convener, issuer or lead unit)",
  WINDOW_NOT_ENDED: "the week to sweep has not ended yet",
  OWN_UNIT: "nobody may decide a request of their own unit (four eyes per unit)",
  QUOTA_EXCEEDED:
    "the unit's quota of this kind for the year is used up: approve with `override.reason` to go past it",
  INVALID_MERGE:
    "`mergeInto` must name another submitted or approved meeting request, and only meetings merge",
  VETO_CATEGORY_NOT_ALLOWED:
    "`category` is not one of the four allowed: central_instructions, party_conduct, production_safety, statistical_fraud",
  ALREADY_STARTED: "the meeting or inspection has begun: it can no longer be cancelled",
  PARENT_CYCLE: "`parentId` names the unit's own sub-unit, or a chain of parents longer than 32",
  TOO_OLD:
    "the fact's `heldAt`, `issuedAt` or `visitedAt` is more than FACT_MAX_AGE_DAYS (default 90) days ago",
  CONVENER_NOT_CITY_UNIT:
    "`convenerUnitId` names a township or village: only departments and offices convene",
  ISSUER_NOT_CITY_UNIT: "`issuerUnitId` names a township or village: only departments and offices issue",
  LEAD_NOT_CITY_UNIT:
    "`leadUnitId` names a township or village: only departments and offices lead inspections",
  TARGET_NOT_GRASSROOTS:
    "`targetUnitId` names a department or office: the inspections reported are those of townships and villages",
  NOT_CITY_UNIT: "`unitId` names a township or village: only departments and offices answer violations",
  INVALID_TRANSITION:
    "the record's status does not allow this (a rectified or dismissed violation is answered or resolved only once reopened; a complaint only moves forward; a secondment is confirmed, returned and its return confirmed in that order; a removed plaque stays removed): the message says what to do instead",
  PLAN_PUBLISHED: "the plan is published, hence frozen: it grows only through approved temporary additions",
  INVALID_PLAN:
    "the draft names a unit that does not exist, repeats an item id or a quota's unit, or has an inspection window outside its year (one detail per path)",
  INVALID_CSV:
    "a line of the CSV file is not valid, so nothing was written (one detail per bad line, `path` such as `line 7`)",
  TOO_MANY_FACTS:
    "the reporting unit reached its daily cap (FACTS_PER_UNIT_PER_DAY): retry after `Retry-After` seconds, when its local day ends",
  NOT_OWN_UNIT: "the side of a secondment that is the caller's must name the caller's own unit",
  LENDER_NOT_GRASSROOTS:
    "`fromUnitId` names a department or office: staff are lent by townships and villages",
  BORROWER_NOT_CITY_UNIT:
    "`toUnitId` names a township or village: staff are borrowed by departments and offices",
  OWN_REGISTRATION: "the side that registered a secondment cannot confirm it: the other side does",
  NOT_BORROWER: "only the borrowing unit declares a secondment's return",
  NOT_LENDER: "only the lending unit confirms a secondment's return",
  DUPLICATE_PLAQUE_TYPE: "another admitted plaque type has this name (compared trimmed, in any letter case)",
  NOT_VILLAGE: "only a village registers and removes the plaques on its offices",
  UNKNOWN_PLAQUE_TYPE: "`typeId` names no admitted plaque type",
  HOTLINE_SUPERVISORS_ONLY: "`channel: hotline` is for a signed-in supervisor writing down a phone call",
  COMPLAINT_CLOSED: "the complaint is resolved or unfounded: the reporter can no longer write to it",
  TOO_MANY_MESSAGES: "the complaint holds as many messages as it may: close it or open another",
  ALREADY_ANSWERED: "the department answered this forward already",
  NOT_DEPARTMENT: "`unitId` names a township or village: complaints are forwarded to departments and offices",
  TOO_MANY_FORWARDS: "the complaint was forwarded as often as it may be",
  TOO_MANY_VIOLATIONS: "the complaint opened as many violations as it may",
  DISCLOSURE_PENDING: "a disclosure of this reporter is already waiting for a second person",
  NO_IDENTITY: "the complaint was filed anonymously: there is nobody to disclose",
  NOTHING_PENDING: "no disclosure request is waiting to be granted",
  OWN_DISCLOSURE_REQUEST:
    "a disclosure is granted by a different supervisor or an admin, never by the one who asked",
  NOT_GRANTED: "the disclosure was not granted yet: a second person must grant it first",
  ALREADY_SHOWN: "the identity was shown once already, which a disclosure allows",
};

/** Codes the HTTP handler itself answers on every POST (Idempotency-Key), beside the route's own. */
const keyedPostConflicts = ["IN_PROGRESS"];
const keyedPostRules = ["IDEMPOTENCY_KEY_REUSED"];

const parsesBody = (route: RouteDefinition): boolean => route.method === "POST" || route.method === "PUT";

const conflictCodesOf = (route: RouteDefinition): string[] => [
  ...(route.conflicts ?? []),
  ...(route.method === "POST" ? keyedPostConflicts : []),
];

const businessRuleCodesOf = (route: RouteDefinition): string[] => [
  ...(route.businessRules ?? []),
  ...(route.method === "POST" ? keyedPostRules : []),
];

/** An example answer for the first of the codes, its meaning as the message. */
const codeExample = (codes: readonly string[]) => {
  const code = codes[0] ?? "";
  const meaning = codeMeanings[code] ?? "";
  return applicationError(code, `${meaning.charAt(0).toUpperCase()}${meaning.slice(1)}`);
};

const listOfCodes = (codes: readonly string[]): string =>
  codes.map((code) => `\`${code}\` (${codeMeanings[code] ?? "see the message"})`).join("; ");

/** What a 400 on this route can be about: every route refuses unknown query parameters. */
const validationDescription = (route: RouteDefinition): string => {
  const query =
    Object.keys(schemaShape(route.query)).length > 0
      ? "a query parameter"
      : "an unknown query parameter (this route takes none)";
  const inputs = [
    query,
    ...(parsesBody(route) ? [route.body ? "the body" : "a body (this route takes none, or `{}`)"] : []),
    ...(route.method === "POST" ? ["the Idempotency-Key header"] : []),
  ];
  const codes = parsesBody(route) ? "VALIDATION_FAILED or MALFORMED_JSON" : "VALIDATION_FAILED";
  return `Invalid input (${codes}), with one detail per offending field: ${inputs.join(", ")}.`;
};

const schemaShape = (schema: z.ZodMiniType | undefined): Record<string, unknown> =>
  (schema as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};

/** A 400 this route really gives: a malformed body, a bad page size, or an unknown parameter. */
const validationExample = (route: RouteDefinition) => {
  if (parsesBody(route)) {
    return applicationError("MALFORMED_JSON", "The body is not valid JSON", [
      { path: "body", message: "body must be a JSON object" },
    ]);
  }
  if ("limit" in schemaShape(route.query)) {
    return applicationError("VALIDATION_FAILED", "Limit must be a whole number from 1 to 100", [
      { path: "limit", message: "limit must be a whole number from 1 to 100" },
    ]);
  }
  return applicationError("VALIDATION_FAILED", 'Unknown field "page": remove it', [
    { path: "page", message: 'unknown field "page": remove it' },
  ]);
};

/** The statuses a route can answer besides its success, in order. */
const errorStatusesOf = (route: RouteDefinition): string[] => {
  const isPublic = route.access === "public";
  return [
    "400",
    ...(isPublic ? (route.acceptsToken ? ["401"] : []) : ["401", "403"]),
    ...(route.path.includes("{") || route.lookupHeader || route.lookupQuery ? ["404"] : []),
    ...(conflictCodesOf(route).length > 0 ? ["409"] : []),
    ...(parsesBody(route) ? ["413", "415"] : []),
    ...(businessRuleCodesOf(route).length > 0 ? ["422"] : []),
    "429",
    "503",
  ];
};

const errorResponseOf = (route: RouteDefinition, status: string) => {
  switch (status) {
    case "400":
      return {
        description: validationDescription(route),
        headers: applicationHeaders,
        content: errorContent(validationExample(route)),
      };
    case "409": {
      const codes = conflictCodesOf(route);
      return {
        description: `Conflict: ${listOfCodes(codes)}.`,
        headers: applicationHeaders,
        content: errorContent(codeExample(codes)),
      };
    }
    case "422": {
      const codes = businessRuleCodesOf(route);
      return {
        description: `A business rule refused the request: ${listOfCodes(codes)}.`,
        headers: applicationHeaders,
        content: errorContent(codeExample(codes)),
      };
    }
    case "401":
      // A public route checks an optional token itself, so the application answers its 401.
      return route.acceptsToken
        ? {
            description: "The bearer token sent is not valid: send a valid one, or none to stay anonymous.",
            headers: applicationHeaders,
            content: errorContent(
              applicationError("UNAUTHORIZED", "The bearer token is not valid; sign in again or send none"),
            ),
          }
        : ref("responses", "Unauthorized");
    case "403":
      return ref("responses", "Forbidden");
    case "404":
      return ref("responses", "NotFound");
    case "413":
      return ref("responses", "PayloadTooLarge");
    case "415":
      return ref("responses", "UnsupportedMediaType");
    case "429": {
      const codes = route.tooManyRequests ?? [];
      if (codes.length === 0) return ref("responses", "TooManyRequests");
      return {
        description: `Too many requests: ${listOfCodes(codes)}. API Gateway's own throttling answers {"message": "Too Many Requests"} too.`,
        headers: { ...eitherHeaders, "Retry-After": ref("headers", "RetryAfter") },
        content: eitherContent(codeExample(codes)),
      };
    }
    default:
      return ref("responses", "ServiceUnavailable");
  }
};

// ---------------------------------------------------------------------------------------------
// Operations

/** Path and query parameters apart: `kind` is a plan's kind in a path, a request's kind in a listing. */
const parameterDescriptions: Record<"path" | "query", Record<string, string>> = {
  path: {
    id: "The record's id",
    year: "The plan's year, from 2000 to 2099",
    kind: "The plan's kind",
  },
  query: {
    limit: "How many items one page holds",
    cursor: "The `nextCursor` of the previous page of this same listing; absent for the first page",
    status: "Only records in this status",
    kind: "Only requests of this kind",
    order:
      "`oldest` first (the approver's queue) or `newest` first; by default newest first, except oldest first with `status=submitted`",
    rule: "Only violations of this rule",
    unitId: "Only this unit's records",
    overdue:
      "`true`: only the violations still open or responded past their `dueAt` as of now (across all units, the longest overdue first; one unit's, the latest occurred first); `false`: only the others",
    window:
      "Only the violations opened in this ISO week, such as 2026-W48: the week a sweep covered, or the week a supervisor recorded the finding",
    about:
      "`mine`: instead of your unit's reports, what was reported about your unit (the meetings it convened, the documents it issued, the inspections it led), one item per occurrence with how many units reported it but not which",
  },
};

const parametersOf = (
  generation: Generation,
  schema: z.ZodMiniType | undefined,
  location: "path" | "query",
) => {
  if (!schema) return [];
  const json = schemaOf(generation, schema, "input") as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    ...(parameterDescriptions[location][name] ? { description: parameterDescriptions[location][name] } : {}),
    required: location === "path" || (json.required ?? []).includes(name),
    schema: property,
  }));
};

const successDescriptions: Record<RouteDefinition["successStatus"], string> = {
  200: "OK",
  201: "Created: `Location` says where to read it",
  202: "Accepted: the work goes on in the background; `Location` says where to follow it",
};

const contextOf = (route: RouteDefinition): string => functionManifest[route.fn].context;

const operationOf = (generation: Generation, route: RouteDefinition) => {
  const access = route.access;
  const isPublic = access === "public";
  const body = route.body;
  return {
    operationId: route.operationId,
    tags: [contextOf(route)],
    summary: route.summary,
    description: isPublic
      ? route.acceptsToken
        ? "Public: no token needed; a signed-in caller may send one, which is then checked."
        : "Public: no token needed."
      : `Roles: ${access.join(", ")}.`,
    // An empty requirement beside the bearer one makes the token optional (OpenAPI 3.1, §4.8.10).
    security: isPublic ? (route.acceptsToken ? [{}, { bearerAuth: [] }] : []) : [{ bearerAuth: [] }],
    parameters: [
      ...parametersOf(generation, route.params, "path"),
      ...parametersOf(generation, route.query, "query"),
      ...(route.lookupHeader
        ? [
            {
              name: route.lookupHeader.name,
              in: "header",
              description: route.lookupHeader.description,
              required: true,
              schema: { type: "string" },
            },
          ]
        : []),
      ...(route.method === "POST" ? [ref("parameters", "IdempotencyKey")] : []),
    ],
    ...(body
      ? {
          requestBody: {
            // A body the schema accepts as `{}` may be left out altogether.
            required: !body.safeParse({}).success,
            content: {
              [route.bodyFormat === "csv" ? "text/csv" : "application/json"]: {
                schema: schemaOf(generation, body, "input"),
                ...(route.examples?.body !== undefined ? { example: route.examples.body } : {}),
              },
            },
          },
        }
      : {}),
    responses: {
      [String(route.successStatus)]: {
        description: successDescriptions[route.successStatus],
        headers: {
          ...(route.successStatus === 200 ? {} : { Location: ref("headers", "Location") }),
          ...applicationHeaders,
        },
        content: {
          "application/json": {
            schema: schemaOf(generation, route.response, "output"),
            ...(route.examples ? { example: route.examples.response } : {}),
          },
          ...(route.csv
            ? {
                "text/csv": {
                  schema: {
                    type: "string",
                    description: "Sent instead of JSON for `Accept: text/csv`: UTF-8 with a byte-order mark.",
                  },
                },
              }
            : {}),
        },
      },
      ...Object.fromEntries(errorStatusesOf(route).map((status) => [status, errorResponseOf(route, status)])),
    },
  };
};

/** The API functions' contexts in route order, each described by its manifest entry. */
const tagsOf = () => {
  const seen = new Map<string, string>();
  for (const route of routes) {
    const spec = functionManifest[route.fn];
    if (!seen.has(spec.context)) seen.set(spec.context, spec.description);
  }
  return [...seen].map(([name, description]) => ({ name, description }));
};

let generated: JsonSchema | undefined;

/** The document as generated: everything but `servers`, which each deployment sets at run time. */
export const generateOpenApiDocument = (): JsonSchema => {
  if (generated) return generated;
  const generation: Generation = { components: {} };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    const item = paths[route.path];
    if (item) item[route.method.toLowerCase()] = operationOf(generation, route);
  }
  const document = {
    openapi: "3.1.0",
    info: {
      title: "burden-watch API",
      version: "1",
      summary: "Approvals, reported facts and weekly violation sweeps for reducing grassroots burden.",
      description:
        "Requests, approvals, reported facts and weekly violation sweeps for reducing grassroots burden.\n\n" +
        "Sign in and send the token as `Authorization: Bearer <token>`. Lists take `?limit=&cursor=` and answer `{items, nextCursor}`. " +
        'Errors the application answers have the body `{"error": {code, message, details, requestId}}`; what API Gateway answers itself (401, 429, and some 413 and 503) has its own body `{"message": ...}`: a client must read both.',
      contact: { name: "burden-watch maintainers", email: "burden-watch@example.gov" },
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    tags: tagsOf(),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "An ID token from the user pool; the caller's role and unit are read from its claims.",
        },
      },
      schemas: {
        Error: errorSchema,
        GatewayMessage: gatewayMessageSchema,
        ...Object.fromEntries(Object.entries(generation.components).sort(([a], [b]) => a.localeCompare(b))),
      },
      responses: sharedResponses,
      parameters: { IdempotencyKey: idempotencyKeyParameter },
      headers,
    },
  };
  generated = document;
  return document;
};

/** The OpenAPI 3.1 document, generated from the route table and the same zod schemas that validate. */
export const openApiDocument = (): JsonSchema => withServers(generateOpenApiDocument(), config().API_SERVERS);
