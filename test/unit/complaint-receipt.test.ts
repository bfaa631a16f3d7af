/**
 * The receipt code: its format and entropy, how it is read back as a person types it, and what the
 * table keeps of it.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "vitest";
import {
  encodeReceipt,
  normalizeReceipt,
  RECEIPT_ALPHABET,
  RECEIPT_BITS,
  randomReceipts,
  receiptHash,
  receiptHashOf,
  sameHash,
} from "../../shared/complaints/receipt.ts";
import { ValidationError } from "../../shared/platform/errors.ts";

const FORMAT = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/;

describe("a receipt", () => {
  it("is five groups of five Crockford characters, 125 bits, without I, L, O or U", () => {
    assert.ok(RECEIPT_BITS >= 100);
    assert.equal(RECEIPT_BITS, 125);
    assert.equal(RECEIPT_ALPHABET.length, 32);
    for (const letter of "ILOU") assert.ok(!RECEIPT_ALPHABET.includes(letter));
    for (let index = 0; index < 200; index += 1) assert.match(randomReceipts.next(), FORMAT);
  });

  it("writes the random bits in order, five to a character", () => {
    assert.equal(encodeReceipt(new Uint8Array(16)), "00000-00000-00000-00000-00000");
    assert.equal(encodeReceipt(new Uint8Array(16).fill(255)), "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ");
    // 0b00001_00010_00011_0... : the first three characters are 1, 2, 3.
    const bytes = new Uint8Array(16);
    bytes[0] = 0b00001000;
    bytes[1] = 0b10000110;
    assert.ok(encodeReceipt(bytes).startsWith("123"));
    assert.throws(() => encodeReceipt(new Uint8Array(15)), RangeError);
  });

  it("never repeats, and every character turns up evenly", () => {
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    const draws = 4000;
    for (let index = 0; index < draws; index += 1) {
      const receipt = randomReceipts.next();
      seen.add(receipt);
      for (const character of receipt.replaceAll("-", ""))
        counts.set(character, (counts.get(character) ?? 0) + 1);
    }
    assert.equal(seen.size, draws);
    const expected = (draws * 25) / 32;
    assert.equal(counts.size, 32);
    for (const [character, count] of counts) {
      assert.ok(Math.abs(count - expected) < expected * 0.2, `${character}: ${count} of ${expected}`);
    }
  });

  it("is read back in any case, with or without dashes and spaces, with O as 0 and I or L as 1", () => {
    const canonical = "7QK2M9XAB4C3D5EF6G7H8J9KM";
    for (const typed of [
      "7QK2M-9XAB4-C3D5E-F6G7H-8J9KM",
      "7qk2m-9xab4-c3d5e-f6g7h-8j9km",
      "7QK2M 9XAB4 C3D5E F6G7H 8J9KM",
      " 7QK2M9XAB4C3D5EF6G7H8J9KM ",
    ]) {
      assert.equal(normalizeReceipt(typed), canonical, typed);
    }
    assert.equal(normalizeReceipt("O0000-IIIII-lllll-00000-00000"), "0000011111111110000000000");
  });

  it("is refused when it cannot be one", () => {
    for (const typed of [
      "",
      "7QK2M-9XAB4-C3D5E-F6G7H",
      "7QK2M-9XAB4-C3D5E-F6G7H-8J9KMX",
      "UQK2M-9XAB4-C3D5E-F6G7H-8J9KM",
      "7QK2M-9XAB4-C3D5E-F6G7H-8J9K!",
      "x".repeat(101),
    ]) {
      assert.equal(normalizeReceipt(typed), undefined, typed);
    }
  });

  it("is kept only as the SHA-256 of its canonical form", () => {
    const canonical = "7QK2M9XAB4C3D5EF6G7H8J9KM";
    assert.equal(receiptHash(canonical), createHash("sha256").update(canonical).digest("base64url"));
    assert.equal(receiptHashOf("7qk2m-9xab4-c3d5e-f6g7h-8j9km"), receiptHash(canonical));
  });

  it("missing or malformed in the X-Receipt header is a 400 at that header", () => {
    for (const header of [undefined, "not a receipt"]) {
      assert.throws(
        () => receiptHashOf(header),
        (error) =>
          error instanceof ValidationError &&
          error.status === 400 &&
          error.code === "VALIDATION_FAILED" &&
          error.details[0]?.path === "headers.X-Receipt",
      );
    }
  });

  it("hashes are compared in constant time, and unequal lengths are simply unequal", () => {
    const hash = receiptHash("7QK2M9XAB4C3D5EF6G7H8J9KM");
    assert.equal(sameHash(hash, hash), true);
    assert.equal(sameHash(hash, receiptHash("00000000000000000000000000")), false);
    assert.equal(sameHash(hash, hash.slice(1)), false);
  });
});
