/**
 * The local API Gateway: routes requests from the shared route table to the Lambda handlers, with
 * the JWT authorizer's checks, the payload v2.0 event, the 10 MB payload cap, the integration
 * timeout and the CORS configuration of the deployed HTTP API. Plus two local-only extras: a token
 * endpoint and the issuer's JWKS.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import type { RouteDefinition } from "../../shared/routes.ts";
import { routes as sharedRoutes } from "../../shared/routes.ts";
import { applyCors, type CorsConfig, parseAllowOrigins, preflightHeaders } from "./cors.ts";
import { DEV_TOKEN_PATH, handleDevToken } from "./dev-token.ts";
import {
  buildContext,
  buildEvent,
  type HttpApiEvent,
  INTEGRATION_TIMEOUT_MS,
  type IncomingRequest,
  matchRoute,
  splitUrl,
} from "./event.ts";
import { createLocalIssuer, issuerFor, type LocalIssuer, type SigningKey } from "./jwt.ts";
import { functionsDir } from "./paths.ts";
import { errorResponse, jsonResponse, type LocalResponse } from "./responses.ts";

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

const LAMBDA_INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const FUNCTION_PREFIX = "burden-watch-";
/** Functions other code invokes directly rather than through the route table. */
const INVOCABLE_FUNCTIONS = new Set(["sweep-runner"]);
/**
 * Lambda's limit for a synchronous invocation, on the serialized event and on the response: a
 * 7 MB body passes the gateway but never reaches the function, so locally it must not either.
 */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6_291_556;

export type LambdaHandler = (event: HttpApiEvent, context: Context) => Promise<unknown>;
/** Loads `functions/<name>/handler.ts`: an API function of the route table or the sweep runner. */
export type HandlerLoader = (fn: string) => Promise<LambdaHandler>;

export type LocalServerOptions = {
  key: SigningKey;
  /** Defaults to http://localhost:<bound port>/local-issuer, known once the server listens. */
  issuerUrl?: string;
  routes?: readonly RouteDefinition[];
  /** Tests inject handlers; by default `functions/<fn>/handler.ts` is imported on first use. */
  loadHandler?: HandlerLoader;
  /** Comma-separated allow-list; defaults to CORS_ORIGINS, then "*". */
  corsOrigins?: string;
  region?: string;
  timeoutMs?: number;
  maxPayloadBytes?: number;
  /** One line per request; silent when absent. */
  log?: (line: string) => void;
};

const issuers = new WeakMap<Server, LocalIssuer>();

/** The issuer whose tokens this server accepts, for signing tokens in tests and at start-up. */
export const issuerOf = (server: Server): LocalIssuer => {
  const issuer = issuers.get(server);
  if (!issuer) throw new Error("not a local server");
  return issuer;
};

const boundPort = (server: Server): number => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server is not listening on a port");
  return address.port;
};

/** Imports a handler module lazily so env is set first and missing functions fail per request. */
export const importHandler: HandlerLoader = async (fn) => {
  const module: unknown = await import(pathToFileURL(join(functionsDir, fn, "handler.ts")).href);
  const handler =
    typeof module === "object" && module !== null && "handler" in module ? module.handler : undefined;
  if (typeof handler !== "function") throw new Error(`functions/${fn}/handler.ts does not export a handler`);
  return handler as LambdaHandler;
};

const cachingLoader = (load: HandlerLoader): HandlerLoader => {
  const loaded = new Map<string, LambdaHandler>();
  return async (fn) => {
    const cached = loaded.get(fn);
    if (cached) return cached;
    const handler = await load(fn);
    loaded.set(fn, handler);
    return handler;
  };
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
 * result when it has a statusCode, otherwise the value itself becomes a 200 JSON body.
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

const withTimeout = <T>(work: Promise<T>, timeoutMs: number): Promise<T | "timeout"> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
};

const bearerToken = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
};

