import assert from "node:assert/strict";

/**
 * The application's documented error answer (README, "API conventions"; built in
 * shared/platform/http/responses.ts): exactly `{"error":{"code","message","details","requestId"}}`,
 * each detail `{path, message}`, and nothing that looks like a stack or a source path.
 */
export const assertDocumentedError = (body: unknown, context: string, requestId?: string): void => {
  assert.ok(typeof body === "object" && body !== null, `${context}: the body is not a JSON object`);
  assert.deepEqual(Object.keys(body), ["error"], context);
  const { error } = body as { error: Record<string, unknown> };
  assert.deepEqual(Object.keys(error).sort(), ["code", "details", "message", "requestId"], context);
  assert.equal(typeof error.code, "string", context);
  assert.ok(String(error.code).length > 0, context);
  assert.equal(typeof error.message, "string", context);
  assert.equal(typeof error.requestId, "string", context);
  if (requestId !== undefined) assert.equal(error.requestId, requestId, context);
  assert.ok(Array.isArray(error.details), context);
  for (const detail of error.details as unknown[]) {
    assert.ok(typeof detail === "object" && detail !== null, context);
    assert.equal(typeof (detail as { path?: unknown }).path, "string", context);
    assert.equal(typeof (detail as { message?: unknown }).message, "string", context);
  }
  assert.doesNotMatch(JSON.stringify(body), /\\n\s+at |node_modules|\.ts:\d+/, `${context}: leaks a stack`);
};
