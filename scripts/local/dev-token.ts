/**
 * `POST /dev/token`: the local replacement for signing in to Cognito, so a frontend can be built
 * against the local API. It lives only here, never in the shared route table.
 */

import * as z from "zod/mini";
import { idSchema } from "../../shared/platform/common.ts";
import { roleSchema } from "../../shared/platform/roles.ts";
import { parseJsonBody } from "./json-body.ts";
import type { LocalIssuer } from "./jwt.ts";
import { jsonResponse, type LocalResponse } from "./responses.ts";

export const DEV_TOKEN_PATH = "/dev/token";

export const devTokenSchema = z.strictObject({
  role: roleSchema,
  unit: idSchema,
  sub: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(128))),
});

export const handleDevToken = async (
  issuer: LocalIssuer,
  contentType: string | undefined,
  body: Buffer,
  requestId: string,
): Promise<LocalResponse> => {
  const parsed = parseJsonBody(devTokenSchema, { contentType, body, requestId }, "Invalid token request");
  if (!parsed.ok) return parsed.response;
  const signed = await issuer.signToken(parsed.input);
  return jsonResponse(201, signed);
};
