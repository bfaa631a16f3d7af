import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../config.ts";
import { ValidationError } from "../errors.ts";

/**
 * Opaque, signed page cursors. The signature covers the query's scope (index and partition), so a
 * cursor from one listing cannot be replayed against another, and a hand-made one is refused
 * before it reaches DynamoDB.
 */
type Key = Record<string, string | number>;

const sign = (payload: string): string => {
  const secret = config().CURSOR_SECRET;
  if (!secret) throw new Error("CURSOR_SECRET is not set: this function cannot sign page cursors");
  return createHmac("sha256", secret).update(payload).digest("base64url");
};

export const encodeCursor = (key: Key | undefined, scope: string): string | null => {
  if (!key) return null;
  const payload = Buffer.from(JSON.stringify({ s: scope, k: key })).toString("base64url");
  return `${payload}.${sign(payload)}`;
};

const invalid = () =>
  new ValidationError("The cursor is not valid for this listing", [
    { path: "cursor", message: "invalid cursor" },
  ]);

export const decodeCursor = (cursor: string | undefined, scope: string): Key | undefined => {
  if (cursor === undefined) return undefined;
  const [payload, signature, extra] = cursor.split(".");
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  try {
    const decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      s?: unknown;
      k?: unknown;
    };
    if (decoded.s !== scope || typeof decoded.k !== "object" || decoded.k === null) throw invalid();
    return decoded.k as Key;
  } catch {
    throw invalid();
  }
};
