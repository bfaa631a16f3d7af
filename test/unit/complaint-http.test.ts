/**
 * The complaints routes through the real HTTP handler, over the in-memory fakes: the receipt in the
 * X-Receipt header, the keyed filing whose kept answer is sealed under the Idempotency-Key (so the
 * store never holds a receipt it could hand to anyone else), and nothing of the client's address or
 * user agent reaching what is stored.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { complaintOperations } from "../../functions/complaints/handler.ts";
import { randomReceipts } from "../../shared/complaints/receipt.ts";
import { complaintsRoutes } from "../../shared/complaints/routes.ts";
import { makeComplaintUseCases } from "../../shared/complaints/use-cases.ts";
import { httpHandler, MIN_PUBLIC_KEY_LENGTH } from "../../shared/platform/http/handler.ts";
import { replaySealOf } from "../../shared/platform/http/sealed-replay.ts";
import { keyedCompletion, runKeyedAttempt } from "../../shared/platform/store/keyed-attempt.ts";
import { makeViolationUseCases } from "../../shared/violations/use-cases.ts";
import { apiEvent, claimsOf, invoke, jsonHeaders } from "../fakes/http.ts";
import { memoryIdempotencyStore } from "../fakes/idempotency.ts";
import {
  fixedClock,
  memoryComplaints,
  memoryUnits,
  memoryViolations,
  sequentialIds,
} from "../fakes/memory.ts";
import { unitRecord } from "../fakes/records.ts";

const ADDRESS = "203.0.113.77";
const AGENT = "PrivacyProbe/1.0 (complaint-http)";

const setup = () => {
  const complaints = memoryComplaints();
  const idempotency = memoryIdempotencyStore();
  const clock = fixedClock("2026-12-07T08:00:00.000Z");
  const units = memoryUnits([unitRecord({ id: "dept-a" })]);
  const violations = makeViolationUseCases({
    violations: memoryViolations(),
    units,
    clock,
    ids: sequentialIds("V"),
    dueDays: 14,
    timeZone: "Asia/Shanghai",
  });
  const useCases = makeComplaintUseCases({
    complaints,
    units,
    violations,
    clock,
    ids: sequentialIds("C"),
    receipts: randomReceipts,
    timeZone: "Asia/Shanghai",
  });
  const handler = httpHandler(complaintsRoutes, complaintOperations(useCases), {
    idempotency,
    // The token of a signed-in reporter is its claims as JSON here; the real verifier is bearer.ts's.
    verifyToken: async (token) => JSON.parse(Buffer.from(token, "base64url").toString("utf8")),
  });
  /** An event as the gateway builds it, from a client with a known address and user agent. */
  const call = (
    routeKey: string,
    options: { body?: object; headers?: Record<string, string>; token?: Record<string, unknown> } = {},
  ) => {
    const event = apiEvent(routeKey, {
      ...(options.body ? { body: JSON.stringify(options.body) } : {}),
      headers: {
        ...jsonHeaders,
        "user-agent": AGENT,
        "x-forwarded-for": ADDRESS,
        ...(options.token
          ? { authorization: `Bearer ${Buffer.from(JSON.stringify(options.token)).toString("base64url")}` }
          : {}),
        ...options.headers,
      },
    });
    event.requestContext.http.sourceIp = ADDRESS;
    event.requestContext.http.userAgent = AGENT;
    return invoke(handler, event);
  };
  return { complaints, idempotency, call, handler };
};

