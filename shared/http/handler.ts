import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
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
import { dynamoClient } from "../db/client.ts";
import { type Caller, hasRole } from "../domain/roles.ts";
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../errors.ts";
import { type FunctionName, type RouteDefinition, type RouteTable, routeKey, routesOf } from "../routes.ts";
import { callerFrom } from "./caller.ts";
import { errorResponse, json } from "./errors.ts";

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
type Field<R, K extends string> = R extends Record<K, infer S> ? Parsed<S> : undefined;

export type OperationInput<R> = {
  caller: R extends { access: "public" } ? Caller | undefined : Caller;
  params: Field<R, "params">;
  query: Field<R, "query">;
  body: Field<R, "body">;
  requestId: string;
};

/** The implementations a function must provide: exactly one per route the table assigns to it. */
type RoutesOf<F extends FunctionName> = Extract<RouteTable[number], { fn: F }>;
export type Operations<F extends FunctionName> = {
  [K in RoutesOf<F>["operationId"]]: (
    input: OperationInput<Extract<RoutesOf<F>, { operationId: K }>>,
  ) => Promise<unknown>;
};

type UntypedInput = {
  caller: Caller | undefined;
  params: unknown;
  query: unknown;
  body: unknown;
  requestId: string;
};
type AnyOperation = (input: UntypedInput) => Promise<unknown>;

const jsonContentType = /^application\/([\w.+-]+\+)?json\s*(;.*)?$/i;
const idempotencyKeySchema = z.string().check(z.regex(/^[\x21-\x7e]{1,255}$/));
const emptyBody = z.strictObject({});

const issuesToDetails = (error: z.core.$ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message }));

const validate = <S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.output<S> => {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`The ${what} is not valid`, issuesToDetails(result.error));
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

const parseBody = (route: RouteDefinition, event: Event): unknown => {
  const text = rawBody(event);
  if (text.trim() === "") return validate(route.body ?? emptyBody, {}, "body");
  const contentType = event.headers["content-type"] ?? "";
  if (!jsonContentType.test(contentType)) {
    throw new UnsupportedMediaTypeError("Send the body as application/json");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ValidationError("The body is not valid JSON", [], "MALFORMED_JSON");
  }
  return validate(route.body ?? emptyBody, parsed, "body");
};

const authorize = (route: RouteDefinition, event: Event): Caller | undefined => {
  const caller = callerFrom(event);
  if (route.access === "public") return caller;
  if (!caller) throw new UnauthorizedError("Sign in: this route needs a valid bearer token");
  if (!hasRole(caller, ...route.access)) throw new ForbiddenError("Your role may not use this route");
  return caller;
};

type Idempotency = {
  config: IdempotencyConfig;
  run: (payload: Record<string, unknown>, work: () => Promise<unknown>) => Promise<unknown>;
};

let idempotency: Idempotency | undefined;

/** Built on the first keyed POST and kept: only the Lambda context changes per invocation. */
const idempotencyOf = (): Idempotency => {
  if (idempotency) return idempotency;
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: "[scope, key]",
    payloadValidationJmesPath: "input",
    expiresAfterSeconds: config().IDEMPOTENCY_TTL_SECONDS,
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: config().TABLE_NAME,
    keyAttr: "pk",
    sortKeyAttr: "sk",
    expiryAttr: "expiresAt",
    awsSdkV3Client: dynamoClient(),
  });
  const run = makeIdempotent(
    async (_payload: Record<string, unknown>, work: () => Promise<unknown>) => work(),
    { persistenceStore, config: idempotencyConfig, keyPrefix: "http" },
  );
  idempotency = { config: idempotencyConfig, run };
  return idempotency;
};

/**
 * A retried POST with the same Idempotency-Key, caller and route gets the first answer back and
 * writes nothing new; the same key with another body is refused rather than silently replayed.
 */
const runIdempotently = async (
  key: string,
  scope: string,
  input: { body: unknown; params: unknown },
  context: Context,
  run: () => Promise<unknown>,
): Promise<unknown> => {
  const { config: idempotencyConfig, run: idempotent } = idempotencyOf();
  // Lets an in-progress record expire with the invocation, so a timed-out attempt can be retried.
  idempotencyConfig.registerLambdaContext(context);
  try {
    return await idempotent({ scope, key, input }, run);
  } catch (error) {
    if (error instanceof IdempotencyAlreadyInProgressError) {
      throw new ConflictError("A request with this Idempotency-Key is still being processed", "IN_PROGRESS");
    }
    if (error instanceof IdempotencyValidationError) {
      throw new BusinessRuleError(
        "This Idempotency-Key was used with a different request",
        "IDEMPOTENCY_KEY_REUSED",
      );
    }
    throw error;
  }
};

const errorMapper = (): MiddlewareObj<Event, Result> => ({
  onError: (request) => {
    request.response = errorResponse(request.error, request.event.requestContext?.requestId ?? "");
  },
});

/**
 * Builds a function's Lambda handler from the route table: every cross-cutting HTTP concern lives
 * here once, and each operation receives its input already authorized, parsed and validated.
 */
export const httpHandler = <F extends FunctionName>(fn: F, operations: Operations<NoInfer<F>>) => {
  const implementations = operations as unknown as Record<string, AnyOperation>;
  const routes = new Map(routesOf(fn).map((route) => [routeKey(route), route]));

  const dispatch = async (event: Event, context: Context): Promise<Result> => {
    const route = routes.get(event.routeKey);
    const operation = route ? implementations[route.operationId] : undefined;
    if (!route || !operation) throw new NotFoundError("No such route");
    const caller = authorize(route, event);
    let params: unknown;
    try {
      params = validate(route.params ?? emptyBody, event.pathParameters ?? {}, "path");
    } catch {
      throw new NotFoundError("No such resource");
    }
    const query = validate(route.query ?? emptyBody, event.queryStringParameters ?? {}, "query string");
    const body = route.method === "GET" ? undefined : parseBody(route, event);
    const input: UntypedInput = { caller, params, query, body, requestId: event.requestContext.requestId };
    const run = () => operation(input);
    const idempotencyHeader = event.headers["idempotency-key"];
    const result =
      route.method === "POST" && idempotencyHeader !== undefined
        ? await runIdempotently(
            validate(idempotencyKeySchema, idempotencyHeader, "Idempotency-Key header"),
            `${event.routeKey}|${caller?.sub ?? "anonymous"}`,
            { body, params },
            context,
            run,
          )
        : await run();
    return json(route.successStatus, result);
  };

  const origins = config()
    .CORS_ORIGINS.split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);

  return middy<Event, Result>(dispatch)
    .use(httpHeaderNormalizer())
    .use(httpCors({ origins, headers: "authorization,content-type,idempotency-key" }))
    .use(httpSecurityHeaders())
    .use(errorMapper());
};
