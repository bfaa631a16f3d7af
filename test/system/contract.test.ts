import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Api, startApi } from "./client.ts";

/** The contract a frontend relies on: headers, statuses and messages as documented. */
describe("API contract", () => {
  let api: Api;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    tokens.education = await api.token("department", "dept-education", "clerk-edu");
    tokens.supervisor = await api.token("supervisor", "supervision-office", "supervisor-1");
    tokens.admin = await api.token("admin", "city-office", "admin-1");
  });

  afterAll(() => api.stack.stop());

  it("says where a created or accepted resource is, and lets browsers read that header", async () => {
    const created = await api.call("POST", "/v1/units", {
      token: tokens.admin,
      body: { id: "village-9", name: "Ninth Village", kind: "village", emails: [] },
      headers: { origin: "http://localhost:5173" },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.headers.get("location"), "/v1/units/village-9");
    const exposed = (created.headers.get("access-control-expose-headers") ?? "").toLowerCase();
    for (const header of ["location", "retry-after", "x-request-id"])
      assert.match(exposed, new RegExp(header));
    const read = await api.call("GET", created.headers.get("location") ?? "", { token: tokens.admin });
    assert.equal(read.status, 200);
    assert.equal(read.body.name, "Ninth Village");
  });

  it("refuses to sweep a week that has not ended", async () => {
    const reply = await api.call("POST", "/v1/sweeps", {
      token: tokens.supervisor,
      body: { window: "2030-W01" },
    });
    assert.equal(reply.status, 422, JSON.stringify(reply.body));
    assert.equal(reply.body.error.code, "WINDOW_NOT_ENDED");
    assert.equal(reply.body.error.details[0].path, "window");
  });

  it("writes error messages for the person filling the form, at the field's path", async () => {
    const empty = await api.call("POST", "/v1/requests", { token: tokens.education, body: {} });
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.body.error.details, [
      { path: "kind", message: "kind must be one of: meeting, document, inspection, veto_item" },
    ]);

    const unknown = await api.call("POST", "/v1/units", {
      token: tokens.admin,
      body: { id: "x-1", name: "X", kind: "village", foo: 1 },
    });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.error.details, [
      { path: "foo", message: 'unknown field "foo": remove it' },
    ]);

    const limit = await api.call("GET", "/v1/units?limit=abc", { token: tokens.admin });
    assert.equal(limit.status, 400);
    assert.deepEqual(limit.body.error.details, [
      { path: "limit", message: "limit must be a whole number from 1 to 100" },
    ]);

    const key = await api.call("POST", "/v1/units", {
      token: tokens.admin,
      body: { id: "x-2", name: "X", kind: "village" },
      headers: { "idempotency-key": "has spaces" },
    });
    assert.equal(key.status, 400);
    assert.doesNotMatch(JSON.stringify(key.body), /\\x21|\^\[|regex/i);
    assert.match(
      key.body.error.details[0].message,
      /^Idempotency-Key must be 1 to 255 visible ASCII characters/,
    );
  });

  it("tells a supervisor deciding a violation twice to reopen it, and hides it from other units", async () => {
    const recorded = await api.call("POST", "/v1/violations", {
      token: tokens.supervisor,
      body: { unitId: "dept-education", title: "Duplicate ledgers", description: "Asked for three times" },
    });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const path = recorded.headers.get("location") ?? "";
    const resolution = { outcome: "rectified", reason: "One ledger from now on" };
    const resolved = await api.call("POST", `${path}/resolution`, {
      token: tokens.supervisor,
      body: resolution,
    });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(resolved.body.status, "rectified");
    const again = await api.call("POST", `${path}/resolution`, {
      token: tokens.supervisor,
      body: resolution,
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "INVALID_TRANSITION");
    assert.match(again.body.error.message, /is already rectified; reopen it first$/);

    const health = await api.token("department", "dept-health", "clerk-health");
    for (const [method, suffix, body] of [
      ["GET", "", undefined],
      ["POST", "/response", { text: "Not ours" }],
    ] as const) {
      const hidden = await api.call(method, `${path}${suffix}`, { token: health, ...(body ? { body } : {}) });
      assert.equal(hidden.status, 404, `${method} ${suffix}`);
    }
    const own = await api.call("GET", path, { token: tokens.education });
    assert.equal(own.status, 200);
    assert.deepEqual(
      own.body.audit.map((entry: { action: string }) => entry.action),
      ["violation.opened", "violation.resolved"],
    );
  });

  it("hands out cursors that show nothing of the storage layout", async () => {
    const page = await api.call("GET", "/v1/units?limit=1", { token: tokens.admin });
    assert.equal(page.status, 200);
    const cursor: string = page.body.nextCursor;
    assert.ok(cursor, "a one-item page of several units has a next cursor");
    const decoded = Buffer.from(cursor, "base64url").toString("latin1");
    assert.doesNotMatch(decoded, /pk|gsi|byType|UNIT/);
    const next = await api.call("GET", `/v1/units?limit=1&cursor=${cursor}`, { token: tokens.admin });
    assert.equal(next.status, 200);
    assert.notEqual(next.body.items[0].id, page.body.items[0].id);
  });
});
