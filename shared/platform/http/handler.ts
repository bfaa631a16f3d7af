import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy, { type MiddlewareObj } from "@middy/core";
import httpCors from "@middy/http-cors";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import httpSecurityHeaders from "@middy/http-security-headers";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import * as z from "zod/mini";
import { config } from "../config.ts";
import {
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../errors.ts";
import { logger } from "../logger.ts";
import { type Caller, hasRole } from "../roles.ts";
import type { TokenVerifier } from "./bearer.ts";
import { callerFrom, callerOfClaims } from "./caller.ts";
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS } from "./cors-headers.ts";
import { type IdempotencyStore, runIdempotently } from "./idempotency.ts";
import { issueDetails } from "./issues.ts";
import { csv, errorResponse, json } from "./responses.ts";
import { type RouteDefinition, routeKey } from "./route.ts";
import { replaySealOf } from "./sealed-replay.ts";

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
type Field<R, K extends string> = R extends Record<K, infer S> ? Parsed<S> : undefined;

export type OperationInput<R> = {
  caller: R extends { access: "public" } ? Caller | undefined : Caller;
  params: Field<R, "params">;
  query: Field<R, "query">;
  body: Field<R, "body">;
  /** The request's headers, names in lower case (Accept-Language, say). */
  headers: Readonly<Record<string, string | undefined>>;
  requestId: string;
};

type ResponseOf<R> = R extends { response: infer S extends z.ZodMiniType } ? z.input<S> : never;

/** The implementations a context must provide: exactly one per route, answering its response schema. */
export type Operations<Routes extends readonly RouteDefinition[]> = {
  [K in Routes[number]["operationId"]]: (
    input: OperationInput<Extract<Routes[number], { operationId: K }>>,
  ) => Promise<ResponseOf<Extract<Routes[number], { operationId: K }>>>;
};

type UntypedInput = {
  caller: Caller | undefined;
  params: unknown;
  query: unknown;
  body: unknown;
  headers: Readonly<Record<string, string | undefined>>;
  requestId: string;
};
type AnyOperation = (input: UntypedInput) => Promise<unknown>;

const jsonContentType = /^application\/([\w.+-]+\+)?json\s*(;.*)?$/i;
const csvContentType = /^text\/csv\s*(;\s*charset=("?)utf-8\2\s*)?$/i;
const BYTE_ORDER_MARK = "\uFEFF";
/** How long an attempt may hold its key when the invocation does not say (a direct call in a test). */
const DEFAULT_RUN_MS = 30_000;

const idempotencyKeySchema = z
  .string()
  .check(z.regex(/^[\x21-\x7e]{1,255}$/, "must be 1 to 255 visible ASCII characters, such as a UUID"));
const emptyBody = z.strictObject({});

/**
 * Everyone who calls a public route shares one idempotency scope, since no sign-in tells them
 * apart (and a sealed replay is opened with the key itself): there a key must be too long to
 * guess, or one caller's retry could be handed another's answer.
 */
export const MIN_PUBLIC_KEY_LENGTH = 32;

const refuseGuessableKey = (route: RouteDefinition, key: string): void => {
  if (route.access !== "public" || key.length >= MIN_PUBLIC_KEY_LENGTH) return;
  const message = `Idempotency-Key must be at least ${MIN_PUBLIC_KEY_LENGTH} random characters here, such as a UUID`;
  throw new ValidationError(message, [{ path: "headers.Idempotency-Key", message }]);
};

const validate = <S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> => {
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = issueDetails(result.error.issues, where, value);
    const first = details[0]?.message ?? `the ${where} is not valid`;
    const more = details.length > 1 ? ` (and ${details.length - 1} more: see details)` : "";
    throw new ValidationError(`${first[0]?.toUpperCase()}${first.slice(1)}${more}`, details);
  }
  return result.data;
};

const rawBody = (event: Event): string => {
  if (event.body === undefined || event.body === null) return "";
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
  if (bytes.byteLength > config().MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`The body is larger than ${config().MAX_BODY_BYTES} bytes`);
  }
  return bytes.toString("utf8");
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(
      "The body is not valid JSON",
      [{ path: "body", message: "body must be a JSON object" }],
      "MALFORMED_JSON",
    );
  }
};

