import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { AppError, DependencyUnavailableError } from "../errors.ts";
import { logger } from "../logger.ts";

/** An answer the client must not cache: every answer carries the caller's own data. */
const answer = (
  statusCode: number,
  contentType: string,
  body: string,
  headers: Record<string, string>,
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { "content-type": contentType, "cache-control": "no-store", ...headers },
  body,
});

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}) =>
  answer(statusCode, "application/json; charset=utf-8", JSON.stringify(body), headers);

export const csv = (statusCode: number, body: string, headers: Record<string, string> = {}) =>
  answer(statusCode, "text/csv; charset=utf-8", body, headers);

/** AWS SDK failures that mean "try again later", not "your request was wrong". */
const transientNames = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "TimeoutError",
  "RequestTimeout",
  "AbortError",
]);
const transientCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);

const isTransient = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = "code" in error ? error.code : undefined;
  return transientNames.has(error.name) || (typeof code === "string" && transientCodes.has(code));
};

/**
 * The one place an exception becomes an HTTP answer. Known errors keep their status and message;
 * anything else is logged by name and answered with a generic 500 that reveals nothing.
 */
export const errorResponse = (error: unknown, requestId: string): APIGatewayProxyStructuredResultV2 => {
  const known =
    error instanceof AppError
      ? error
      : isTransient(error)
        ? new DependencyUnavailableError("A dependency is unavailable; retry shortly", 5, error)
        : undefined;
  if (known instanceof DependencyUnavailableError) {
    logger.warn("dependency unavailable", {
      errorName: error instanceof Error ? error.name : typeof error,
      requestId,
    });
  }
  if (known) {
    return json(
      known.status,
      { error: { code: known.code, message: known.message, details: known.details, requestId } },
      { ...known.headers, "x-request-id": requestId },
    );
  }
  logger.error("unhandled error", {
    errorName: error instanceof Error ? error.name : typeof error,
    stack: error instanceof Error ? error.stack : undefined,
    requestId,
  });
  return json(
    500,
    { error: { code: "INTERNAL", message: "Internal error; it has been logged", details: [], requestId } },
    { "x-request-id": requestId },
  );
};
