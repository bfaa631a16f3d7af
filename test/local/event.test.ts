import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  buildContext,
  buildEvent,
  encodeBody,
  formatRequestTime,
  type IncomingRequest,
  matchRoute,
  normalizeHeaders,
  parseQueryString,
  stringifyClaims,
} from "../../scripts/local/event.ts";
import { type RouteDefinition, routes } from "../../shared/routes.ts";

const request = (overrides: Partial<IncomingRequest> = {}): IncomingRequest => ({
  method: "GET",
  url: "/v1/health",
  rawHeaders: ["Host", "localhost:3000", "User-Agent", "test-agent"],
  body: Buffer.alloc(0),
  sourceIp: "127.0.0.1",
  protocol: "HTTP/1.1",
  localPort: 3000,
  ...overrides,
});

const findRoute = (method: string, path: string): RouteDefinition => {
  const route = routes.find((candidate) => candidate.method === method && candidate.path === path);
  assert.ok(route, `${method} ${path} is in the route table`);
  return route;
};

describe("route matching", () => {
  it("matches a template and decodes its parameters", () => {
    const match = matchRoute(routes, "POST", "/v1/requests/01ABC%2D7/decision");
    assert.equal(match?.route.path, "/v1/requests/{id}/decision");
    assert.deepEqual(match?.pathParameters, { id: "01ABC-7" });
  });

  it("gives no path parameters for a literal route", () => {
    const match = matchRoute(routes, "GET", "/v1/units");
    assert.equal(match?.route.operationId, "listUnits");
    assert.equal(match?.pathParameters, undefined);
  });

  it("answers nothing for a wrong method, an unknown path, a trailing slash or an empty segment", () => {
    assert.equal(matchRoute(routes, "DELETE", "/v1/units"), undefined);
    assert.equal(matchRoute(routes, "GET", "/v1/nothing"), undefined);
    assert.equal(matchRoute(routes, "GET", "/v1/units/"), undefined);
    assert.equal(matchRoute(routes, "GET", "/v1/units/a/b"), undefined);
    assert.equal(matchRoute(routes, "GET", "/v1/units/%E0%A4%A"), undefined);
  });

  it("prefers a literal segment over a parameter, as API Gateway does", () => {
    const table: RouteDefinition[] = [
      { ...findRoute("GET", "/v1/units/{id}") },
      { ...findRoute("GET", "/v1/units/{id}"), operationId: "literal", path: "/v1/units/mine" },
    ];
    assert.equal(matchRoute(table, "GET", "/v1/units/mine")?.route.operationId, "literal");
    assert.equal(matchRoute(table, "GET", "/v1/units/other")?.route.operationId, "getUnit");
  });

  it("supports greedy parameters", () => {
    const table: RouteDefinition[] = [{ ...findRoute("GET", "/v1/units/{id}"), path: "/files/{proxy+}" }];
    assert.deepEqual(matchRoute(table, "GET", "/files/a/b%20c")?.pathParameters, { proxy: "a/b c" });
  });
});

describe("payload v2.0 pieces", () => {
  it("joins duplicate query parameters with commas and decodes them", () => {
    assert.deepEqual(parseQueryString("status=open&status=responded&q=a%20b+c&flag&=x"), {
      status: "open,responded",
      q: "a b c",
      flag: "",
      "": "x",
    });
    assert.equal(parseQueryString(""), undefined);
  });

  it("lower-cases header names, joins duplicates and moves cookies out", () => {
    const { headers, cookies } = normalizeHeaders([
      "X-Custom",
      "one",
      "x-custom",
      "two",
      "Cookie",
      "a=1; b=2",
      "Content-Type",
      "application/json",
    ]);
    assert.deepEqual(headers, { "x-custom": "one,two", "content-type": "application/json" });
    assert.deepEqual(cookies, ["a=1", "b=2"]);
  });

  it("passes claims as strings, arrays bracketed and space-separated", () => {
    assert.deepEqual(
      stringifyClaims({
        sub: "alice",
        "cognito:groups": ["approver", "supervisor"],
        exp: 1_700_000_000,
        email_verified: true,
        address: { locality: "x" },
        nothing: null,
      }),
      {
        sub: "alice",
        "cognito:groups": "[approver supervisor]",
        exp: "1700000000",
        email_verified: "true",
        address: '{"locality":"x"}',
      },
    );
  });

  it("keeps UTF-8 bodies as text and base64-encodes anything else", () => {
    assert.deepEqual(encodeBody(Buffer.from('{"name":"东镇"}')), {
      body: '{"name":"东镇"}',
      isBase64Encoded: false,
    });
    assert.deepEqual(encodeBody(Buffer.from([0xff, 0xfe, 0x00])), { body: "//4A", isBase64Encoded: true });
    assert.deepEqual(encodeBody(Buffer.alloc(0)), { isBase64Encoded: false });
  });

  it("formats requestContext.time like API Gateway", () => {
    assert.equal(formatRequestTime(new Date("2020-03-12T19:03:58Z")), "12/Mar/2020:19:03:58 +0000");
  });
});

