/**
 * Verifies a bearer token inside the function, for the public routes that also take one: API
 * Gateway runs no authorizer on a public route, so the function makes the authorizer's checks
 * itself (signature against the issuer's published keys, issuer, expiry, and the audience as
 * `aud` or `client_id`, which is how Cognito's ID and access tokens carry it). Only the functions
 * that serve such a route pass this to the handler factory, so no other bundle carries jose.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import { config } from "../config.ts";
import { UnauthorizedError } from "../errors.ts";

export type TokenVerifier = (token: string) => Promise<Record<string, unknown>>;

/** The leeway the authorizer grants a token's expiry, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 5;

const refused = () => new UnauthorizedError("The bearer token is not valid; sign in again or send none");

const audienceMatches = (claims: Record<string, unknown>, audience: string): boolean => {
  const { aud, client_id: clientId } = claims;
  if (Array.isArray(aud) ? aud.includes(audience) : aud === audience) return true;
  return clientId === audience;
};

export const issuerTokenVerifier = (): TokenVerifier => {
  let keys: { issuer: string; set: ReturnType<typeof createRemoteJWKSet> } | undefined;
  return async (token) => {
    const { TOKEN_ISSUER: issuer, TOKEN_AUDIENCE: audience } = config();
    // A deployment that names no issuer accepts no token on these routes rather than any.
    if (!issuer || !audience) throw refused();
    if (keys?.issuer !== issuer) {
      keys = { issuer, set: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)) };
    }
    try {
      const { payload } = await jwtVerify(token, keys.set, {
        issuer,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      if (!audienceMatches(payload, audience)) throw refused();
      return payload;
    } catch {
      throw refused();
    }
  };
};
