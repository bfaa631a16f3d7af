import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import * as z from "zod/mini";
import { reloadConfig } from "../../shared/platform/config.ts";
import { issuerTokenVerifier } from "../../shared/platform/http/bearer.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import type { RouteDefinition } from "../../shared/platform/http/route.ts";
import { apiEvent, invoke, jsonHeaders } from "../fakes/http.ts";
import { memoryIdempotencyStore } from "../fakes/idempotency.ts";

const AUDIENCE = "complaints-client";

const route = {
  operationId: "fileThing",
  method: "POST",
  path: "/v1/things",
  fn: "meta",
  summary: "A public route that also takes a token",
  access: "public",
  acceptsToken: true,
  body: z.object({}),
  response: z.object({ who: z.nullable(z.string()), unitId: z.nullable(z.string()) }),
  successStatus: 201,
} as const satisfies RouteDefinition;

const handler = httpHandler(
  [route],
  {
    fileThing: async ({ caller }) => ({ who: caller?.sub ?? null, unitId: caller?.unitId ?? null }),
  },
  { idempotency: memoryIdempotencyStore(), verifyToken: issuerTokenVerifier() },
);

const call = (authorization?: string) =>
  invoke(
    handler,
    apiEvent("POST /v1/things", {
      body: "{}",
      headers: { ...jsonHeaders, ...(authorization === undefined ? {} : { authorization }) },
    }),
  );

describe("a public route that also takes a token", () => {
  let server: Server;
  let issuer: string;
  let signingKey: CryptoKey;
  let strangerKey: CryptoKey;
  const saved = { ...process.env };

  const token = async (
    claims: Record<string, unknown>,
    options: { key?: CryptoKey; issuer?: string; expiresIn?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setIssuer(options.issuer ?? issuer)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? "1h")
      .sign(options.key ?? signingKey);

  beforeAll(async () => {
    const pair = await generateKeyPair("ES256");
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair("ES256")).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
    server = createServer((request, response) => {
      const found = request.url === "/pool/.well-known/jwks.json";
      response.writeHead(found ? 200 : 404, { "content-type": "application/json" });
      response.end(found ? JSON.stringify({ keys: [jwk] }) : "{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    assert.ok(address && typeof address === "object");
    issuer = `http://127.0.0.1:${address.port}/pool`;
    process.env.TOKEN_ISSUER = issuer;
    process.env.TOKEN_AUDIENCE = AUDIENCE;
    reloadConfig();
  });

  afterEach(() => {
    process.env.TOKEN_ISSUER = issuer;
    process.env.TOKEN_AUDIENCE = AUDIENCE;
    reloadConfig();
  });

  afterAll(async () => {
    process.env = saved;
    reloadConfig();
    await new Promise((resolve) => server.close(resolve));
  });

  const person = { sub: "cadre-7", "cognito:groups": ["grassroots"], "custom:unit": "village-1" };

  it("answers an anonymous caller when no token comes", async () => {
    const answer = await call();
    assert.equal(answer.status, 201);
    assert.deepEqual(answer.body, { who: null, unitId: null });
  });

  it("knows the caller of a valid ID token (aud) or access token (client_id)", async () => {
    for (const claims of [
      { ...person, aud: AUDIENCE },
      { ...person, aud: ["other", AUDIENCE] },
      { ...person, client_id: AUDIENCE },
    ]) {
      const answer = await call(`Bearer ${await token(claims)}`);
      assert.equal(answer.status, 201, JSON.stringify(claims));
      assert.deepEqual(answer.body, { who: "cadre-7", unitId: "village-1" });
    }
  });

  it("refuses with 401, never as anonymous, a token it cannot trust", async () => {
    const refused = [
      "Basic dXNlcjpwYXNz",
      "Bearer",
      "Bearer not-a-jwt",
      `Bearer ${await token({ ...person, aud: "someone-else" })}`,
      `Bearer ${await token({ ...person, aud: AUDIENCE }, { key: strangerKey })}`,
      `Bearer ${await token({ ...person, aud: AUDIENCE }, { issuer: "https://elsewhere.example/pool" })}`,
      `Bearer ${await token({ ...person, aud: AUDIENCE }, { expiresIn: "-1h" })}`,
      `Bearer ${await token({ aud: AUDIENCE, "cognito:groups": ["supervisor"] })}`,
    ];
    for (const authorization of refused) {
      const answer = await call(authorization);
      assert.equal(answer.status, 401, authorization);
      assert.equal((answer.body as { error: { code: string } }).error.code, "UNAUTHORIZED");
    }
  });

  it("accepts no token at all where no issuer is configured, and still takes anonymous callers", async () => {
    delete process.env.TOKEN_ISSUER;
    reloadConfig();
    const valid = `Bearer ${await token({ ...person, aud: AUDIENCE })}`;
    assert.equal((await call(valid)).status, 401);
    assert.equal((await call()).status, 201);
  });

  it("cannot be built without a verifier", () => {
    assert.throws(
      () => httpHandler([route], { fileThing: async () => ({ who: null, unitId: null }) }, {}),
      /options\.(idempotency|verifyToken)/,
    );
    assert.throws(
      () =>
        httpHandler(
          [route],
          { fileThing: async () => ({ who: null, unitId: null }) },
          { idempotency: memoryIdempotencyStore() },
        ),
      /options\.verifyToken/,
    );
  });
});