const allowedMethods = (routes: readonly RouteDefinition[]): string[] => [
  ...new Set([...routes.map((route) => route.method), "POST", "OPTIONS"]),
];

export const createLocalServer = (options: LocalServerOptions): Server => {
  const routes = options.routes ?? sharedRoutes;
  const loadHandler = cachingLoader(options.loadHandler ?? importHandler);
  const cors: CorsConfig = {
    allowOrigins: parseAllowOrigins(options.corsOrigins ?? process.env.CORS_ORIGINS),
    allowMethods: allowedMethods(routes),
  };
  const region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
  const timeoutMs = options.timeoutMs ?? INTEGRATION_TIMEOUT_MS;
  const maxPayloadBytes = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  const log = options.log;

  // The issuer URL needs the bound port, so it is resolved on use rather than here.
  const server = createServer();
  const issuer = createLocalIssuer({
    key: options.key,
    issuer: () => options.issuerUrl ?? issuerFor(boundPort(server)),
  });
  issuers.set(server, issuer);

  const invoke = async (
    request: IncomingRequest,
    requestId: string,
    authorization: string | undefined,
  ): Promise<LocalResponse> => {
    const { rawPath } = splitUrl(request.url);
    const match = matchRoute(routes, request.method, rawPath);
    if (!match) return errorResponse(404, "NOT_FOUND", "Not Found", requestId);

    let claims: Record<string, unknown> | undefined;
    if (match.route.access !== "public") {
      const token = bearerToken(authorization);
      if (!token) {
        return errorResponse(401, "UNAUTHORIZED", "Missing bearer token", requestId, [], {
          "www-authenticate": "Bearer",
        });
      }
      try {
        claims = await issuer.verifyToken(token);
      } catch {
        return errorResponse(401, "UNAUTHORIZED", "Invalid or expired token", requestId, [], {
          "www-authenticate": 'Bearer error="invalid_token"',
        });
      }
    }

    const startedAt = Date.now();
    const event = buildEvent({ request, match, requestId, now: new Date(startedAt), claims });
    const functionName = `burden-watch-${match.route.fn}`;
    if (Buffer.byteLength(JSON.stringify(event)) > LAMBDA_PAYLOAD_LIMIT_BYTES) {
      return errorResponse(
        413,
        "PAYLOAD_TOO_LARGE",
        "Request exceeds the 6 MB function payload limit",
        requestId,
      );
    }
    const context = buildContext({ functionName, requestId, region, startedAt, timeoutMs });
    const handler = await loadHandler(match.route.fn);
    const result = await withTimeout(handler(event, context), timeoutMs);
    if (result === "timeout") {
      process.stderr.write(`[${requestId}] ${functionName} timed out after ${timeoutMs} ms\n`);
      return errorResponse(503, "DEPENDENCY_UNAVAILABLE", "Service Unavailable", requestId, [], {
        "retry-after": "5",
      });
    }
    const response = toHttpResponse(result);
    if (!response) {
      process.stderr.write(`[${requestId}] ${functionName} returned a malformed response\n`);
      return errorResponse(500, "INTERNAL", "Internal error", requestId);
    }
    if (Buffer.byteLength(JSON.stringify(result) ?? "") > LAMBDA_PAYLOAD_LIMIT_BYTES) {
      process.stderr.write(
        `[${requestId}] ${functionName} returned more than Lambda's 6 MB response limit\n`,
      );
      return errorResponse(500, "INTERNAL", "Internal error", requestId);
    }
    return response;
  };

  /**
   * The Lambda Invoke API, so that shared code starts the sweep runner exactly as in the cloud
   * (an asynchronous `Event` invocation answers 202 and runs on after the reply).
   */
  const invokeFunction = async (
    functionName: string,
    request: IncomingRequest,
    requestId: string,
  ): Promise<LocalResponse> => {
    const fn = functionName.startsWith(FUNCTION_PREFIX) ? functionName.slice(FUNCTION_PREFIX.length) : "";
    if (!INVOCABLE_FUNCTIONS.has(fn)) {
      return errorResponse(404, "NOT_FOUND", `Function not found: ${functionName}`, requestId);
    }
    let payload: unknown;
    try {
      payload = request.body.length === 0 ? {} : JSON.parse(request.body.toString("utf8"));
    } catch {
      return errorResponse(400, "VALIDATION_FAILED", "The payload is not JSON", requestId);
    }
    const handler = await loadHandler(fn);
    const context = buildContext({ functionName, requestId, region, startedAt: Date.now(), timeoutMs });
    const run = () => handler(payload as HttpApiEvent, context);
    if (headerValue(request.rawHeaders, "x-amz-invocation-type") === "Event") {
      run().catch((error: unknown) => {
        process.stderr.write(
          `[${requestId}] ${functionName} failed: ${error instanceof Error ? error.name : "error"}\n`,
        );
      });
      return { statusCode: 202, headers: {}, body: "" };
    }
    return jsonResponse(200, (await run()) ?? null);
  };

  const localOnly = async (
    request: IncomingRequest,
    requestId: string,
  ): Promise<LocalResponse | undefined> => {
    const { rawPath } = splitUrl(request.url);
    const issuerPath = new URL(issuer.issuer()).pathname;
    const invocation = LAMBDA_INVOKE_PATH.exec(rawPath);
    if (request.method === "POST" && invocation?.[1]) {
      return invokeFunction(decodeURIComponent(invocation[1]), request, requestId);
    }
    if (request.method === "POST" && rawPath === DEV_TOKEN_PATH) {
      const contentType = headerValue(request.rawHeaders, "content-type");
      return handleDevToken(issuer, contentType, request.body, requestId);
    }
    if (request.method === "GET" && rawPath === `${issuerPath}/.well-known/jwks.json`) {
      return jsonResponse(200, issuer.jwks());
    }
    if (request.method === "GET" && rawPath === `${issuerPath}/.well-known/openid-configuration`) {
      return jsonResponse(200, {
        issuer: issuer.issuer(),
        jwks_uri: `${issuer.issuer()}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: ["ES256"],
      });
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = newRequestId();
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = req.url ?? "/";
    const origin = req.headers.origin;
    const send = (response: LocalResponse, extra: Record<string, string> = {}) => {
      const headers = applyCors(cors, origin, {
        ...response.headers,
        ...extra,
        "apigw-requestid": requestId,
      });
      const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
      res.writeHead(response.statusCode, { ...headers, "content-length": String(body.length) });
      res.end(body);
      log?.(`${method} ${splitUrl(url).rawPath} ${response.statusCode} ${Date.now() - started}ms`);
    };

    try {
      if (method === "OPTIONS") {
        req.resume();
        const headers = { ...preflightHeaders(cors, origin), "apigw-requestid": requestId };
        res.writeHead(204, headers);
        res.end();
        log?.(`${method} ${splitUrl(url).rawPath} 204 ${Date.now() - started}ms`);
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
        send(errorResponse(413, "PAYLOAD_TOO_LARGE", "Request body exceeds 10 MB", requestId), {
          connection: "close",
        });
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
      const response =
        (await localOnly(request, requestId)) ??
        (await invoke(request, requestId, req.headers.authorization));
      send(response);
    } catch (error) {
      process.stderr.write(`[${requestId}] ${method} ${url} failed: ${formatError(error)}\n`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(errorResponse(500, "INTERNAL", "Internal error", requestId));
    }
  };

  server.on("request", (req, res) => {
    void handle(req, res);
  });
  return server;
};

const headerValue = (rawHeaders: readonly string[], name: string): string | undefined => {
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === name) return rawHeaders[index + 1];
  }
  return undefined;
};

const formatError = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);

/** Starts listening and resolves once the port is bound. */
export const listen = (server: Server, port: number, host?: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(boundPort(server));
    });
  });

/** Closes the server, dropping idle keep-alive connections so the close does not hang. */
export const close = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
