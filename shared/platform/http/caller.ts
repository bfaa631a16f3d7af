import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { type Caller, type Role, roleSchema } from "../roles.ts";

/**
 * API Gateway hands JWT claims to Lambda as strings and array claims as "[a b]"; a directly
 * invoked handler may see a real array. Both forms are read the same way.
 */
const claimList = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== "string") return [];
  const trimmed = value.trim();
  const inner = trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.slice(1, -1) : trimmed;
  return inner.split(/[\s,]+/).filter((item) => item.length > 0);
};

/** The caller as the JWT authorizer verified it, or undefined when the route ran without one. */
export const callerFrom = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller | undefined => {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== "string" || claims.sub.length === 0) return undefined;
  const roles = claimList(claims["cognito:groups"]).flatMap((group): Role[] => {
    const parsed = roleSchema.safeParse(group);
    return parsed.success ? [parsed.data] : [];
  });
  const unit = claims["custom:unit"];
  return { sub: claims.sub, roles, unitId: typeof unit === "string" && unit.length > 0 ? unit : undefined };
};