const body = { subject: "Ledger three times", text: "The same ledger, three times.", category: "document" };
const KEY = "4b1f0c9e-8d7a-4c6b-9e5f-0a1b2c3d4e5f";
const OTHER_KEY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("a keyed complaint filing", () => {
  it("replays the receipt to the holder of the key, and the store keeps it only sealed", async () => {
    const { call, idempotency, complaints } = setup();
    const first = await call("POST /v1/complaints", { body, headers: { "idempotency-key": KEY } });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.headers.location, `/v1/complaints/${first.body.id}`);
    const retry = await call("POST /v1/complaints", { body, headers: { "idempotency-key": KEY } });
    assert.equal(retry.status, 201);
    assert.deepEqual(retry.body, first.body);
    assert.equal(complaints.records.size, 1, "nothing written twice");
    const kept = JSON.stringify([...idempotency.records.values()]);
    assert.ok(!kept.includes(first.body.receipt), "the receipt is not kept readable");
    assert.ok(!kept.includes(first.body.receipt.replaceAll("-", "")));
    assert.ok(!kept.includes(KEY), "nor the key that opens it");
    const [stored] = idempotency.records.values();
    assert.match(JSON.stringify(stored?.response), /^\{"sealed":"[\w-]+\.[\w-]+\.[\w-]+"\}$/);
  });

  it("never hands one anonymous reporter's receipt to another", async () => {
    const { call, complaints } = setup();
    const first = await call("POST /v1/complaints", { body, headers: { "idempotency-key": KEY } });
    const other = await call("POST /v1/complaints", { body, headers: { "idempotency-key": OTHER_KEY } });
    assert.equal(other.status, 201);
    assert.notEqual(other.body.receipt, first.body.receipt);
    const reused = await call("POST /v1/complaints", {
      body: { ...body, text: "Something else entirely" },
      headers: { "idempotency-key": KEY },
    });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.error.code, "IDEMPOTENCY_KEY_REUSED");
    assert.ok(!JSON.stringify(reused.body).includes(first.body.receipt));
    // Public routes share one scope, so the key must be too long to guess: one short of a UUID's
    // 32 hex digits is refused, for filing and for writing by receipt alike.
    for (const key of ["1", "x".repeat(MIN_PUBLIC_KEY_LENGTH - 1)]) {
      const guessable = await call("POST /v1/complaints", { body, headers: { "idempotency-key": key } });
      assert.equal(guessable.status, 400);
      assert.equal(guessable.body.error.details[0].path, "headers.Idempotency-Key");
      const message = await call("POST /v1/complaints/receipt/messages", {
        body: { text: "x" },
        headers: { "idempotency-key": key, "x-receipt": first.body.receipt },
      });
      assert.equal(message.status, 400);
      assert.equal(message.body.error.details[0].path, "headers.Idempotency-Key");
    }
    assert.equal(complaints.records.size, 2);
  });

  it("a signed-in reporter's key is theirs alone, as for any POST", async () => {
    const { call, complaints } = setup();
    const token = claimsOf("cadre-1", ["grassroots"], "village-1");
    const signedIn = await call("POST /v1/complaints", { body, token, headers: { "idempotency-key": KEY } });
    const anonymous = await call("POST /v1/complaints", { body, headers: { "idempotency-key": KEY } });
    assert.equal(signedIn.status, 201);
    assert.equal(anonymous.status, 201);
    assert.notEqual(anonymous.body.id, signedIn.body.id);
    assert.deepEqual(complaints.identities.get(signedIn.body.id), {
      complaintId: signedIn.body.id,
      sub: "cadre-1",
      unitId: "village-1",
    });
  });
});

describe("the receipt routes", () => {
  it("read the receipt from X-Receipt only: missing or malformed 400, unknown 404", async () => {
    const { call } = setup();
    const filed = await call("POST /v1/complaints", { body });
    const read = await call("GET /v1/complaints/receipt", {
      headers: { "x-receipt": filed.body.receipt.toLowerCase() },
    });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal(read.body.status, "new");
    const missing = await call("GET /v1/complaints/receipt");
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, "VALIDATION_FAILED");
    assert.equal(missing.body.error.details[0].path, "headers.X-Receipt");
    const malformed = await call("POST /v1/complaints/receipt/messages", {
      body: { text: "hello" },
      headers: { "x-receipt": "12345" },
    });
    assert.equal(malformed.status, 400);
    const unknown = await call("GET /v1/complaints/receipt", {
      headers: { "x-receipt": randomReceipts.next() },
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, "NOT_FOUND");
    const wrote = await call("POST /v1/complaints/receipt/messages", {
      body: { text: "hello" },
      headers: { "x-receipt": filed.body.receipt },
    });
    assert.equal(wrote.status, 200);
    assert.deepEqual(Object.keys(wrote.body).sort(), ["at", "from", "text"]);
  });

  it("keep nothing of the client's address or user agent", async () => {
    const { call, complaints, idempotency } = setup();
    const filed = await call("POST /v1/complaints", {
      body: { ...body, contact: "a@b.cn" },
      headers: { "idempotency-key": KEY },
    });
    await call("POST /v1/complaints/receipt/messages", {
      body: { text: "hello" },
      headers: { "x-receipt": filed.body.receipt },
    });
    const stored = JSON.stringify([
      [...complaints.records.values()],
      [...complaints.audits.values()],
      [...complaints.messageLog.values()],
      [...complaints.identities.values()],
      [...complaints.receipts.values()],
      complaints.answers,
      [...idempotency.records.values()],
    ]);
    assert.ok(!stored.includes(ADDRESS));
    assert.ok(!stored.includes("PrivacyProbe"));
  });
});

