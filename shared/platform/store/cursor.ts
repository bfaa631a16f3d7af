import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { config } from "../config.ts";
import { ValidationError } from "../errors.ts";

/**
 * Page cursors are sealed with AES-256-GCM: clients can neither read the table keys and index
 * names inside (so nothing comes to depend on the storage layout) nor alter them. The listing's
 * scope (index and partition) is the authenticated associated data, so a cursor from one listing
 * is refused by another, and a crafted one never reaches DynamoDB.
 */
type Key = Record<string, unknown>;

const IV_BYTES = 12;
const TAG_BYTES = 16;

let sealingKey: { secret: string; key: Buffer } | undefined;

const keyOf = (): Buffer => {
  const secret = config().CURSOR_SECRET;
  if (!secret) throw new Error("CURSOR_SECRET is not set: this function cannot seal page cursors");
  if (sealingKey?.secret !== secret) {
    sealingKey = { secret, key: createHash("sha256").update(`burden-watch cursor\0${secret}`).digest() };
  }
  return sealingKey.key;
};

export const encodeCursor = (key: Key | undefined, scope: string): string | null => {
  if (!key) return null;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyOf(), iv);
  cipher.setAAD(Buffer.from(scope));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(key), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
};

const invalid = () =>
  new ValidationError("The cursor is not valid for this listing", [
    { path: "cursor", message: "cursor must be a nextCursor returned by this same listing" },
  ]);

const isKey = (value: unknown): value is Key =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const decodeCursor = (cursor: string | undefined, scope: string): Key | undefined => {
  if (cursor === undefined) return undefined;
  // Outside the try: a missing secret is this deployment's fault, not a bad cursor.
  const key = keyOf();
  const bytes = Buffer.from(cursor, "base64url");
  if (bytes.length <= IV_BYTES + TAG_BYTES || bytes.toString("base64url") !== cursor) throw invalid();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(scope));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    const startKey: unknown = JSON.parse(plain.toString("utf8"));
    if (!isKey(startKey)) throw invalid();
    return startKey;
  } catch {
    throw invalid();
  }
};
