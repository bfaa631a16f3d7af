/**
 * The request body of a local-only endpoint (/dev/token, /dev/clock), checked the way the API
 * checks its own: a bad content type is 415, bad JSON or bad fields are 400 VALIDATION_FAILED with
 * details, so a client handles both with the same code.
 */
import type * as z from "zod/mini";
import type { ErrorDetail } from "../../shared/platform/errors.ts";
import { errorResponse, type LocalResponse } from "./responses.ts";

const toDetails = (error: z.core.$ZodError): ErrorDetail[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));

export type JsonBodyParse<T> = { ok: true; input: T } | { ok: false; response: LocalResponse };

/** A bad content type, bad JSON or bad fields never reach the endpoint's work. */
export const parseJsonBody = <T>(
  schema: z.ZodMiniType<T>,
  request: { contentType: string | undefined; body: Buffer; requestId: string },
  invalidMessage: string,
): JsonBodyParse<T> => {
  const { contentType, body, requestId } = request;
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    return {
      ok: false,
      response: errorResponse(
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type must be application/json",
        requestId,
      ),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return {
      ok: false,
      response: errorResponse(400, "VALIDATION_FAILED", "Request body is not valid JSON", requestId, [
        { path: "", message: "invalid JSON" },
      ]),
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      response: errorResponse(400, "VALIDATION_FAILED", invalidMessage, requestId, toDetails(parsed.error)),
    };
  }
  return { ok: true, input: parsed.data };
};
