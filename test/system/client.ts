/**
 * A black-box client for the local stack: everything goes over HTTP, as a frontend would send it.
 */

import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { type LocalStack, startLocalStack, throwawayStack } from "../../scripts/local/stack.ts";
import type { Role } from "../../shared/platform/roles.ts";

// biome-ignore lint/suspicious/noExplicitAny: tests assert on reply bodies field by field; a typed body would only add casts
export type Reply = { status: number; headers: Headers; body: any };

export type Api = {
  stack: LocalStack;
  token(role: Role, unit: string, sub?: string): Promise<string>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<Reply>;
};

/**
 * A seeded stack of its own on the shared emulators. Route throttling is off unless asked for: the
 * suites send far more than a city's callers would, and one test checks the throttle itself.
 */
export const startApi = async (
  options: { throttleRoutes?: boolean; log?: (line: string) => void } = {},
): Promise<Api> => {
  const stack = await startLocalStack({
    ...throwawayStack,
    throttleRoutes: options.throttleRoutes ?? false,
    ...(options.log ? { log: options.log } : {}),
    emulators: { dynamodbEndpoint: inject("dynamodbEndpoint"), sesUrl: inject("sesUrl") },
    tableName: `burden-watch-${randomUUID()}`,
  });
  const call: Api["call"] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${stack.apiUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // non-JSON answers stay text so a test can show them
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  const token: Api["token"] = async (role, unit, sub) => {
    const reply = await call("POST", "/dev/token", { body: { role, unit, ...(sub ? { sub } : {}) } });
    if (reply.status !== 201) throw new Error(`dev token: ${reply.status}`);
    return reply.body.token;
  };
  return { stack, token, call };
};

export const waitFor = async <T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};