describe("buildEvent", () => {
  const now = new Date("2026-11-30T00:00:00.000Z");

  it("builds the event for an authorized route with path parameters and a query", () => {
    const route = findRoute("POST", "/v1/requests/{id}/decision");
    const match = matchRoute(routes, "POST", "/v1/requests/req%201/decision");
    assert.ok(match);
    const body = Buffer.from(JSON.stringify({ decision: "approve" }));
    const event = buildEvent({
      request: request({
        method: "POST",
        url: "/v1/requests/req%201/decision?dry=1&dry=2",
        rawHeaders: [
          "Host",
          "localhost:3000",
          "Content-Type",
          "application/json",
          "Authorization",
          "Bearer x.y.z",
          "Cookie",
          "theme=dark",
          "User-Agent",
          "curl/8",
        ],
        body,
      }),
      match,
      requestId: "JKJaXmPLvHcESHA=",
      now,
      claims: { sub: "alice", "cognito:groups": ["approver"], "custom:unit": "city-office", iat: 1 },
    });

    assert.equal(event.version, "2.0");
    assert.equal(event.routeKey, "POST /v1/requests/{id}/decision");
    assert.equal(event.rawPath, "/v1/requests/req%201/decision");
    assert.equal(event.rawQueryString, "dry=1&dry=2");
    assert.deepEqual(event.cookies, ["theme=dark"]);
    assert.equal(event.headers["content-type"], "application/json");
    assert.equal(event.headers.authorization, "Bearer x.y.z");
    assert.equal(event.headers.cookie, undefined);
    assert.equal(event.headers["x-forwarded-for"], "127.0.0.1");
    assert.equal(event.headers["x-forwarded-proto"], "http");
    assert.equal(event.headers["content-length"], String(body.length));
    assert.match(event.headers["x-amzn-trace-id"] ?? "", /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.deepEqual(event.queryStringParameters, { dry: "1,2" });
    assert.deepEqual(event.pathParameters, { id: "req 1" });
    assert.equal(event.body, '{"decision":"approve"}');
    assert.equal(event.isBase64Encoded, false);

    const context = event.requestContext;
    assert.equal(context.routeKey, `${route.method} ${route.path}`);
    assert.equal(context.stage, "$default");
    assert.equal(context.requestId, "JKJaXmPLvHcESHA=");
    assert.equal(context.domainName, "localhost");
    assert.equal(context.domainPrefix, "localhost");
    assert.equal(context.accountId, "123456789012");
    assert.equal(context.apiId, "local");
    assert.deepEqual(context.http, {
      method: "POST",
      path: "/v1/requests/req 1/decision",
      protocol: "HTTP/1.1",
      sourceIp: "127.0.0.1",
      userAgent: "curl/8",
    });
    assert.equal(context.time, "30/Nov/2026:00:00:00 +0000");
    assert.equal(context.timeEpoch, now.getTime());
    assert.ok("authorizer" in context);
    assert.deepEqual(context.authorizer, {
      jwt: {
        claims: { sub: "alice", "cognito:groups": "[approver]", "custom:unit": "city-office", iat: "1" },
        scopes: null,
      },
    });
  });

  it("omits what is absent: no query, no path parameters, no cookies, no body, no authorizer", () => {
    const match = matchRoute(routes, "GET", "/v1/health");
    assert.ok(match);
    const event = buildEvent({ request: request(), match, requestId: "r", now, claims: undefined });
    for (const key of ["queryStringParameters", "pathParameters", "cookies", "body"]) {
      assert.equal(key in event, false, `${key} is omitted`);
    }
    assert.equal("authorizer" in event.requestContext, false);
    assert.equal(event.rawQueryString, "");
    assert.equal(event.isBase64Encoded, false);
  });
});

describe("buildContext", () => {
  it("looks like a Lambda context with a deadline from the integration timeout", () => {
    const context = buildContext({
      functionName: "burden-watch-units",
      requestId: "abc",
      region: "ap-east-1",
      startedAt: Date.now(),
    });
    assert.equal(context.functionName, "burden-watch-units");
    assert.equal(context.awsRequestId, "abc");
    assert.equal(
      context.invokedFunctionArn,
      "arn:aws:lambda:ap-east-1:123456789012:function:burden-watch-units",
    );
    assert.equal(context.logGroupName, "/aws/lambda/burden-watch-units");
    const remaining = context.getRemainingTimeInMillis();
    assert.ok(remaining > 28_000 && remaining <= 29_000, `remaining ${remaining}`);
  });
});
