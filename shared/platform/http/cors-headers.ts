/** The request headers the API reads: the handler, API Gateway and the local gateway allow these. */
export const CORS_ALLOW_HEADERS = ["authorization", "content-type", "idempotency-key", "x-receipt"];

/**
 * A browser hides every response header outside the CORS safelist unless it is exposed: a
 * frontend needs Location after a 201 or 202, Retry-After after a 503 and the request id to report.
 */
export const CORS_EXPOSE_HEADERS = ["location", "retry-after", "x-request-id"];