const parseBody = (route: RouteDefinition, event: Event): unknown => {
  const text = rawBody(event);
  const contentType = event.headers["content-type"] ?? "";
  if (route.bodyFormat === "csv") {
    if (!csvContentType.test(contentType)) {
      throw new UnsupportedMediaTypeError("Send the body as text/csv (UTF-8)");
    }
    const withoutMark = text.startsWith(BYTE_ORDER_MARK) ? text.slice(BYTE_ORDER_MARK.length) : text;
    return validate(route.body ?? emptyBody, withoutMark, "body");
  }
  if (text.trim() === "") return validate(route.body ?? emptyBody, {}, "body");
  if (!jsonContentType.test(contentType)) {
    throw new UnsupportedMediaTypeError("Send the body as application/json");
  }
  return validate(route.body ?? emptyBody, parseJson(text), "body");
};

/** True when the client asks for CSV (a spreadsheet's download) rather than JSON. */
const wantsCsv = (route: RouteDefinition, event: Event): boolean =>
  route.csv !== undefined && /(^|,)\s*text\/csv\s*(;|,|$)/i.test(event.headers.accept ?? "");

const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
};

/** A public route that also takes a token: anonymous without one, else the token's verified caller. */
const optionalCaller = async (event: Event, verifyToken: TokenVerifier | undefined) => {
  const header = event.headers.authorization;
  if (header === undefined) return undefined;
  const token = bearerToken(header);
  if (!token || !verifyToken)
    throw new UnauthorizedError("Send a valid bearer token, or none to stay anonymous");
  const caller = callerOfClaims(await verifyToken(token));
  if (!caller) throw new UnauthorizedError("The bearer token names nobody; sign in again or send none");
  return caller;
};

const authorize = async (
  route: RouteDefinition,
  event: Event,
  verifyToken: TokenVerifier | undefined,
): Promise<Caller | undefined> => {
  if (route.access === "public") {
    return route.acceptsToken ? optionalCaller(event, verifyToken) : callerFrom(event);
  }
  const caller = callerFrom(event);
  if (!caller) throw new UnauthorizedError("Sign in: this route needs a valid bearer token");
  if (!hasRole(caller, ...route.access)) throw new ForbiddenError("Your role may not use this route");
  return caller;
};

/**
 * Tests run with VALIDATE_RESPONSES on, so every answer the suites receive is checked against its
 * route's response schema and the OpenAPI document cannot drift from what the API sends.
 */
const checkResponse = (route: RouteDefinition, result: unknown): void => {
  const checked = route.response.safeParse(result);
  if (!checked.success) {
    throw new Error(`${route.operationId} answered outside its response schema`, { cause: checked.error });
  }
};

const hasId = (value: unknown): value is { id: string } =>
  typeof value === "object" && value !== null && "id" in value && typeof value.id === "string";

/** 201 and 202 say where the new resource is read. */
const locationOf = (route: RouteDefinition, result: unknown): Record<string, string> =>
  route.location && hasId(result)
    ? { location: route.location.replace("{id}", encodeURIComponent(result.id)) }
    : {};

const errorMapper = (): MiddlewareObj<Event, Result> => ({
  onError: (request) => {
    request.response = errorResponse(request.error, request.event.requestContext?.requestId ?? "");
  },
});

/**
 * Builds a function's Lambda handler from the route table: every cross-cutting HTTP concern lives
 * here once, and each operation receives its input already authorized, parsed and validated.
 */
