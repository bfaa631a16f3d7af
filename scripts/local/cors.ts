/**
 * CORS as API Gateway's HTTP API CORS configuration applies it: preflights are answered by the
 * gateway itself (for any path), and CORS headers from the integration are replaced by its own.
 */
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS } from "../../shared/platform/http/cors-headers.ts";

export { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS };
export const CORS_MAX_AGE_SECONDS = 600;

export type CorsConfig = {
  allowOrigins: readonly string[];
  allowMethods: readonly string[];
};

export const parseAllowOrigins = (value: string | undefined): string[] => {
  const origins = (value ?? "*")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  return origins.length > 0 ? origins : ["*"];
};

const allowedOrigin = (config: CorsConfig, origin: string | undefined): string | undefined => {
  if (!origin) return undefined;
  if (config.allowOrigins.includes("*")) return "*";
  return config.allowOrigins.includes(origin) ? origin : undefined;
};

/** Headers of a preflight answer; empty when the origin is not allowed, as API Gateway does. */
export const preflightHeaders = (config: CorsConfig, origin: string | undefined): Record<string, string> => {
  const allowed = allowedOrigin(config, origin);
  if (!allowed) return {};
  return {
    "access-control-allow-origin": allowed,
    "access-control-allow-methods": config.allowMethods.join(","),
    "access-control-allow-headers": CORS_ALLOW_HEADERS.join(","),
    "access-control-max-age": String(CORS_MAX_AGE_SECONDS),
    ...(allowed === "*" ? {} : { vary: "origin" }),
  };
};

/**
 * The integration's own CORS headers are dropped and the configured ones applied instead. Header
 * names must already be lower-case. Expose-Headers goes on actual responses only: a browser reads
 * it there, never from a preflight.
 */
export const applyCors = (
  config: CorsConfig,
  origin: string | undefined,
  headers: Record<string, string | string[]>,
): Record<string, string | string[]> => {
  const result = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith("access-control-")),
  );
  const allowed = allowedOrigin(config, origin);
  if (allowed) {
    result["access-control-allow-origin"] = allowed;
    result["access-control-expose-headers"] = CORS_EXPOSE_HEADERS.join(",");
    if (allowed !== "*") {
      const vary = result.vary;
      result.vary = typeof vary === "string" && vary !== "" ? `${vary}, origin` : "origin";
    }
  }
  return result;
};
