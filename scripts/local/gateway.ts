/**
 * The local API Gateway HTTP API: routes requests from the route table to the Lambda handlers,
 * with the JWT authorizer's checks, the payload v2.0 event, the 10 MB payload cap, Lambda's 6 MB
 * invocation limit, the integration timeout and the CORS configuration of the deployed API. What
 * it answers itself carries API Gateway's own status and body, so that clients are written
 * against what the cloud sends; what a handler answers passes through untouched.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RouteDefinition } from "../../shared/routes.ts";
import { applyCors, type CorsConfig, preflightHeaders } from "./cors.ts";
import {
  buildContext,
  buildEvent,
  headerValue,
  type IncomingRequest,
  matchRoute,
  splitUrl,
} from "./event.ts";
import { FUNCTION_PREFIX, type HandlerLoader } from "./handlers.ts";
import { gatewayResponse, type LocalEndpoint, type LocalResponse } from "./responses.ts";

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/**
 * Lambda's limit for a synchronous invocation, on the serialized event and on the response: a
 * 7 MB body passes the gateway but never reaches the function, so locally it must not either.
 */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6_291_556;

export type GatewayOptions = {
  routes: readonly RouteDefinition[];
  loadHandler: HandlerLoader;
  /** The JWT authorizer's check: resolves to the token's claims, rejects a token it refuses. */
  verifyToken: (token: string) => Promise<Record<string, unknown>>;
  cors: CorsConfig;
  region: string;
  timeoutMs: number;
  maxPayloadBytes: number;
  /** Asked first, in order; the route table serves whatever none of them answers. */
  localEndpoints: readonly LocalEndpoint[];
  /** One line per request; silent when absent. */
  log?: ((line: string) => void) | undefined;
  /** Routes that declare `throttle` answer 429 past it, as API Gateway does; tests may turn it off. */
  throttleRoutes?: boolean | undefined;
};

/** API Gateway request ids look like "JKJaXmPLvHcESHA=". */
const newRequestId = (): string => randomBytes(11).toString("base64");

type BodyRead = { status: "read"; body: Buffer } | { status: "too-large" } | { status: "aborted" };

const readBody = (request: IncomingMessage, limit: number): Promise<BodyRead> =>
  new Promise((resolve) => {
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      request.pause();
      resolve({ status: "too-large" });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off("data", onData);
        request.pause();
        resolve({ status: "too-large" });
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.on("end", () => resolve({ status: "read", body: Buffer.concat(chunks, size) }));
    // A client that hangs up mid-body gets no answer, as from API Gateway; first resolve wins.
    request.on("error", () => resolve({ status: "aborted" }));
    request.on("close", () => resolve({ status: "aborted" }));
  });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Maps a handler's return value the way API Gateway reads payload v2.0 responses: a structured
 * result when it has a statusCode, otherwise the value itself becomes a 200 JSON body. Undefined
 * for a result API Gateway cannot read.
 */
export const toHttpResponse = (result: unknown): LocalResponse | undefined => {
  if (!isRecord(result) || !("statusCode" in result)) {
    return {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(result) ?? "",
    };
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = result;
  if (
    typeof statusCode !== "number" ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return undefined;
  }
  if (body !== undefined && typeof body !== "string") return undefined;
  const out: Record<string, string | string[]> = {};
  if (headers !== undefined) {
    if (!isRecord(headers)) return undefined;
    for (const [name, value] of Object.entries(headers)) {
      if (!["string", "number", "boolean"].includes(typeof value)) return undefined;
      out[name.toLowerCase()] = String(value);
    }
  }
  if (cookies !== undefined) {
    if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === "string")) return undefined;
    if (cookies.length > 0) out["set-cookie"] = cookies;
  }
  const text = body ?? "";
  return {
    statusCode,
    headers: out,
    body: isBase64Encoded === true ? Buffer.from(text, "base64") : text,
  };
};

/** A symbol, so that no value a handler returns can pass for a timeout. */
const TIMED_OUT = Symbol("timed out");

const withTimeout = <T>(work: Promise<T>, timeoutMs: number): Promise<T | typeof TIMED_OUT> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
};

const bearerToken = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
};

const formatError = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);

/**
 * What the client never sees goes to stderr, where Lambda's and API Gateway's logs would hold it.
 */
const logFailure = (requestId: string, message: string): void => {
  process.stderr.write(`[${requestId}] ${message}\n`);
};

/**
 * One token bucket per throttled route, shared by every caller as API Gateway's route throttling
 * is: `burstLimit` requests at once, refilled at `rateLimit` a second. Answers 0 when the request
 * may pass, else the whole seconds until a token is back (its Retry-After).
 */
