/**
 * Answers the local runtime produces itself, with no handler involved. What API Gateway answers
 * in the cloud keeps API Gateway's own body, so a client sees locally what it will see deployed;
 * only the local-only endpoints use the application's error format.
 */
import type { ErrorDetail } from "../../shared/platform/errors.ts";
import type { IncomingRequest } from "./event.ts";

export type LocalResponse = {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer;
};

/**
 * An endpoint that exists only locally, served on the gateway's port: it answers the requests it
 * owns and returns undefined for the rest, which go on to the route table.
 */
export type LocalEndpoint = (
  request: IncomingRequest,
  requestId: string,
) => Promise<LocalResponse | undefined>;

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

const gatewayMessages = {
  401: "Unauthorized",
  404: "Not Found",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
} as const;

export type GatewayStatus = keyof typeof gatewayMessages;

/**
 * API Gateway's own answer for a status, body and headers as the HTTP API sends them: a bare
 * `{"message": ...}` with none of the application's headers. Clients must cope with both shapes.
 */
export const gatewayResponse = (
  status: GatewayStatus,
  headers: Record<string, string> = {},
): LocalResponse => ({
  statusCode: status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({ message: gatewayMessages[status] }),
});
