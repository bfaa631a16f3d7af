import assert from "node:assert/strict";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { reloadConfig } from "../../shared/platform/config.ts";
import { ValidationError } from "../../shared/platform/errors.ts";
import { decodeCursor, encodeCursor } from "../../shared/platform/store/cursor.ts";

const SECRET = "unit-test-cursor-secret-0123456789";

const useSecret = (secret: string | undefined) => {
  if (secret === undefined) delete process.env.CURSOR_SECRET;
  else process.env.CURSOR_SECRET = secret;
  reloadConfig();
};

/** The ValidationError a client gets for a cursor that is not this listing's, at the field's path. */
const refused = (cursor: string, scope: string) => {
  assert.throws(
    () => decodeCursor(cursor, scope),
    (error) => {
      assert.ok(error instanceof ValidationError, String(error));
      assert.equal(error.status, 400);
      assert.deepEqual(
        error.details.map((detail) => detail.path),
        ["cursor"],
      );
      return true;
    },
  );
};

describe("page cursors", () => {
  const saved = process.env.CURSOR_SECRET;
  beforeAll(() => useSecret(SECRET));
  afterAll(() => useSecret(saved));

  const scope = "byUnit|REQUEST#dept-a|";
  const key = {
    pk: "REQUEST#1",
    sk: "REQUEST",
    gsi1pk: "REQUEST#dept-a",
    gsi1sk: "2026-11-01T00:00:00.000Z#1",
  };
  const seal = (value = key, where = scope) => {
    const cursor = encodeCursor(value, where);
    assert.ok(cursor);
    return cursor;
  };

  it("round-trips a key within the listing that made it", () => {
    assert.deepEqual(decodeCursor(seal(), scope), key);
    assert.equal(encodeCursor(undefined, scope), null);
    assert.equal(decodeCursor(undefined, scope), undefined);
  });

  it("cannot be read: no table key, index or partition shows through", () => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const cursor = seal();
      assert.match(cursor, /^[A-Za-z0-9_-]+$/);
      const decoded = Buffer.from(cursor, "base64url").toString("latin1");
      for (const visible of ['"pk"', '"sk"', "gsi1pk", "gsi1sk", "REQUEST", "dept-a", "2026-11"]) {
        assert.ok(!decoded.includes(visible), `${visible} is readable in the cursor`);
      }
      assert.ok(!Buffer.from(cursor, "base64").toString("latin1").includes("REQUEST"));
    }
  });

  it("seals the same key differently every time, so equal positions cannot be recognised", () => {
    assert.notEqual(seal(), seal());
  });

  it("refuses a cursor from another listing, so it cannot reach another unit's partition", () => {
    refused(seal(), "byUnit|REQUEST#dept-b|");
    refused(seal(), `${scope}#status = :status`);
  });

  it("refuses a cursor with any byte flipped", () => {
    const bytes = Buffer.from(seal(), "base64url");
    for (let index = 0; index < bytes.length; index += 1) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      refused(tampered.toString("base64url"), scope);
    }
  });

  it("refuses a cursor cut short or lengthened", () => {
    const cursor = seal();
    refused(cursor.slice(0, -4), scope);
    refused(`${cursor}AAAA`, scope);
    refused(`${cursor}=`, scope);
  });

  it("refuses a sealed value that is not a key", () => {
    refused(encodeCursor(["pk"] as unknown as Record<string, unknown>, scope) ?? "", scope);
  });

  it("answers any string that is not a cursor with a validation error, never another error", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        refused(text, scope);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => {
        refused(Buffer.from(bytes).toString("base64url"), scope);
      }),
    );
  });

  it("refuses a cursor sealed under a previous secret", () => {
    const cursor = seal();
    useSecret(`${SECRET}-rotated`);
    try {
      refused(cursor, scope);
      assert.deepEqual(decodeCursor(seal(), scope), key);
    } finally {
      useSecret(SECRET);
    }
    assert.deepEqual(decodeCursor(cursor, scope), key);
  });

  it("will not seal without a secret", () => {
    useSecret(undefined);
    try {
      assert.throws(() => encodeCursor(key, scope), /CURSOR_SECRET/);
    } finally {
      useSecret(SECRET);
    }
  });
});
