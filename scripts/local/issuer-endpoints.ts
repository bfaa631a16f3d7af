/**
 * The local token issuer's endpoints, standing in for Cognito: `POST /dev/token` signs a token,
 * and the issuer publishes its discovery document and JWKS where an OIDC client looks for them.
 */
import { DEV_TOKEN_PATH, handleDevToken } from "./dev-token.ts";
import { headerValue, splitUrl } from "./event.ts";
import { ALGORITHM, type LocalIssuer } from "./jwt.ts";
import { jsonResponse, type LocalEndpoint } from "./responses.ts";

export const createIssuerEndpoints =
  (issuer: LocalIssuer): LocalEndpoint =>
  async (request, requestId) => {
    const { rawPath } = splitUrl(request.url);
    if (request.method === "POST" && rawPath === DEV_TOKEN_PATH) {
      return handleDevToken(issuer, headerValue(request.rawHeaders, "content-type"), request.body, requestId);
    }
    // The issuer URL is known only once the server listens, so it is read per request.
    const wellKnown = `${new URL(issuer.issuer()).pathname}/.well-known`;
    if (request.method === "GET" && rawPath === `${wellKnown}/jwks.json`) {
      return jsonResponse(200, issuer.jwks());
    }
    if (request.method === "GET" && rawPath === `${wellKnown}/openid-configuration`) {
      return jsonResponse(200, {
        issuer: issuer.issuer(),
        jwks_uri: `${issuer.issuer()}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: [ALGORITHM],
      });
    }
    return undefined;
  };
