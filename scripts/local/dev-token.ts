/**
 * `POST /dev/token`: the local replacement for signing in to Cognito, so a frontend can be built
 * against the local API. It lives only here, never in the shared route table.
 */

import * as z from "zod/mini";
import { idSchema } from "../../shared/platform/common.ts";
import type { ErrorDetail } from "../../shared/platform/errors.ts";
import { roleSchema } from "../../shared/platform/roles.ts";
import type { LocalIssuer } from "./jwt.ts";
import { errorResponse, jsonResponse, type LocalResponse } from "./responses.ts";

export const DEV_TOKEN_PATH = "/dev/token";

export const devTokenSchema = z.strictObject({
  role: roleSchema,
  unit: idSchema,
  sub: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(128))),
});

export type DevTokenInput = z.infer<typeof devTokenSchema>;

const toDetails = (error: z.core.$ZodError): ErrorDetail[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));

export type DevTokenParse = { ok: true; input: DevTokenInput } | { ok: false; response: LocalResponse };

/** Validates the raw request; a bad content type, bad JSON or bad fields never reach the signer. */
export const parseDevTokenRequest = (
  contentType: string | undefined,
  body: Buffer,
  requestId: string,
): DevTokenParse => {
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
  const parsed = devTokenSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      response: errorResponse(
        400,
        "VALIDATION_FAILED",
        "Invalid token request",
        requestId,
        toDetails(parsed.error),
      ),
    };
  }
  return { ok: true, input: parsed.data };
};

export const handleDevToken = async (
  issuer: LocalIssuer,
  contentType: string | undefined,
  body: Buffer,
  requestId: string,
): Promise<LocalResponse> => {
  const parsed = parseDevTokenRequest(contentType, body, requestId);
  if (!parsed.ok) return parsed.response;
  const signed = await issuer.signToken(parsed.input);
  return jsonResponse(201, signed);
};
