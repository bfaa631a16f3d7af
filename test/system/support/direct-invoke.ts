/**
 * Calls a function's real Lambda handler in-process with the API Gateway HTTP API v2 event the
 * local gateway would build for the same HTTP request (scripts/local/event.ts), including the JWT
 * authorizer's claims block, so thousands of inputs cost milliseconds each instead of a round trip
 * through the gateway.
 */
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { buildContext, buildEvent } from "../../../scripts/local/event.ts";
import { FUNCTION_PREFIX, importHandler, type LambdaHandler } from "../../../scripts/local/handlers.ts";
import type { Role } from "../../../shared/platform/roles.ts";
import type { RouteDefinition } from "../../../shared/routes.ts";

export type Identity = { role: Role; unit: string; sub: string };

export type DirectRequest = {
  route: RouteDefinition;
  /** Decoded path parameters, e.g. {id: "01J..."}; they are percent-encoded into the raw path. */
  pathParameters?: Record<string, string>;
  rawQueryString?: string;
  /** Header name/value pairs as a client sent them (any case, duplicates allowed). */
  rawHeaders?: readonly string[];
  body?: Buffer;
  /** The verified caller; undefined sends no authorizer block. */
  caller?: Identity;
};

export type DirectReply = {
  status: number;
  headers: Record<string, string>;
  /** The raw body text; JSON answers are parsed by the caller. */
  text: string;
  requestId: string;
};

/** The claims a Cognito ID token carries, as the local issuer signs them (scripts/local/jwt.ts). */
export const claimsOf = (identity: Identity): Record<string, unknown> => {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: identity.sub,
    "cognito:groups": [identity.role],
    "cognito:username": identity.sub,
    "custom:unit": identity.unit,
    token_use: "id",
    iss: "http://localhost/local-issuer",
    aud: "burden-watch-local",
    iat: now,
    exp: now + 3600,
  };
};

const handlers = new Map<string, LambdaHandler>();

/** Each function's handler module, imported once (after the stack applied the environment). */
export const loadHandler = async (fn: string): Promise<LambdaHandler> => {
  const cached = handlers.get(fn);
  if (cached) return cached;
  const handler = await importHandler(fn);
  handlers.set(fn, handler);
  return handler;
};

export const invokeDirect = async (request: DirectRequest): Promise<DirectReply> => {
  const { route } = request;
  const path = route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) =>
    encodeURIComponent(request.pathParameters?.[name] ?? ""),
  );
  const query = request.rawQueryString ?? "";
  const requestId = randomUUID();
  const startedAt = Date.now();
  const event = buildEvent({
    request: {
      method: route.method,
      url: query === "" ? path : `${path}?${query}`,
      rawHeaders: ["host", "localhost:3000", ...(request.rawHeaders ?? [])],
      body: request.body ?? Buffer.alloc(0),
      sourceIp: "127.0.0.1",
      protocol: "HTTP/1.1",
      localPort: 3000,
    },
    match: { route, pathParameters: request.pathParameters },
    requestId,
    now: new Date(startedAt),
    claims: request.caller ? claimsOf(request.caller) : undefined,
  });
  const context = buildContext({
    functionName: `${FUNCTION_PREFIX}${route.fn}`,
    requestId,
    region: process.env.AWS_REGION ?? "us-east-1",
    startedAt,
  });
  const handler = await loadHandler(route.fn);
  const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  return { status: result.statusCode ?? 200, headers, text: result.body ?? "", requestId };
};
