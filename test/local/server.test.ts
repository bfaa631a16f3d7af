import assert from "node:assert/strict";
import type { Server } from "node:http";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, it } from "vitest";
import { functionNames, invocableFunctionNames } from "../../infra/functions.ts";
import { applyLocalEnvironment } from "../../scripts/local/env.ts";
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
import { invokeRunner } from "../../shared/sweeps/use-cases.ts";

type ErrorBody = {
  error: { code: string; message: string; details: { path: string; message: string }[]; requestId: string };
};

const errorOf = async (response: Response): Promise<ErrorBody["error"]> =>
  ((await response.json()) as ErrorBody).error;

/** API Gateway's own answers: its bare body, its content type and its request id header. */
const assertGatewayAnswer = async (response: Response, status: number, message: string) => {
  assert.equal(response.status, status);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.match(response.headers.get("apigw-requestid") ?? "", /^[A-Za-z0-9+/]{15}=$/);
  assert.deepEqual(await response.json(), { message });
};

const silencingStderr = async <T>(work: () => Promise<T>): Promise<T> => {
  const stderr = process.stderr.write;
  process.stderr.write = () => true;
  try {
    return await work();
  } finally {
    process.stderr.write = stderr;
  }
};

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

  it("answers an unknown route or method with API Gateway's own 404", async () => {
    for (const [method, path] of [
      ["GET", "/v1/nothing"],
      ["DELETE", "/v1/units"],
    ] as const) {
      await assertGatewayAnswer(await fetch(`${base}${path}`, { method }), 404, "Not Found");
    }
    assert.equal(invocations.length, 0);
  });

  describe("the Lambda Invoke API", () => {
    let lambda: LambdaClient;
    const invoke = (fn: string, payload: unknown, type?: "Event", client = lambda) =>
      client.send(
        new InvokeCommand({
          FunctionName: `burden-watch-${fn}`,
          Payload: Buffer.from(JSON.stringify(payload)),
          ...(type ? { InvocationType: type } : {}),
        }),
      );

    beforeAll(() => {
      lambda = new LambdaClient({
        endpoint: base,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        maxAttempts: 1,
      });
    });

    afterAll(() => lambda.destroy());

    /**
     * A raw Invoke request signed as the SDK signs it, then optionally changed on the way: the
     * body sent, a signed header, or the signing date.
     */
    const signedFetch = async (
      fn: string,
      options: {
        body: string;
        event?: boolean;
        credentials?: { accessKeyId: string; secretAccessKey: string };
        signedAt?: Date;
        sendBody?: string;
        changeInvocationType?: string;
      },
    ): Promise<Response> => {
      const url = new URL(`${base}/2015-03-31/functions/burden-watch-${fn}/invocations`);
      const signer = new SignatureV4({
        credentials: options.credentials ?? { accessKeyId: "local", secretAccessKey: "local" },
        region: "us-east-1",
        service: "lambda",
        sha256: Hash.bind(null, "sha256"),
      });
      const signed = await signer.sign(
        {
          method: "POST",
          protocol: url.protocol,
          hostname: url.hostname,
          port: Number(url.port),
          path: url.pathname,
          query: {},
          headers: {
            host: url.host,
            "content-type": "application/json",
            ...(options.event ? { "x-amz-invocation-type": "Event" } : {}),
          },
          body: options.body,
        },
        options.signedAt ? { signingDate: options.signedAt } : {},
      );
      const { host: _host, ...headers } = signed.headers;
      if (options.changeInvocationType) headers["x-amz-invocation-type"] = options.changeInvocationType;
      return fetch(url, { method: "POST", headers, body: options.sendBody ?? options.body });
    };

    it("queues an Event invocation of each function the manifest marks as invoked", async () => {
      assert.ok(invocableFunctionNames.length > 0);
      for (const fn of invocableFunctionNames) {
        const before = invocations.length;
        const queued = await invoke(fn, { sweepId: "s-1" }, "Event");
        assert.equal(queued.StatusCode, 202);
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(invocations.length, before + 1);
        assert.equal(invocations.at(-1)?.fn, fn);
        assert.equal(invocations.at(-1)?.functionName, `burden-watch-${fn}`);
        assert.deepEqual(invocations.at(-1)?.event, { sweepId: "s-1" });
      }
    });

    it("answers a synchronous invocation with the result, or the function's error", async () => {
      const [fn = ""] = invocableFunctionNames;
      behaviour = async (event) => ({ received: event });
      const done = await invoke(fn, { sweepId: "s-2" });
      assert.equal(done.StatusCode, 200);
      assert.equal(done.FunctionError, undefined);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(done.Payload)), { received: { sweepId: "s-2" } });

      behaviour = async () => {
        throw new RangeError("no such window");
      };
      const failed = await invoke(fn, {});
      assert.equal(failed.StatusCode, 200);
      assert.equal(failed.FunctionError, "Unhandled");
      assert.deepEqual(JSON.parse(new TextDecoder().decode(failed.Payload)), {
        errorType: "RangeError",
        errorMessage: "no such window",
      });
    });

    it("refuses every other function as Lambda does, without running it", async () => {
      const others = [...functionNames.filter((fn) => !invocableFunctionNames.includes(fn)), "nothing"];
      assert.ok(others.length > 1);
      for (const fn of others) {
        await assert.rejects(invoke(fn, {}, "Event"), (error: Error) => {
          assert.equal(error.name, "ResourceNotFoundException");
          assert.match(
            error.message,
            new RegExp(`^Function not found: arn:aws:lambda:.*:function:burden-watch-${fn}$`),
          );
          return true;
        });
      }
      assert.equal(invocations.length, 0);
    });

    it("refuses a payload that is not JSON", async () => {
      const [fn = ""] = invocableFunctionNames;
      const response = await signedFetch(fn, { body: "{not json" });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get("x-amzn-errortype"), "InvalidRequestContentException");
      assert.equal(invocations.length, 0);
    });

    it("runs the runner for the sweeps API's own client, signed with the local credentials", async () => {
      applyLocalEnvironment({
        dynamodbEndpoint: "http://127.0.0.1:9",
        sesEndpoint: "http://127.0.0.1:9",
        lambdaEndpoint: base,
      });
      await invokeRunner("s-3");
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(
        invocations.map(({ fn, event }) => [fn, event]),
        [["sweep-runner", { sweepId: "s-3" }]],
      );
    });

    describe("refuses with 403, as Lambda does, and runs nothing", () => {
      const [fn = ""] = invocableFunctionNames;
      const sixMinutes = 6 * 60_000;

      const assertRefused = async (response: Response, type: string, message: RegExp) => {
        assert.equal(response.status, 403, type);
        assert.equal(response.headers.get("x-amzn-errortype"), type);
        assert.match(response.headers.get("x-amzn-requestid") ?? "", /.+/);
        const body = (await response.json()) as { Message: string };
        assert.match(body.Message, message);
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.deepEqual(invocations, [], type);
      };

      it("a signed request is run: the refusals below come from what they change", async () => {
        const response = await signedFetch(fn, { body: '{"sweepId":"s-4"}', event: true });
        assert.equal(response.status, 202);
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(invocations.length, 1);
      });

      it("no Authorization header", async () => {
        const response = await fetch(`${base}/2015-03-31/functions/burden-watch-${fn}/invocations`, {
          method: "POST",
          headers: { "x-amz-invocation-type": "Event" },
          body: "{}",
        });
        await assertRefused(
          response,
          "MissingAuthenticationTokenException",
          /^Missing Authentication Token$/,
        );
      });

      it("an Authorization header that is not SigV4", async () => {
        const response = await fetch(`${base}/2015-03-31/functions/burden-watch-${fn}/invocations`, {
          method: "POST",
          headers: { authorization: "Bearer x", "x-amz-invocation-type": "Event" },
          body: "{}",
        });
        await assertRefused(response, "IncompleteSignatureException", /requires 'Credential'/);
      });

      it("another access key", async () => {
        const response = await signedFetch(fn, {
          body: "{}",
          event: true,
          credentials: { accessKeyId: "AKIAOTHER", secretAccessKey: "local" },
        });
        await assertRefused(response, "UnrecognizedClientException", /security token included .* is invalid/);
      });

      it("the right access key with another secret, through the SDK's client", async () => {
        const wrong = new LambdaClient({
          endpoint: base,
          region: "us-east-1",
          credentials: { accessKeyId: "local", secretAccessKey: "not-local" },
          maxAttempts: 1,
        });
        try {
          await assert.rejects(invoke(fn, {}, "Event", wrong), (error: Error) => {
            assert.equal(error.name, "InvalidSignatureException");
            return true;
          });
        } finally {
          wrong.destroy();
        }
        assert.deepEqual(invocations, []);
      });

      it("a body changed after signing", async () => {
        const response = await signedFetch(fn, {
          body: '{"sweepId":"s-5"}',
          sendBody: '{"sweepId":"s-6"}',
          event: true,
        });
        await assertRefused(
          response,
          "InvalidSignatureException",
          /does not match the signature you provided/,
        );
      });

      it("a signed header changed after signing", async () => {
        const response = await signedFetch(fn, {
          body: "{}",
          event: true,
          changeInvocationType: "RequestResponse",
        });
        await assertRefused(response, "InvalidSignatureException", /does not match/);
      });

      it("a signature older than five minutes, or dated more than five minutes ahead", async () => {
        const old = await signedFetch(fn, {
          body: "{}",
          event: true,
          signedAt: new Date(Date.now() - sixMinutes),
        });
        await assertRefused(
          old,
          "InvalidSignatureException",
          /^Signature expired: \d{8}T\d{6}Z is now earlier than/,
        );
        const ahead = await signedFetch(fn, {
          body: "{}",
          event: true,
          signedAt: new Date(Date.now() + sixMinutes),
        });
        await assertRefused(ahead, "InvalidSignatureException", /^Signature not yet current:/);
      });

      it("before saying whether the function exists", async () => {
        const response = await fetch(`${base}/2015-03-31/functions/burden-watch-nothing/invocations`, {
          method: "POST",
          body: "{}",
        });
        await assertRefused(response, "MissingAuthenticationTokenException", /Missing/);
      });
    });
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
      assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer\b/, String(authorization));
      await assertGatewayAnswer(response, 401, "Unauthorized");
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

  it("passes the application's own error answers through unchanged", async () => {
    const body = JSON.stringify({
      error: { code: "NOT_FOUND", message: "No such unit", details: [], requestId: "r-1" },
    });
    behaviour = async () => ({
      statusCode: 404,
      headers: { "content-type": "application/json; charset=utf-8", "retry-after": "5" },
      body,
    });
    const response = await fetch(`${base}/v1/units`, { headers: await bearer() });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(response.headers.get("retry-after"), "5");
    assert.equal(await response.text(), body);
  });

  it("answers API Gateway's 500, revealing nothing, when a handler throws", async () => {
    behaviour = async () => {
      throw new Error("secret internals at /srv/app.ts:12");
    };
    const response = await silencingStderr(() => fetch(`${base}/v1/health`));
    await assertGatewayAnswer(response, 500, "Internal Server Error");
  });

  it("answers API Gateway's 500 when a handler returns what API Gateway cannot read", async () => {
    for (const result of [
      { statusCode: "200", body: "{}" },
      { statusCode: 200, body: { not: "a string" } },
      { statusCode: 200, headers: { "x-list": ["a", "b"] } },
    ]) {
      behaviour = async () => result;
      const response = await silencingStderr(() => fetch(`${base}/v1/health`));
      await assertGatewayAnswer(response, 500, "Internal Server Error");
    }
  });

  it("answers API Gateway's 503 when a handler outlives the integration timeout", async () => {
    behaviour = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 1000).unref());
    const response = await silencingStderr(() => fetch(`${base}/v1/health`));
    await assertGatewayAnswer(response, 503, "Service Unavailable");
  });

  it("answers API Gateway's 413 beyond 10 MB, declared or streamed, without calling the handler", async () => {
    const headers = await bearer();
    const tooBig = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    const declared = await fetch(`${base}/v1/units`, { method: "POST", headers, body: tooBig });
    await assertGatewayAnswer(declared, 413, "Request Entity Too Large");

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
    await assertGatewayAnswer(streamed, 413, "Request Entity Too Large");
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
    await assertGatewayAnswer(tooBig, 413, "Request Entity Too Large");
    assert.equal(invocations.length, 1);
  });

  it("answers API Gateway's 500 when a response exceeds Lambda's 6 MB limit", async () => {
    behaviour = async () => ({ statusCode: 200, body: "a".repeat(7 * 1024 * 1024) });
    const response = await silencingStderr(() => fetch(`${base}/v1/health`));
    await assertGatewayAnswer(response, 500, "Internal Server Error");
  });

  it("answers preflights like API Gateway's CORS configuration", async () => {
    const allowed = await fetch(`${base}/v1/requests`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,idempotency-key",
      },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get("access-control-allow-origin"), "https://app.example");
    assert.match(allowed.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.deepEqual(allowed.headers.get("access-control-allow-headers")?.split(",").sort(), [
      "authorization",
      "content-type",
      "idempotency-key",
      "x-receipt",
    ]);
    assert.equal(allowed.headers.get("access-control-expose-headers"), null);
    assert.match(allowed.headers.get("apigw-requestid") ?? "", /^[A-Za-z0-9+/]{15}=$/);

    const refused = await fetch(`${base}/v1/requests`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    assert.equal(refused.status, 204);
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
    assert.equal(refused.headers.get("access-control-allow-headers"), null);
    assert.equal(invocations.length, 0);
  });

  it("replaces the handler's CORS headers with the configured ones and exposes the headers clients read", async () => {
    behaviour = async () => ({
      statusCode: 201,
      headers: {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "x-secret",
        location: "/v1/units/u-1",
      },
      body: "{}",
    });
    const allowed = await fetch(`${base}/v1/health`, { headers: { origin: "https://admin.example" } });
    assert.equal(allowed.headers.get("access-control-allow-origin"), "https://admin.example");
    assert.deepEqual(allowed.headers.get("access-control-expose-headers")?.split(",").sort(), [
      "location",
      "retry-after",
      "x-request-id",
    ]);
    assert.equal(allowed.headers.get("location"), "/v1/units/u-1");
    assert.match(allowed.headers.get("apigw-requestid") ?? "", /^[A-Za-z0-9+/]{15}=$/);

    const refused = await fetch(`${base}/v1/health`, { headers: { origin: "https://evil.example" } });
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
    assert.equal(refused.headers.get("access-control-expose-headers"), null);
  });

  it("puts the same CORS headers on API Gateway's own answers", async () => {
    const response = await fetch(`${base}/v1/units`, { headers: { origin: "https://app.example" } });
    assert.equal(response.headers.get("access-control-allow-origin"), "https://app.example");
    assert.match(response.headers.get("access-control-expose-headers") ?? "", /retry-after/);
    await assertGatewayAnswer(response, 401, "Unauthorized");
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
      await assertGatewayAnswer(await fetch(`${base}/dev/token`), 404, "Not Found");
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
