import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { base64url, decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  AUDIENCE,
  createLocalIssuer,
  issuerFor,
  type LocalIssuer,
  loadSigningKey,
} from "../../scripts/local/jwt.ts";

const ISSUER = issuerFor(3000);

describe("local JWT issuer", () => {
  let issuer: LocalIssuer;
  let other: LocalIssuer;

  beforeAll(async () => {
    issuer = createLocalIssuer({ key: await loadSigningKey(), issuer: ISSUER });
    other = createLocalIssuer({ key: await loadSigningKey(), issuer: ISSUER });
  });

  it("signs tokens shaped like Cognito ID tokens", async () => {
    const { token, expiresAt } = await issuer.signToken({
      role: "approver",
      unit: "city-office",
      sub: "alice",
    });
    const claims = decodeJwt(token);
    assert.equal(decodeProtectedHeader(token).alg, "ES256");
    assert.equal(claims.iss, ISSUER);
    assert.equal(claims.aud, AUDIENCE);
    assert.equal(claims.sub, "alice");
    assert.deepEqual(claims["cognito:groups"], ["approver"]);
    assert.equal(claims["custom:unit"], "city-office");
    assert.equal(claims.token_use, "id");
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 12 * 3600);
    assert.equal(expiresAt, new Date((claims.exp ?? 0) * 1000).toISOString());
  });

  it("verifies its own tokens", async () => {
    const { token } = await issuer.signToken({ role: "department", unit: "dept-education" });
    const claims = await issuer.verifyToken(token);
    assert.equal(claims["custom:unit"], "dept-education");
    assert.equal(claims.sub, "local-department-dept-education");
  });

  it("rejects a token signed by another key", async () => {
    const { token } = await other.signToken({ role: "admin", unit: "city-office" });
    await assert.rejects(issuer.verifyToken(token));
  });

  it("rejects another key's signature even under this key's kid", async () => {
    const foreign = await loadSigningKey();
    const now = Math.floor(Date.now() / 1000);
    const [ownKid] = issuer.jwks().keys.map((jwk) => jwk.kid);
    const token = await new SignJWT({ "cognito:groups": ["admin"], "custom:unit": "city-office" })
      .setProtectedHeader({ alg: "ES256", kid: ownKid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject("mallory")
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(foreign.privateKey);
    await assert.rejects(issuer.verifyToken(token), { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
  });

  it("rejects a token whose payload was altered after signing", async () => {
    const { token } = await issuer.signToken({ role: "department", unit: "dept-education" });
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? "")));
    claims["cognito:groups"] = ["admin"];
    const forged = `${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`;
    await assert.rejects(issuer.verifyToken(forged), { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
  });

  it("rejects a wrong issuer even when the key is right", async () => {
    const key = await loadSigningKey();
    const signer = createLocalIssuer({ key, issuer: issuerFor(4000) });
    const verifier = createLocalIssuer({ key, issuer: ISSUER });
    const { token: wrongIssuer } = await signer.signToken({ role: "admin", unit: "city-office" });
    await assert.rejects(verifier.verifyToken(wrongIssuer), {
      code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
      claim: "iss",
    });
  });

  it("rejects a wrong audience", async () => {
    const key = await loadSigningKey();
    const verifier = createLocalIssuer({ key, issuer: ISSUER });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ "cognito:groups": ["admin"], "custom:unit": "city-office" })
      .setProtectedHeader({ alg: "ES256", kid: key.kid })
      .setIssuer(ISSUER)
      .setAudience("some-other-client")
      .setSubject("mallory")
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(key.privateKey);
    await assert.rejects(verifier.verifyToken(token), {
      code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
      claim: "aud",
    });
  });

  it("rejects an expired token beyond the small clock tolerance", async () => {
    const { token } = await issuer.signToken({ role: "admin", unit: "city-office", expiresInSeconds: -30 });
    await assert.rejects(issuer.verifyToken(token), { code: "ERR_JWT_EXPIRED" });
  });

  it("rejects an unsigned token", async () => {
    const { token } = await issuer.signToken({ role: "admin", unit: "city-office" });
    const [, payload] = token.split(".");
    const unsigned = `${base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }))}.${payload}.`;
    await assert.rejects(issuer.verifyToken(unsigned));
  });

  it("publishes the public key only", () => {
    const [jwk] = issuer.jwks().keys;
    assert.equal(jwk?.kty, "EC");
    assert.equal(jwk?.d, undefined);
  });
});

describe("signing key persistence", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "burden-watch-jwt-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps the key on disk so tokens survive a restart", async () => {
    const file = join(dir, "key.json");
    const first = createLocalIssuer({ key: await loadSigningKey(file), issuer: ISSUER });
    const { token } = await first.signToken({ role: "supervisor", unit: "supervision-office" });
    const restarted = createLocalIssuer({ key: await loadSigningKey(file), issuer: ISSUER });
    assert.equal((await restarted.verifyToken(token)).sub, "local-supervisor-supervision-office");
  });

  it("uses a fresh key per process in memory", async () => {
    const [a, b] = await Promise.all([loadSigningKey(), loadSigningKey()]);
    assert.notEqual(a.kid, b.kid);
  });
});