export const httpHandler = <const Routes extends readonly RouteDefinition[]>(
  contextRoutes: Routes,
  operations: Operations<NoInfer<Routes>>,
  options: {
    /** Where POST answers are kept for retries; required when the routes include a POST. */
    idempotency?: IdempotencyStore;
    /** Checks the token a public route with `acceptsToken` may carry; required for such a route. */
    verifyToken?: TokenVerifier;
  } = {},
) => {
  // Passed in rather than imported, so a function serving only reads carries no idempotency
  // writes in its bundle and needs no write access to the table.
  const { idempotency, verifyToken } = options;
  if (!idempotency && contextRoutes.some((route) => route.method === "POST")) {
    throw new Error("httpHandler: these routes include a POST, so pass options.idempotency");
  }
  if (!verifyToken && contextRoutes.some((route) => route.acceptsToken)) {
    throw new Error("httpHandler: a route takes an optional token, so pass options.verifyToken");
  }
  const implementations = operations as unknown as Record<string, AnyOperation>;
  const routes = new Map(contextRoutes.map((route) => [routeKey(route), route]));

  const dispatch = async (event: Event, context: Context): Promise<Result> => {
    const route = routes.get(event.routeKey);
    const operation = route ? implementations[route.operationId] : undefined;
    if (!route || !operation) throw new NotFoundError("No such route");
    const caller = await authorize(route, event, verifyToken);
    const params = (route.params ?? emptyBody).safeParse(event.pathParameters ?? {});
    // A malformed id names no record: that is a missing resource, not a bad form.
    if (!params.success) throw new NotFoundError("No such resource");
    const query = validate(route.query ?? emptyBody, event.queryStringParameters ?? {}, "query");
    const body = route.method === "GET" ? undefined : parseBody(route, event);
    const input: UntypedInput = {
      caller,
      params: params.data,
      query,
      body,
      headers: event.headers,
      requestId: event.requestContext.requestId,
    };
    const run = () => operation(input);
    const idempotencyHeader = event.headers["idempotency-key"];
    const keyed = idempotency && route.method === "POST" && idempotencyHeader !== undefined;
    const key = keyed ? validate(idempotencyKeySchema, idempotencyHeader, "Idempotency-Key") : undefined;
    if (key !== undefined) refuseGuessableKey(route, key);
    // The unit is part of the scope: a person moved to another unit must not be handed the first
    // unit's record for a key they reuse.
    const scope = `${event.routeKey}|${caller?.sub ?? "anonymous"}|${caller?.unitId ?? ""}`;
    const result =
      idempotency && key !== undefined
        ? await runIdempotently(
            idempotency,
            {
              key,
              scope,
              payload: { body, params: params.data },
              runsForMs: context.getRemainingTimeInMillis?.() ?? DEFAULT_RUN_MS,
              ttlSeconds: config().IDEMPOTENCY_TTL_SECONDS,
              now: new Date(),
              sealing: route.sealedReplay ? replaySealOf(key, scope) : undefined,
            },
            run,
          )
        : await run();
    if (config().VALIDATE_RESPONSES) checkResponse(route, result);
    if (route.csv && wantsCsv(route, event)) {
      return csv(route.successStatus, `${BYTE_ORDER_MARK}${route.csv(result as never)}`, {
        "x-request-id": event.requestContext.requestId,
      });
    }
    return json(route.successStatus, result, {
      ...locationOf(route, result),
      "x-request-id": event.requestContext.requestId,
    });
  };

  const origins = config()
    .CORS_ORIGINS.split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);

  return (
    middy<Event, Result>(dispatch)
      .use(httpHeaderNormalizer())
      // Never the event, whatever POWERTOOLS_LOGGER_LOG_EVENT says: it carries the caller's source IP
      // and user agent, which no complaint route may log (README, "Complaints").
      .use(injectLambdaContext(logger, { logEvent: false }))
      .use(
        httpCors({
          origins,
          headers: CORS_ALLOW_HEADERS.join(","),
          exposeHeaders: CORS_EXPOSE_HEADERS.join(","),
        }),
      )
      .use(httpSecurityHeaders())
      .use(errorMapper())
  );
};
