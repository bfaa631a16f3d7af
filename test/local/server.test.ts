import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, it } from "vitest";
import type { HttpApiEvent } from "../../scripts/local/event.ts";
import { createLocalIssuer, issuerFor, type LocalIssuer, loadSigningKey } from "../../scripts/local/jwt.ts";
import {
  close,
  createLocalServer,
  issuerOf,
  type LambdaHandler,
  listen,
} from "../../scripts/local/server.ts";
import { routes } from "../../shared/routes.ts";

type ErrorBody = {
  error: { code: string; message: string; details: { path: string; message: string }[]; requestId: string };
};

const errorOf = async (response: Response): Promise<ErrorBody["error"]> =>
  ((await response.json()) as ErrorBody).error;

type Invocation = { fn: string; event: HttpApiEvent; remaining: number; functionName: string };

describe("local API server", () => {
  const invocations: Invocation[] = [];
  let behaviour: (event: HttpApiEvent) => Promise<unknown> = async () => ({ statusCode: 200, body: "{}" });
  let server: Server;
  let issuer: LocalIssuer;
  let base: string;

  beforeAll(async () => {
    const key = await loadSigningKey();
    server = createLocalServer({
      key,
      corsOrigins: "https://app.example, https://admin.example",
      timeoutMs: 300,
      loadHandler: async (fn) => {
        const handler: LambdaHandler = async (event, context) => {
          invocations.push({
            fn,
            event,
            remaining: context.getRemainingTimeInMillis(),
            functionName: context.functionName,
          });
          return behaviour(event);
        };
        return handler;
      },
    });
    const port = await listen(server, 0, "127.0.0.1");
    base = `http://127.0.0.1:${port}`;
    issuer = issuerOf(server);
  });

  afterAll(async () => {
    await close(server);
  });

  beforeEach(() => {
    invocations.length = 0;
    behaviour = async () => ({ statusCode: 200, body: "{}" });
  });

  const bearer = async (role: "department" | "approver" = "department") => {
    const { token } = await issuer.signToken({ role, unit: "dept-education", sub: "alice" });
    return { authorization: `Bearer ${token}` };
  };

  it("answers 404 in the documented format for an unknown route or method", async () => {
    for (const [method, path] of [
      ["GET", "/v1/nothing"],
      ["DELETE", "/v1/units"],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method });
      assert.equal(response.status, 404);
      const error = await errorOf(response);
      assert.equal(error.code, "NOT_FOUND");
      assert.deepEqual(error.details, []);
      assert.equal(error.requestId, response.headers.get("apigw-requestid"));
    }
    assert.equal(invocations.length, 0);
  });

  it("emulates the Lambda Invoke API for the sweep runner only", async () => {
    const before = invocations.length;
    const queued = await fetch(`${base}/2015-03-31/functions/burden-watch-sweep-runner/invocations`, {
      method: "POST",
      headers: { "x-amz-invocation-type": "Event" },
      body: JSON.stringify({ sweepId: "s-1" }),
    });
    assert.equal(queued.status, 202);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(invocations.length, before + 1);
    assert.equal(invocations.at(-1)?.fn, "sweep-runner");
    assert.deepEqual(invocations.at(-1)?.event, { sweepId: "s-1" });
    const other = await fetch(`${base}/2015-03-31/functions/burden-watch-units/invocations`, {
      method: "POST",
      body: "{}",
    });
    assert.equal(other.status, 404);
    assert.equal(invocations.length, before + 1);
  });

  it("runs public routes without a token and without an authorizer", async () => {
    const response = await fetch(`${base}/v1/health`);
    assert.equal(response.status, 200);
    assert.equal(invocations[0]?.fn, "meta");
    assert.equal("authorizer" in (invocations[0]?.event.requestContext ?? {}), false);
  });

  it("answers 401 without calling the handler for a missing, malformed, foreign or expired token", async () => {
    const foreign = createLocalIssuer({ key: await loadSigningKey(), issuer: issuer.issuer() });
    const wrongIssuer = createLocalIssuer({ key: await loadSigningKey(), issuer: issuerFor(1) });
    const tokens = [
      undefined,
      "Basic dXNlcjpwYXNz",
      "Bearer not-a-jwt",
      `Bearer ${(await foreign.signToken({ role: "admin", unit: "city-office" })).token}`,
      `Bearer ${(await wrongIssuer.signToken({ role: "admin", unit: "city-office" })).token}`,
      `Bearer ${(await issuer.signToken({ role: "admin", unit: "city-office", expiresInSeconds: -60 })).token}`,
    ];
    for (const authorization of tokens) {
      const response = await fetch(`${base}/v1/units`, { headers: authorization ? { authorization } : {} });
      assert.equal(response.status, 401, String(authorization));
      const error = await errorOf(response);
      assert.equal(error.code, "UNAUTHORIZED");
      assert.equal(typeof error.requestId, "string");
    }
    assert.equal(invocations.length, 0);
  });

  it("hands the handler a faithful payload v2.0 event with string claims", async () => {
    const response = await fetch(`${base}/v1/requests/abc%20123/decision?x=1&x=2`, {
      method: "POST",
      headers: { ...(await bearer("approver")), "content-type": "application/json", cookie: "a=1; b=2" },
      body: JSON.stringify({ decision: "approve" }),
    });
    assert.equal(response.status, 200);
    const [call] = invocations;
    assert.ok(call);
    assert.equal(call.fn, "requests");
    assert.equal(call.functionName, "burden-watch-requests");
    assert.ok(call.remaining > 0 && call.remaining <= 300);
    const event = call.event as APIGatewayProxyEventV2WithJWTAuthorizer;
    assert.equal(event.routeKey, "POST /v1/requests/{id}/decision");
    assert.deepEqual(event.pathParameters, { id: "abc 123" });
    assert.deepEqual(event.queryStringParameters, { x: "1,2" });
    assert.deepEqual(event.cookies, ["a=1", "b=2"]);
    assert.equal(event.body, '{"decision":"approve"}');
    assert.equal(event.requestContext.requestId, response.headers.get("apigw-requestid"));
    const { claims } = event.requestContext.authorizer.jwt;
    assert.equal(claims["cognito:groups"], "[approver]");
    assert.equal(claims["custom:unit"], "dept-education");
    assert.equal(claims.sub, "alice");
    assert.equal(typeof claims.exp, "string");
    assert.equal(typeof claims.iat, "string");
  });

  it("writes the handler's status, headers, cookies and base64 body", async () => {
    behaviour = async () => ({
      statusCode: 201,
      headers: { "Content-Type": "application/octet-stream", "X-Count": 3 },
      cookies: ["session=1; HttpOnly"],
      body: Buffer.from([1, 2, 3]).toString("base64"),
      isBase64Encoded: true,
    });
    const response = await fetch(`${base}/v1/units`, { headers: await bearer() });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("content-type"), "application/octet-stream");
    assert.equal(response.headers.get("x-count"), "3");
    assert.equal(response.headers.get("set-cookie"), "session=1; HttpOnly");
    assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [1, 2, 3]);
  });

  it("answers 500 INTERNAL with no stack when a handler throws", async () => {
    behaviour = async () => {
      throw new Error("secret internals at /srv/app.ts:12");
    };
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    const response = await fetch(`${base}/v1/health`).finally(() => {
      process.stderr.write = stderr;
    });
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.equal(text.includes("secret"), false);
    const body = JSON.parse(text);
    assert.equal(body.error.code, "INTERNAL");
    assert.equal(body.error.message, "Internal error");
  });

  it("answers 503 when a handler outlives the integration timeout", async () => {
    behaviour = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 1000).unref());
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    const response = await fetch(`${base}/v1/health`).finally(() => {
      process.stderr.write = stderr;
    });
    assert.equal(response.status, 503);
    assert.equal((await errorOf(response)).code, "DEPENDENCY_UNAVAILABLE");
  });

  it("answers 413 beyond 10 MB, declared or streamed, without calling the handler", async () => {
    const headers = await bearer();
    const tooBig = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    const declared = await fetch(`${base}/v1/units`, { method: "POST", headers, body: tooBig });
    assert.equal(declared.status, 413);
    assert.equal((await errorOf(declared)).code, "PAYLOAD_TOO_LARGE");

    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 12) controller.close();
        else {
          sent += 1;
          controller.enqueue(chunk);
        }
      },
    });
    const streamed = await fetch(`${base}/v1/units`, {
      method: "POST",
      headers,
      body: stream,
      duplex: "half",
    });
    assert.equal(streamed.status, 413);
    assert.equal(invocations.length, 0);
  });

  it("passes a 5 MB body through but stops a 7 MB one at Lambda's 6 MB invocation limit", async () => {
    const headers = { ...(await bearer()), "content-type": "text/plain" };
    const fits = await fetch(`${base}/v1/units`, {
      method: "POST",
      headers,
      body: Buffer.alloc(5 * 1024 * 1024, 0x61),
    });
    assert.equal(fits.status, 200);
    assert.equal(invocations[0]?.event.body?.length, 5 * 1024 * 1024);

    const tooBig = await fetch(`${base}/v1/units`, {
      method: "POST",
      headers,
      body: Buffer.alloc(7 * 1024 * 1024, 0x61),
    });
    assert.equal(tooBig.status, 413);
    assert.equal((await errorOf(tooBig)).code, "PAYLOAD_TOO_LARGE");
    assert.equal(invocations.length, 1);
  });

  it("answers 500 when a response exceeds Lambda's 6 MB limit", async () => {
    behaviour = async () => ({ statusCode: 200, body: "a".repeat(7 * 1024 * 1024) });
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    const response = await fetch(`${base}/v1/health`).finally(() => {
      process.stderr.write = stderr;
    });
    assert.equal(response.status, 500);
    assert.equal((await errorOf(response)).code, "INTERNAL");
  });

  it("answers preflights like API Gateway's CORS configuration", async () => {
    const allowed = await fetch(`${base}/v1/requests`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get("access-control-allow-origin"), "https://app.example");
    assert.match(allowed.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.match(allowed.headers.get("access-control-allow-headers") ?? "", /authorization/);

    const refused = await fetch(`${base}/v1/requests`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    assert.equal(refused.status, 204);
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
    assert.equal(invocations.length, 0);
  });

  it("replaces the handler's CORS headers with the configured ones", async () => {
    behaviour = async () => ({
      statusCode: 200,
      headers: { "Access-Control-Allow-Origin": "*" },
      body: "{}",
    });
    const allowed = await fetch(`${base}/v1/health`, { headers: { origin: "https://admin.example" } });
    assert.equal(allowed.headers.get("access-control-allow-origin"), "https://admin.example");
    const refused = await fetch(`${base}/v1/health`, { headers: { origin: "https://evil.example" } });
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
  });

  describe("POST /dev/token", () => {
    const post = (body: string, contentType = "application/json") =>
      fetch(`${base}/dev/token`, { method: "POST", headers: { "content-type": contentType }, body });

    it("issues a token the server accepts", async () => {
      const response = await post(JSON.stringify({ role: "grassroots", unit: "village-1", sub: "bob" }));
      assert.equal(response.status, 201);
      const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: string };
      assert.ok(Date.parse(expiresAt) > Date.now());
      const claims = await issuer.verifyToken(token);
      assert.equal(claims.sub, "bob");
      assert.deepEqual(claims["cognito:groups"], ["grassroots"]);
      const use = await fetch(`${base}/v1/events`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(use.status, 200);
    });

    it("refuses bad input with 400 and details", async () => {
      const cases: [string, string][] = [
        [JSON.stringify({ role: "mayor", unit: "city-office" }), "role"],
        [JSON.stringify({ role: "admin" }), "unit"],
        [JSON.stringify({ role: "admin", unit: "" }), "unit"],
        [JSON.stringify({ role: "admin", unit: "../etc" }), "unit"],
        [JSON.stringify({ role: "admin", unit: "city-office", extra: true }), ""],
        [JSON.stringify(["admin"]), ""],
        ["{not json", ""],
        ["", ""],
      ];
      for (const [body, path] of cases) {
        const response = await post(body);
        assert.equal(response.status, 400, body);
        const error = await errorOf(response);
        assert.equal(error.code, "VALIDATION_FAILED");
        assert.ok(
          error.details.some((detail) => detail.path === path),
          `${body}: ${JSON.stringify(error.details)}`,
        );
      }
    });

    it("refuses a body that is not JSON by content type with 415", async () => {
      const response = await post("role=admin&unit=x", "application/x-www-form-urlencoded");
      assert.equal(response.status, 415);
      assert.equal((await errorOf(response)).code, "UNSUPPORTED_MEDIA_TYPE");
    });

    it("is local only: the shared route table, hence API Gateway, never has it", () => {
      assert.equal(
        routes.some((route) => route.path.startsWith("/dev")),
        false,
      );
    });

    it("exists only as POST", async () => {
      const response = await fetch(`${base}/dev/token`);
      assert.equal(response.status, 404);
    });
  });

  it("publishes the issuer's JWKS", async () => {
    const response = await fetch(
      `${new URL(issuer.issuer()).pathname.replace(/^/, base)}/.well-known/jwks.json`,
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), issuer.jwks());
  });
});
