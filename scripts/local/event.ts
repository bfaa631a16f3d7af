/**
 * Pure translation from an HTTP request to the API Gateway HTTP API payload v2.0 event, so that
 * handlers see locally exactly what they see behind API Gateway. Kept free of I/O to be testable.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { type RouteDefinition, routeKey } from "../../shared/routes.ts";

export const LOCAL_ACCOUNT_ID = "123456789012";
export const LOCAL_API_ID = "local";
/** API Gateway HTTP API gives up on an integration after 30 s; Lambda is given a little less. */
export const INTEGRATION_TIMEOUT_MS = 29_000;
export const LAMBDA_MEMORY_MB = 1024;

export type RouteMatch = {
  route: RouteDefinition;
  pathParameters: Record<string, string> | undefined;
};

const templateParam = /^\{([A-Za-z0-9_]+)(\+?)\}$/;

/** Malformed percent-encoding comes from clients, so it yields undefined instead of throwing. */
export const safeDecode = (value: string): string | undefined => {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
};

type SegmentMatch = { params: Record<string, string>; literals: boolean[] } | undefined;

const matchTemplate = (template: string, rawPath: string): SegmentMatch => {
  const wanted = template.split("/");
  const actual = rawPath.split("/");
  const params: Record<string, string> = {};
  const literals: boolean[] = [];
  for (let index = 0; index < wanted.length; index += 1) {
    const part = wanted[index] ?? "";
    const param = templateParam.exec(part);
    if (param) {
      const [, name = "", greedy] = param;
      const raw = greedy ? actual.slice(index).join("/") : actual[index];
      if (raw === undefined || raw === "") return undefined;
      const decoded = safeDecode(raw);
      if (decoded === undefined) return undefined;
      params[name] = decoded;
      literals.push(false);
      if (greedy) return { params, literals };
      continue;
    }
    if (actual[index] !== part) return undefined;
    literals.push(true);
  }
  return actual.length === wanted.length ? { params, literals } : undefined;
};

/** API Gateway prefers the route whose first differing segment is a literal over a {param}. */
const moreSpecific = (a: boolean[], b: boolean[]): number => {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const left = a[index] ?? false;
    const right = b[index] ?? false;
    if (left !== right) return left ? -1 : 1;
  }
  return b.length - a.length;
};

/** The route serving a request, or undefined: API Gateway answers 404 for a wrong method too. */
export const matchRoute = (
  routes: readonly RouteDefinition[],
  method: string,
  rawPath: string,
): RouteMatch | undefined => {
  const candidates = routes
    .filter((route) => route.method === method)
    .flatMap((route) => {
      const match = matchTemplate(route.path, rawPath);
      return match ? [{ route, ...match }] : [];
    })
    .sort((a, b) => moreSpecific(a.literals, b.literals));
  const best = candidates[0];
  if (!best) return undefined;
  const hasParams = Object.keys(best.params).length > 0;
  return { route: best.route, pathParameters: hasParams ? best.params : undefined };
};

const decodeQueryComponent = (value: string): string => safeDecode(value.replaceAll("+", " ")) ?? value;

/** Duplicate keys are joined with commas, as API Gateway does; undefined when there is no query. */
export const parseQueryString = (rawQueryString: string): Record<string, string> | undefined => {
  const result: Record<string, string> = {};
  for (const pair of rawQueryString.split("&")) {
    if (pair === "") continue;
    const separator = pair.indexOf("=");
    const key = decodeQueryComponent(separator === -1 ? pair : pair.slice(0, separator));
    const value = separator === -1 ? "" : decodeQueryComponent(pair.slice(separator + 1));
    result[key] = key in result ? `${result[key]},${value}` : value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
};

/**
 * Header names lower-cased and duplicates comma-joined; the Cookie header moves to `cookies`,
 * which is where payload v2.0 delivers it.
 */
export const normalizeHeaders = (
  rawHeaders: readonly string[],
): { headers: Record<string, string>; cookies: string[] | undefined } => {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] ?? "").toLowerCase();
    const value = rawHeaders[index + 1] ?? "";
    if (name === "cookie") {
      cookies.push(
        ...value
          .split(";")
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies: cookies.length > 0 ? cookies : undefined };
};

/** The first value of a header, by lower-case name, from Node's raw name/value list. */
export const headerValue = (rawHeaders: readonly string[], name: string): string | undefined => {
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]?.toLowerCase() === name) return rawHeaders[index + 1];
  }
  return undefined;
};

