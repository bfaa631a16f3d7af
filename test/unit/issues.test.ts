import assert from "node:assert/strict";
import { describe, it } from "vitest";
import * as z from "zod/mini";
import { issueDetails } from "../../shared/platform/http/issues.ts";
import { integer, queryInteger, text } from "../../shared/platform/schema.ts";
import { submitRequestSchema } from "../../shared/requests/schemas.ts";
import { createUnitSchema } from "../../shared/units/schemas.ts";

/** The details a client would get for this value, checked against this schema. */
const details = (schema: z.ZodMiniType, value: unknown, where = "body") => {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, "the value was expected to be refused");
  return issueDetails(result.error?.issues ?? [], where, value);
};

/** The one message for a value, about the field `field` (a one-field object), or about the whole value. */
const messageFor = (schema: z.ZodMiniType, value: unknown) => {
  const [detail, ...rest] = details(z.object({ field: schema }), { field: value });
  assert.equal(rest.length, 0);
  assert.equal(detail?.path, "field");
  return detail?.message;
};

describe("form-friendly messages", () => {
  it("bounds text by characters, and calls an empty required text empty", () => {
    assert.equal(messageFor(text(10), ""), "field must not be empty");
    assert.equal(messageFor(text(10), "   "), "field must not be empty");
    assert.equal(messageFor(text(10), "x".repeat(11)), "field must be at most 10 characters long");
    assert.equal(
      messageFor(z.string().check(z.maxLength(1)), "ab"),
      "field must be at most 1 character long",
    );
    assert.equal(
      messageFor(z.string().check(z.minLength(3)), "ab"),
      "field must be at least 3 characters long",
    );
  });

  it("bounds lists and sets by items", () => {
    assert.equal(
      messageFor(z.array(z.string()).check(z.minLength(1)), []),
      "field must have at least 1 item",
    );
    assert.equal(
      messageFor(z.array(z.string()).check(z.maxLength(2)), ["a", "b", "c"]),
      "field must have at most 2 items",
    );
    assert.equal(
      messageFor(z.set(z.string()).check(z.minSize(2)), new Set(["a"])),
      "field must have at least 2 items",
    );
  });

  it("bounds numbers inclusively and exclusively", () => {
    assert.equal(messageFor(z.number().check(z.minimum(3)), 2), "field must be at least 3");
    assert.equal(messageFor(z.number().check(z.maximum(3)), 4), "field must be at most 3");
    assert.equal(messageFor(z.number().check(z.gt(0)), 0), "field must be greater than 0");
    assert.equal(messageFor(z.number().check(z.lt(10)), 10), "field must be less than 10");
    assert.equal(messageFor(z.number().check(z.multipleOf(5)), 7), "field must be a multiple of 5");
  });

  it("uses a schema's own predicate after the field's name", () => {
    assert.equal(messageFor(integer(1, 50), 0), "field must be a whole number from 1 to 50");
    assert.equal(messageFor(integer(1, 50), 2.5), "field must be a whole number from 1 to 50");
    assert.equal(messageFor(integer(1, 50), "3"), "field must be a whole number from 1 to 50");
    assert.equal(messageFor(queryInteger(1, 100, 25), "abc"), "field must be a whole number from 1 to 100");
  });

  it("keeps a schema's own sentence as it is when it is not a predicate", () => {
    const schema = z.string().check(z.refine((value) => value === "yes", "say yes to continue"));
    assert.deepEqual(details(z.object({ answer: schema }), { answer: "no" }), [
      { path: "answer", message: "say yes to continue" },
    ]);
  });

  it("describes formats in words, never by pattern", () => {
    assert.equal(
      messageFor(z.iso.datetime({ offset: true }), "2026-12-01 09:00"),
      "field must be a date and time with its offset, such as 2026-12-01T09:00:00+08:00",
    );
    assert.equal(messageFor(z.iso.date(), "1 Dec"), "field must be a date such as 2026-12-01");
    assert.equal(messageFor(z.email(), "nobody"), "field must be an email address");
    assert.equal(messageFor(z.url(), "not a url"), "field must be a URL");
    assert.equal(messageFor(z.uuid(), "x"), "field must be in the uuid format");
    for (const value of ["2026-12-01 09:00", "nobody", "x"]) {
      for (const schema of [z.iso.datetime({ offset: true }), z.email(), z.uuid()]) {
        const message = details(z.object({ field: schema }), { field: value })[0]?.message ?? "";
        assert.doesNotMatch(message, /[\\^$]/);
      }
    }
  });

  it("lists the allowed values: one quoted, several joined", () => {
    assert.equal(messageFor(z.literal("meeting"), "lunch"), 'field must be "meeting"');
    assert.equal(
      messageFor(z.enum(["in_person", "video"]), "radio"),
      "field must be one of: in_person, video",
    );
  });

  it("names the kinds a union accepts, or says the value is not valid when it cannot", () => {
    assert.deepEqual(details(submitRequestSchema, { kind: "lunch" }), [
      { path: "kind", message: "kind must be one of: meeting, document, inspection, veto_item" },
    ]);
    assert.deepEqual(details(submitRequestSchema, {}), [
      { path: "kind", message: "kind must be one of: meeting, document, inspection, veto_item" },
    ]);
    const several = z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("meeting") }),
      z.object({ kind: z.literal("document") }),
    ]);
    assert.deepEqual(details(several, {}), [
      { path: "kind", message: "kind must be one of: meeting, document" },
    ]);
    assert.equal(messageFor(z.union([z.string(), z.number()]), true), "field is not valid");
  });

  it("names the expected type when a value has the wrong one", () => {
    assert.equal(messageFor(z.string(), 1), "field must be text");
    assert.equal(messageFor(z.number(), "1"), "field must be a number");
    assert.equal(messageFor(z.int(), 1.5), "field must be a whole number");
    assert.equal(messageFor(z.boolean(), "yes"), "field must be true or false");
    assert.equal(messageFor(z.object({}), []), "field must be an object");
    assert.equal(messageFor(z.array(z.string()), "a"), "field must be a list");
    assert.equal(messageFor(z.date(), "x"), "field must be a date");
    assert.equal(messageFor(z.null(), 1), "field must be null");
    assert.equal(
      messageFor(z.string(), null),
      "field must be text",
      "null is a wrong value, not a missing one",
    );
  });

  it("says a missing field is required, at any depth", () => {
    const schema = z.object({ a: z.object({ b: z.string() }) });
    assert.deepEqual(details(schema, {}), [{ path: "a", message: "a is required" }]);
    assert.deepEqual(details(schema, { a: {} }), [{ path: "a.b", message: "a.b is required" }]);
  });

  it("says which unknown fields to remove, nested ones by their full path", () => {
    assert.deepEqual(details(z.strictObject({ a: z.string() }), { a: "x", b: 1, c: 2 }), [
      { path: "b", message: 'unknown field "b": remove it' },
      { path: "c", message: 'unknown field "c": remove it' },
    ]);
    assert.deepEqual(details(z.object({ outer: z.strictObject({}) }), { outer: { inner: 1 } }), [
      { path: "outer.inner", message: 'unknown field "outer.inner": remove it' },
    ]);
  });

  it("points into lists by position", () => {
    assert.deepEqual(
      details(createUnitSchema, { id: "v-1", name: "V", kind: "village", emails: ["a@b.gov", "x"] }),
      [{ path: "emails.1", message: "emails.1 must be an email address" }],
    );
  });

  it("speaks of the whole input when the problem has no field", () => {
    assert.deepEqual(details(createUnitSchema, [], "body"), [
      { path: "body", message: "body must be an object" },
    ]);
    assert.deepEqual(details(z.string().check(z.refine(() => false)), "x", "Idempotency-Key"), [
      { path: "Idempotency-Key", message: "Idempotency-Key is not valid" },
    ]);
  });
});
