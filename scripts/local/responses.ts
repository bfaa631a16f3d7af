/**
 * Answers the local gateway produces itself (no handler involved), in the documented error format
 * so a client cannot tell them from the application's own errors.
 */
import type { ErrorDetail } from "../../shared/errors.ts";

export type LocalResponse = {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer;
};

export const BASE_HEADERS: Record<string, string> = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

export const jsonResponse = (
  statusCode: number,
  payload: unknown,
  headers: Record<string, string> = {},
): LocalResponse => ({
  statusCode,
  headers: { ...BASE_HEADERS, ...headers },
  body: JSON.stringify(payload),
});

export const errorResponse = (
  statusCode: number,
  code: string,
  message: string,
  requestId: string,
  details: ErrorDetail[] = [],
  headers: Record<string, string> = {},
): LocalResponse => jsonResponse(statusCode, { error: { code, message, details, requestId } }, headers);