/**
 * API Gateway hands JWT claims to Lambda as strings: numbers and booleans stringified, arrays as
 * "[a b]", objects as JSON. Handlers must cope with that, so the local server does the same.
 */
export const stringifyClaims = (claims: Record<string, unknown>): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) result[name] = `[${value.map(String).join(" ")}]`;
    else if (typeof value === "object") result[name] = JSON.stringify(value);
    else result[name] = String(value);
  }
  return result;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Text bodies pass as strings; anything that is not valid UTF-8 is base64-encoded. */
export const encodeBody = (body: Buffer): { body?: string; isBase64Encoded: boolean } => {
  if (body.length === 0) return { isBase64Encoded: false };
  try {
    return { body: utf8.decode(body), isBase64Encoded: false };
  } catch {
    return { body: body.toString("base64"), isBase64Encoded: true };
  }
};

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (value: number): string => String(value).padStart(2, "0");

/** requestContext.time, e.g. "12/Mar/2020:19:03:58 +0000". */
export const formatRequestTime = (date: Date): string =>
  `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
  `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;

export type IncomingRequest = {
  method: string;
  /** The request target as received, path plus optional query. */
  url: string;
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  protocol: string;
  localPort: number;
};

export type EventInput = {
  request: IncomingRequest;
  match: RouteMatch;
  requestId: string;
  now: Date;
  /** Verified JWT claims; undefined for public routes, which carry no authorizer. */
  claims: Record<string, unknown> | undefined;
};

export type HttpApiEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;

export const splitUrl = (url: string): { rawPath: string; rawQueryString: string } => {
  const withoutOrigin = url.startsWith("/") ? url : url.replace(/^[a-z]+:\/\/[^/]*/i, "") || "/";
  const queryStart = withoutOrigin.indexOf("?");
  if (queryStart === -1) return { rawPath: withoutOrigin, rawQueryString: "" };
  return { rawPath: withoutOrigin.slice(0, queryStart), rawQueryString: withoutOrigin.slice(queryStart + 1) };
};

const traceId = (now: Date, requestId: string): string => {
  const seconds = Math.floor(now.getTime() / 1000).toString(16);
  const random = Buffer.from(requestId).toString("hex").padEnd(24, "0").slice(0, 24);
  return `Root=1-${seconds}-${random}`;
};

export const buildEvent = ({ request, match, requestId, now, claims }: EventInput): HttpApiEvent => {
  const { rawPath, rawQueryString } = splitUrl(request.url);
  const { headers: received, cookies } = normalizeHeaders(request.rawHeaders);
  const headers: Record<string, string> = {
    ...received,
    "x-amzn-trace-id": traceId(now, requestId),
    "x-forwarded-for": received["x-forwarded-for"]
      ? `${received["x-forwarded-for"]},${request.sourceIp}`
      : request.sourceIp,
    "x-forwarded-port": String(request.localPort),
    "x-forwarded-proto": "http",
  };
  if (request.body.length > 0) headers["content-length"] = String(request.body.length);
  const domainName = (received.host ?? "localhost").replace(/:\d+$/, "");
  const key = routeKey(match.route);
  const queryStringParameters = parseQueryString(rawQueryString);
  const requestContext = {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    domainName,
    domainPrefix: domainName.split(".")[0] ?? domainName,
    http: {
      method: request.method,
      path: safeDecode(rawPath) ?? rawPath,
      protocol: request.protocol,
      sourceIp: request.sourceIp,
      userAgent: received["user-agent"] ?? "",
    },
    requestId,
    routeKey: key,
    stage: "$default",
    time: formatRequestTime(now),
    timeEpoch: now.getTime(),
  };
  const base = {
    version: "2.0",
    routeKey: key,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    ...encodeBody(request.body),
  };
  if (!claims) return { ...base, requestContext };
  return {
    ...base,
    requestContext: {
      ...requestContext,
      authorizer: { jwt: { claims: stringifyClaims(claims), scopes: null } },
    },
  };
};

/** What Lambda passes as the second argument; the deadline follows the integration timeout. */
export const buildContext = (options: {
  functionName: string;
  requestId: string;
  region: string;
  startedAt: number;
  timeoutMs?: number;
}): Context => {
  const { functionName, requestId, region, startedAt } = options;
  const deadline = startedAt + (options.timeoutMs ?? INTEGRATION_TIMEOUT_MS);
  const day = new Date(startedAt).toISOString().slice(0, 10).replaceAll("-", "/");
  const unsupported = () => {
    throw new Error("context.done/fail/succeed are not supported: return a promise");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: String(LAMBDA_MEMORY_MB),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]local${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
};