describe("every complaint route through the handler", () => {
  it("answers each operation with its success status", async () => {
    const { call, handler } = setup();
    const supervisor = claimsOf("super-1", ["supervisor"], "supervision-office");
    const other = claimsOf("super-2", ["supervisor"], "supervision-office");
    const clerk = claimsOf("clerk-a", ["department"], "dept-a");
    const as = (
      claims: Record<string, string>,
      routeKey: string,
      options: { body?: object; id?: string } = {},
    ) =>
      invoke(
        handler,
        apiEvent(routeKey, {
          claims,
          headers: jsonHeaders,
          ...(options.body ? { body: JSON.stringify(options.body) } : {}),
          ...(options.id ? { path: { id: options.id } } : {}),
        }),
      );
    const filed = await call("POST /v1/complaints", { body: { ...body, contact: "phone" } });
    const id = filed.body.id;
    const steps: [Record<string, string>, string, { body?: object; id?: string }, number][] = [
      [supervisor, "GET /v1/complaints", {}, 200],
      [supervisor, "GET /v1/complaints/{id}", { id }, 200],
      [supervisor, "POST /v1/complaints/{id}/triage", { id, body: { status: "triaged", note: "ok" } }, 200],
      [supervisor, "POST /v1/complaints/{id}/messages", { id, body: { text: "hello" } }, 200],
      [
        supervisor,
        "POST /v1/complaints/{id}/forward",
        { id, body: { unitId: "dept-a", text: "redacted" } },
        200,
      ],
      [supervisor, "POST /v1/complaints/{id}/violation", { id, body: { unitId: "dept-a", title: "t" } }, 201],
      [supervisor, "POST /v1/complaints/{id}/disclosure", { id, body: { reason: "call back" } }, 200],
      [other, "POST /v1/complaints/{id}/disclosure/grant", { id }, 200],
      [supervisor, "GET /v1/complaints/{id}/disclosure", { id }, 200],
      [clerk, "GET /v1/complaints/forwarded", {}, 200],
    ];
    for (const [claims, routeKey, options, status] of steps) {
      const answer = await as(claims, routeKey, options);
      assert.equal(answer.status, status, `${routeKey}: ${JSON.stringify(answer.body)}`);
    }
    const [forward] = (await as(clerk, "GET /v1/complaints/forwarded")).body.items;
    const answered = await as(clerk, "POST /v1/complaints/forwarded/{id}/answer", {
      id: forward.id,
      body: { text: "done" },
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
  });
});

describe("the sealed replay", () => {
  const scope = "POST /v1/complaints|anonymous|";

  it("opens only with the key and scope that sealed it, and refuses a tampered answer", () => {
    const sealing = replaySealOf(KEY, scope);
    const sealed = sealing.seal({ receipt: "7QK2M-9XAB4-C3D5E-F6G7H-8J9KM" });
    assert.deepEqual(sealing.open(sealed), { receipt: "7QK2M-9XAB4-C3D5E-F6G7H-8J9KM" });
    assert.notEqual(sealing.seal({ a: 1 }).sealed, sealing.seal({ a: 1 }).sealed, "a fresh IV each time");
    assert.throws(() => replaySealOf(OTHER_KEY, scope).open(sealed));
    assert.throws(() => replaySealOf(KEY, "POST /v1/complaints|someone|").open(sealed));
    const [iv, text, tag] = sealed.sealed.split(".");
    assert.throws(() => sealing.open({ sealed: `${iv}.${text}A.${tag}` }));
    assert.throws(() => sealing.open({ sealed: "only-one-part" }), /shape/);
    assert.throws(() => sealing.open({ receipt: "clear" }));
  });

  it("is what a keyed attempt's own transaction stores, when the route seals its answer", async () => {
    const sealing = replaySealOf(KEY, scope);
    const answer = { receipt: "7QK2M-9XAB4-C3D5E-F6G7H-8J9KM" };
    const [sealedItem] = await runKeyedAttempt({ key: "k", token: "t", seal: sealing.seal }, async () =>
      keyedCompletion(answer),
    );
    const stored = sealedItem?.Update.ExpressionAttributeValues[":response"];
    assert.ok(typeof stored === "string" && !stored.includes(answer.receipt));
    assert.deepEqual(sealing.open(JSON.parse(stored)), answer);
    const [plainItem] = await runKeyedAttempt({ key: "k", token: "t" }, async () => keyedCompletion(answer));
    assert.equal(plainItem?.Update.ExpressionAttributeValues[":response"], JSON.stringify(answer));
  });
});
