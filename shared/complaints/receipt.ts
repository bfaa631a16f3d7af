/**
 * The receipt code a reporter keeps to follow a complaint without an account. It is 125 random
 * bits written in Crockford's base32 (no I, L, O or U, so nothing reads as another character),
 * five groups of five a person can read out on the phone: 7QK2M-9XAB4-...; the table keeps only
 * its SHA-256 hash.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { ValidationError } from "../platform/errors.ts";

export const RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS = 5;
const GROUP_LENGTH = 5;
export const RECEIPT_LENGTH = GROUPS * GROUP_LENGTH;
/** 5 bits per character. */
export const RECEIPT_BITS = RECEIPT_LENGTH * 5;

export type ReceiptSource = { next(): string };

/** 16 random bytes give 128 bits; the first 125 of them make the 25 characters. */
export const encodeReceipt = (bytes: Uint8Array): string => {
  if (bytes.length * 8 < RECEIPT_BITS) throw new RangeError(`a receipt needs ${RECEIPT_BITS} random bits`);
  const bits = Array.from(bytes, (byte) => byte.toString(2).padStart(8, "0")).join("");
  const characters = Array.from({ length: RECEIPT_LENGTH }, (_, index) =>
    RECEIPT_ALPHABET.charAt(Number.parseInt(bits.slice(index * 5, index * 5 + 5), 2)),
  ).join("");
  return Array.from({ length: GROUPS }, (_, group) =>
    characters.slice(group * GROUP_LENGTH, (group + 1) * GROUP_LENGTH),
  ).join("-");
};

export const randomReceipts: ReceiptSource = { next: () => encodeReceipt(randomBytes(16)) };

/**
 * The receipt as typed back by a person: any case, with or without dashes and spaces, and the
 * letters Crockford reads as digits (O as 0, I and L as 1). Undefined when it cannot be one.
 */
export const normalizeReceipt = (typed: string): string | undefined => {
  if (typed.length > 100) return undefined;
  const compact = typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (compact.length !== RECEIPT_LENGTH) return undefined;
  for (const character of compact) if (!RECEIPT_ALPHABET.includes(character)) return undefined;
  return compact;
};

/** What the table keeps instead of the receipt. */
export const receiptHash = (normalized: string): string =>
  createHash("sha256").update(normalized).digest("base64url");

/** The hash of the `X-Receipt` header; 400 at that header when it is missing or cannot be a receipt. */
export const receiptHashOf = (header: string | undefined): string => {
  const normalized = header === undefined ? undefined : normalizeReceipt(header);
  if (normalized === undefined) {
    const message =
      "X-Receipt must be the receipt code you were given when you filed the complaint, such as 7QK2M-9XAB4-C3D5E-F6G7H-8J9KM";
    throw new ValidationError(message, [{ path: "headers.X-Receipt", message }]);
  }
  return receiptHash(normalized);
};

/** Compared without an early exit, so the time taken says nothing about how close a guess came. */
export const sameHash = (computed: string, stored: string): boolean => {
  const a = Buffer.from(computed);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
};
