import assert from "node:assert/strict";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import fc from "fast-check";
import { describe, it } from "vitest";
import { ConflictError } from "../../shared/platform/errors.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";

type Claims = Record<string, string>;

const event = (
  routeKey: string,
  options: {
    claims?: Claims;
    body?: string;
    headers?: Record<string, string>;
    path?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer =>
  ({
    version: "2.0",
    routeKey,
    rawPath: "/",
    rawQueryString: "",
    headers: options.headers ?? {},
    pathParameters: options.path,
    queryStringParameters: options.query,
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      requestId: "req-1",
      routeKey,
      http: {
        method: routeKey.split(" ")[0],
        path: routeKey.split(" ")[1],
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "test",
      },
      authorizer: options.claims ? { jwt: { claims: options.claims, scopes: null } } : undefined,
    },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

const context = {} as Context;
const admin: Claims = { sub: "u-admin", "cognito:groups": "[admin]", "custom:unit": "city-office" };
const grassroots: Claims = { sub: "u-village", "cognito:groups": "[grassroots]", "custom:unit": "village-1" };
const jsonHeaders = { "content-type": "application/json" };
const validUnit = JSON.stringify({
  id: "dept-x",
  name: "Dept X",
  kind: "department",
  emails: ["x@city.gov"],
});

const calls: unknown[] = [];
const handler = httpHandler("units", {
  listUnits: async ({ query }) => ({ items: [], nextCursor: null, query }),
  createUnit: async (input) => {
    calls.push(input.body);
    return { created: input.body, by: input.caller.sub };
  },
  getUnit: async ({ params }) => {
    if (params.id === "busy") throw new ConflictError("changed");
    throw new Error("database exploded with secret details");
  },
  updateUnit: async () => ({}),
});

const call = async (e: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  const result = await handler(e, context);
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  return { status: result.statusCode, headers, body: JSON.parse(String(result.body)) };
};

describe("the HTTP handler", () => {
  it("passes the authorized, validated input to the operation", async () => {
    const result = await call(
      event("POST /v1/units", { claims: admin, body: validUnit, headers: jsonHeaders }),
    );
    assert.equal(result.status, 201);
    assert.equal(result.body.by, "u-admin");
    assert.deepEqual(result.body.created.emails, ["x@city.gov"]);
  });

  it("answers 401 without claims and 403 for the wrong role, before the operation runs", async () => {
    const before = calls.length;
    assert.equal(
      (await call(event("POST /v1/units", { body: validUnit, headers: jsonHeaders }))).status,
      401,
    );
    const forbidden = await call(
      event("POST /v1/units", { claims: grassroots, body: validUnit, headers: jsonHeaders }),
    );
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, "FORBIDDEN");
    assert.equal(calls.length, before);
  });

  it("maps bad bodies to 400, 413 and 415 with the documented error shape", async () => {
    const send = (body: string, headers: Record<string, string> = jsonHeaders) =>
      call(event("POST /v1/units", { claims: admin, body, headers }));
    const malformed = await send("{not json");
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, "MALFORMED_JSON");
    assert.equal(malformed.body.error.requestId, "req-1");
    const unknownField = await send(JSON.stringify({ ...JSON.parse(validUnit), extra: 1 }));
    assert.equal(unknownField.status, 400);
    assert.equal(unknownField.body.error.code, "VALIDATION_FAILED");
    assert.ok(unknownField.body.error.details.length > 0);
    const wrongType = await send(JSON.stringify({ ...JSON.parse(validUnit), kind: "planet" }));
    assert.deepEqual(
      wrongType.body.error.details.map((detail: { path: string }) => detail.path),
      ["kind"],
    );
    assert.equal((await send(validUnit, { "content-type": "text/plain" })).status, 415);
    assert.equal((await send(JSON.stringify({ name: "x".repeat(1_100_000) }))).status, 413);
  });

  it("refuses unknown query parameters and malformed path ids", async () => {
    const query = await call(event("GET /v1/units", { claims: admin, query: { sort: "name" } }));
    assert.equal(query.status, 400);
    const path = await call(event("GET /v1/units/{id}", { claims: admin, path: { id: "../etc" } }));
    assert.equal(path.status, 404);
  });

  it("maps typed errors to their status and hides everything else behind a 500", async () => {
    const conflict = await call(event("GET /v1/units/{id}", { claims: admin, path: { id: "busy" } }));
    assert.equal(conflict.status, 409);
    const crash = await call(event("GET /v1/units/{id}", { claims: admin, path: { id: "boom" } }));
    assert.equal(crash.status, 500);
    assert.doesNotMatch(JSON.stringify(crash.body), /secret|exploded|at /);
  });

  it("adds security headers to every answer, errors included", async () => {
    const ok = await call(event("GET /v1/units", { claims: admin }));
    const failed = await call(event("GET /v1/units", { claims: admin, query: { bad: "1" } }));
    for (const result of [ok, failed]) {
      assert.equal(result.headers["x-content-type-options"], "nosniff");
      assert.match(String(result.headers["strict-transport-security"]), /max-age/);
    }
  });

  it("never answers 500 to any body a client sends", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        async (body) => {
          const result = await call(event("POST /v1/units", { claims: admin, body, headers: jsonHeaders }));
          assert.ok((result.status ?? 500) < 500, `status ${result.status} for ${body}`);
          assert.equal(typeof result.body, "object");
        },
      ),
      { numRuns: 300 },
    );
  });
});
