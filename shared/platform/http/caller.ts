import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { type Caller, type Role, roleSchema } from "../roles.ts";

/**
 * The group names of the `cognito:groups` claim, in the forms it arrives in:
 * - through the HTTP API's JWT authorizer, as one string with the list in brackets and the names
 *   separated by single spaces, "[approver supervisor]" (the local gateway sends the same, see
 *   scripts/local/event.ts);
 * - as a real array, when a handler is invoked directly or by an authorizer that keeps each claim's
 *   JSON type (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-claims.html:
 *   "A Lambda proxy integration receives each claim with its JSON type");
 * - as a plain string without brackets, which is one group's name.
 * A space always separates two names there: Cognito group names cannot contain whitespace
 * (CreateGroup's GroupName pattern is [\p{L}\p{M}\p{S}\p{N}\p{P}]+,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html).
 * Commas, quotes and brackets may be part of a name, so nothing else is a separator: a group
 * named "x,admin" is not the admin group, and a JSON text such as '["admin"]' names no role.
 */
const groupNames = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === "string");
  if (typeof claim !== "string") return [];
  if (claim.startsWith("[") && claim.endsWith("]")) return claim.slice(1, -1).split(" ");
  return [claim];
};

/** The caller as the JWT authorizer verified it, or undefined when the route ran without one. */
export const callerFrom = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller | undefined =>
  callerOfClaims(event.requestContext.authorizer?.jwt?.claims);

/** The caller named by verified token claims; undefined without a subject. */
export const callerOfClaims = (claims: Record<string, unknown> | undefined): Caller | undefined => {
  if (!claims || typeof claims.sub !== "string" || claims.sub.length === 0) return undefined;
  // Only a group named exactly after a role grants it.
  const roles = [
    ...new Set(
      groupNames(claims["cognito:groups"]).flatMap((group): Role[] => {
        const parsed = roleSchema.safeParse(group);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
  ];
  const unit = claims["custom:unit"];
  return { sub: claims.sub, roles, unitId: typeof unit === "string" && unit.length > 0 ? unit : undefined };
};
