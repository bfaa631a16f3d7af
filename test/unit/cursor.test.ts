import assert from "node:assert/strict";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { reloadConfig } from "../../shared/platform/config.ts";
import { ValidationError } from "../../shared/platform/errors.ts";
import { decodeCursor, encodeCursor } from "../../shared/platform/store/cursor.ts";

describe("page cursors", () => {
  const saved = process.env.CURSOR_SECRET;
  beforeAll(() => {
    process.env.CURSOR_SECRET = "unit-test-cursor-secret-0123456789";
    reloadConfig();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CURSOR_SECRET;
    else process.env.CURSOR_SECRET = saved;
    reloadConfig();
  });

  const key = { pk: "REQUEST#1", sk: "REQUEST", gsi1pk: "REQUEST#UNIT#dept-a", gsi1sk: "2026#1" };

  it("round-trips a key within the listing that made it", () => {
    const cursor = encodeCursor(key, "byUnit|REQUEST#UNIT#dept-a");
    assert.deepEqual(decodeCursor(cursor ?? undefined, "byUnit|REQUEST#UNIT#dept-a"), key);
    assert.equal(encodeCursor(undefined, "any"), null);
  });

  it("refuses a cursor from another listing, so it cannot reach another unit's partition", () => {
    const cursor = encodeCursor(key, "byUnit|REQUEST#UNIT#dept-a") ?? "";
    assert.throws(() => decodeCursor(cursor, "byUnit|REQUEST#UNIT#dept-b"), ValidationError);
  });

  it("refuses a cursor whose payload was edited, even with its old signature", () => {
    const [, signature] = (encodeCursor(key, "s") ?? "").split(".");
    const forged = Buffer.from(JSON.stringify({ s: "s", k: { ...key, pk: "REQUEST#2" } })).toString(
      "base64url",
    );
    assert.throws(() => decodeCursor(`${forged}.${signature}`, "s"), ValidationError);
  });

  it("answers any string that is not a cursor with a validation error, never another error", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        assert.throws(() => decodeCursor(text, "s"), ValidationError);
      }),
    );
  });

  it("will not sign without a secret", () => {
    delete process.env.CURSOR_SECRET;
    reloadConfig();
    assert.throws(() => encodeCursor(key, "s"), /CURSOR_SECRET/);
    process.env.CURSOR_SECRET = "unit-test-cursor-secret-0123456789";
    reloadConfig();
  });
});
