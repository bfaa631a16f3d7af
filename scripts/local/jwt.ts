/**
 * The local stand-in for Cognito and the API Gateway JWT authorizer: one ES256 key pair signs
 * tokens shaped like Cognito ID tokens and verifies them with the checks the authorizer makes
 * (signature, issuer, audience, expiry). The key is kept on disk so tokens survive a restart.
 * Issuing and expiry read real time, never the clock /dev/clock moves: Cognito and the authorizer
 * know nothing of it, and a demo that moves a week ahead must not lose its tokens.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey as JoseCryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";
import type { Role } from "../../shared/platform/roles.ts";

export const ALGORITHM = "ES256";
export const AUDIENCE = "burden-watch-local";
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 3600;
/** The authorizer allows little clock skew; a few seconds keeps tests honest about expiry. */
export const CLOCK_TOLERANCE_SECONDS = 5;

export const issuerFor = (port: number): string => `http://localhost:${port}/local-issuer`;

export type SigningKey = {
  kid: string;
  privateKey: JoseCryptoKey;
  publicJwk: JWK;
};

type StoredKey = { kid: string; privateJwk: JWK };

const isStoredKey = (value: unknown): value is StoredKey =>
  typeof value === "object" &&
  value !== null &&
  "kid" in value &&
  typeof value.kid === "string" &&
  "privateJwk" in value &&
  typeof value.privateJwk === "object" &&
  value.privateJwk !== null;

const publicPart = (jwk: JWK, kid: string): JWK => {
  const { d: _privateScalar, ...publicJwk } = jwk;
  return { ...publicJwk, kid, alg: ALGORITHM, use: "sig" };
};

const fromStored = async (stored: StoredKey): Promise<SigningKey> => {
  const privateKey = await importJWK(stored.privateJwk, ALGORITHM);
  if (privateKey instanceof Uint8Array) throw new Error("stored signing key is not an EC key");
  return { kid: stored.kid, privateKey, publicJwk: publicPart(stored.privateJwk, stored.kid) };
};

const generate = async (): Promise<StoredKey> => {
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  return { kid, privateJwk };
};

const readStored = async (file: string): Promise<StoredKey | undefined> => {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
    return isStoredKey(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The key pair from `file`, created there on first use; without a file (in-memory mode) a fresh
 * key for this process only. An unreadable file is replaced: old tokens stop working, nothing else.
 */
export const loadSigningKey = async (file?: string): Promise<SigningKey> => {
  if (file === undefined) return fromStored(await generate());
  const existing = await readStored(file);
  if (existing) {
    try {
      return await fromStored(existing);
    } catch {
      // fall through: a damaged key is replaced like a missing one
    }
  }
  const created = await generate();
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
  return fromStored(created);
};

export type SignTokenInput = {
  role: Role;
  unit: string;
  sub?: string | undefined;
  expiresInSeconds?: number | undefined;
};

export type SignedToken = { token: string; expiresAt: string };

export type LocalIssuer = {
  issuer: () => string;
  audience: string;
  signToken: (input: SignTokenInput) => Promise<SignedToken>;
  /** Resolves to the verified claims; rejects on a bad signature, issuer, audience or expiry. */
  verifyToken: (token: string) => Promise<JWTPayload>;
  jwks: () => JSONWebKeySet;
};

/** A stable default subject, so two tokens for the same role and unit are the same person. */
export const defaultSubject = (role: Role, unit: string): string => `local-${role}-${unit}`;

/**
 * `issuer` may be a function because a server started on port 0 knows its issuer URL only once
 * it is listening.
 */
export const createLocalIssuer = (options: {
  key: SigningKey;
  issuer: string | (() => string);
}): LocalIssuer => {
  const { key, issuer: configured } = options;
  const issuer = typeof configured === "string" ? () => configured : configured;
  const keySet: JSONWebKeySet = { keys: [key.publicJwk] };
  const resolveKey = createLocalJWKSet(keySet);

  const signToken = async (input: SignTokenInput): Promise<SignedToken> => {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (input.expiresInSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
    const sub = input.sub ?? defaultSubject(input.role, input.unit);
    const token = await new SignJWT({
      "cognito:groups": [input.role],
      "cognito:username": sub,
      "custom:unit": input.unit,
      token_use: "id",
      auth_time: now,
    })
      .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: "JWT" })
      .setIssuer(issuer())
      .setAudience(AUDIENCE)
      .setSubject(sub)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(key.privateKey);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  };

  const verifyToken = async (token: string): Promise<JWTPayload> => {
    const { payload } = await jwtVerify(token, resolveKey, {
      issuer: issuer(),
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "iat", "sub"],
    });
    return payload;
  };

  return { issuer, audience: AUDIENCE, signToken, verifyToken, jwks: () => keySet };
};