export const routeThrottle = () => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (route: RouteDefinition, nowMs: number): number => {
    if (!route.throttle) return 0;
    const { rateLimit, burstLimit } = route.throttle;
    const key = `${route.method} ${route.path}`;
    const last = buckets.get(key) ?? { tokens: burstLimit, at: nowMs };
    const tokens = Math.min(burstLimit, last.tokens + ((nowMs - last.at) / 1000) * rateLimit);
    if (tokens >= 1) {
      buckets.set(key, { tokens: tokens - 1, at: nowMs });
      return 0;
    }
    buckets.set(key, { tokens, at: nowMs });
    return Math.max(1, Math.ceil((1 - tokens) / rateLimit));
  };
};

/** The gateway as a Node request listener; it answers every request and never rejects. */
export const createHttpApiGateway = (
  options: GatewayOptions,
): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) => {
  const { routes, loadHandler, verifyToken, cors, region, timeoutMs, maxPayloadBytes, localEndpoints, log } =
    options;

  const serveLocally = async (request: IncomingRequest, requestId: string) => {
    for (const endpoint of localEndpoints) {
      const response = await endpoint(request, requestId);
      if (response) return response;
    }
    return undefined;
  };

  const throttle = routeThrottle();

  const integrate = async (request: IncomingRequest, requestId: string): Promise<LocalResponse> => {
    const match = matchRoute(routes, request.method, splitUrl(request.url).rawPath);
    if (!match) return gatewayResponse(404);
    // API Gateway throttles before it runs the authorizer, so a flood never reaches the function.
    const waitSeconds = options.throttleRoutes === false ? 0 : throttle(match.route, Date.now());
    if (waitSeconds > 0) return gatewayResponse(429, { "retry-after": String(waitSeconds) });

    let claims: Record<string, unknown> | undefined;
    if (match.route.access !== "public") {
      const token = bearerToken(headerValue(request.rawHeaders, "authorization"));
      if (!token) return gatewayResponse(401, { "www-authenticate": "Bearer" });
      try {
        claims = await verifyToken(token);
      } catch {
        // The authorizer says that the token was refused, never which check it failed.
        return gatewayResponse(401, { "www-authenticate": 'Bearer scope="" error="invalid_token"' });
      }
    }

    const startedAt = Date.now();
    const event = buildEvent({ request, match, requestId, now: new Date(startedAt), claims });
    if (Buffer.byteLength(JSON.stringify(event)) > LAMBDA_PAYLOAD_LIMIT_BYTES) return gatewayResponse(413);
    const functionName = `${FUNCTION_PREFIX}${match.route.fn}`;
    const context = buildContext({ functionName, requestId, region, startedAt, timeoutMs });
    let result: unknown;
    try {
      const handler = await loadHandler(match.route.fn);
      result = await withTimeout(handler(event, context), timeoutMs);
    } catch (error) {
      logFailure(requestId, `${functionName} failed: ${formatError(error)}`);
      return gatewayResponse(500);
    }
    if (result === TIMED_OUT) {
      logFailure(requestId, `${functionName} timed out after ${timeoutMs} ms`);
      return gatewayResponse(503);
    }
    const response = toHttpResponse(result);
    if (!response) {
      logFailure(requestId, `${functionName} returned a malformed response`);
      return gatewayResponse(500);
    }
    if (Buffer.byteLength(JSON.stringify(result) ?? "") > LAMBDA_PAYLOAD_LIMIT_BYTES) {
      logFailure(requestId, `${functionName} returned more than Lambda's 6 MB response limit`);
      return gatewayResponse(500);
    }
    return response;
  };

  return async (req, res) => {
    const requestId = newRequestId();
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = req.url ?? "/";
    const origin = req.headers.origin;
    const logLine = (status: number) =>
      log?.(`${method} ${splitUrl(url).rawPath} ${status} ${Date.now() - started}ms`);
    const send = (response: LocalResponse) => {
      const headers = applyCors(cors, origin, { ...response.headers, "apigw-requestid": requestId });
      const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
      res.writeHead(response.statusCode, { ...headers, "content-length": String(body.length) });
      res.end(body);
      logLine(response.statusCode);
    };

    try {
      if (method === "OPTIONS") {
        req.resume();
        res.writeHead(204, { ...preflightHeaders(cors, origin), "apigw-requestid": requestId });
        res.end();
        logLine(204);
        return;
      }

      const read = await readBody(req, maxPayloadBytes);
      if (read.status === "aborted") {
        res.destroy();
        return;
      }
      if (read.status === "too-large") {
        // The rest of the body is never read; closing the connection is the only clean way out.
        res.on("finish", () => setTimeout(() => req.socket.destroy(), 1000).unref());
        send(gatewayResponse(413, { connection: "close" }));
        return;
      }

      const request: IncomingRequest = {
        method,
        url,
        rawHeaders: req.rawHeaders,
        body: read.body,
        sourceIp: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
        protocol: `HTTP/${req.httpVersion}`,
        localPort: req.socket.localPort ?? 0,
      };
      send((await serveLocally(request, requestId)) ?? (await integrate(request, requestId)));
    } catch (error) {
      logFailure(requestId, `${method} ${url} failed: ${formatError(error)}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(gatewayResponse(500));
    }
  };
};
