/**
 * What the API refuses as implausible, seen from outside: conveners that are not city units,
 * facts too old or dated outside 2000-2099, a decision by the submitter's own unit, a unit placed
 * under its own sub-unit, and a flood of reports from one unit (exactly the daily cap gets in).
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { localDay, localMidnightUtc } from "../../shared/platform/time.ts";
import { type Api, type Reply, startApi } from "./client.ts";

const DAY_MS = 86_400_000;
const TIME_ZONE = "Asia/Shanghai";
const CAP = 100;

describe("plausibility", () => {
  let api: Api;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    tokens.admin = await api.token("admin", "city-office", "admin-1");
    tokens.education = await api.token("department", "dept-education", "clerk-edu");
    tokens.educationApprover = await api.token("approver", "dept-education", "head-edu");
    tokens.approver = await api.token("approver", "city-office", "approver-1");
    tokens.village = await api.token("grassroots", "village-1", "cadre-1");
    tokens.flooder = await api.token("grassroots", "village-2", "cadre-2");
  });

  afterAll(() => api.stack.stop());

  const held = (overrides: Record<string, unknown> = {}) => ({
    kind: "meeting_held",
    convenerUnitId: "dept-health",
    title: "Flu season mobilisation",
    heldAt: new Date(Date.now() - DAY_MS).toISOString(),
    durationMinutes: 60,
    attendeeLevel: "deputy",
    attendeesPerUnit: 1,
    relayed: false,
    ...overrides,
  });

  const refusedAt = (reply: Reply, status: number, code: string, path: string) => {
    assert.equal(reply.status, status, JSON.stringify(reply.body));
    assert.equal(reply.body.error.code, code);
    assert.deepEqual(
      reply.body.error.details.map((detail: { path: string }) => detail.path),
      [path],
    );
    assert.equal(typeof reply.body.error.requestId, "string");
  };

  it("refuses a meeting convened by a township or village", async () => {
    for (const convenerUnitId of ["township-east", "village-2"]) {
      const reply = await api.call("POST", "/v1/events", {
        token: tokens.village,
        body: held({ convenerUnitId }),
      });
      refusedAt(reply, 422, "CONVENER_NOT_CITY_UNIT", "convenerUnitId");
      assert.match(reply.body.error.details[0].message, /department or office/);
    }
  });

  it("refuses a meeting held more than 90 days ago", async () => {
    const old = await api.call("POST", "/v1/events", {
      token: tokens.village,
      body: held({ heldAt: new Date(Date.now() - 91 * DAY_MS).toISOString() }),
    });
    refusedAt(old, 422, "TOO_OLD", "heldAt");
    assert.match(old.body.error.message, /90 days/);
  });

  it("refuses instants outside 2000-2099 with a message for the form, at the field", async () => {
    for (const heldAt of [
      "0000-01-01T00:00:00Z",
      "1999-12-31T23:59:59Z",
      "2100-01-01T00:00:00Z",
      "+010000-01-01T00:00:00Z",
    ]) {
      const reply = await api.call("POST", "/v1/events", { token: tokens.village, body: held({ heldAt }) });
      refusedAt(reply, 400, "VALIDATION_FAILED", "heldAt");
      assert.match(reply.body.error.details[0].message, /^heldAt must be a date and time/);
    }
    const request = await api.call("POST", "/v1/requests", {
      token: tokens.education,
      body: {
        kind: "meeting",
        title: "Far future",
        startsAt: "2100-01-01T09:00:00+08:00",
        durationMinutes: 60,
        format: "video",
        attendeeLevel: "staff",
        attendeesPerUnit: 1,
        attendeeUnitKinds: ["township"],
        relayed: false,
        reason: "none",
      },
    });
    refusedAt(request, 400, "VALIDATION_FAILED", "startsAt");
    assert.match(request.body.error.details[0].message, /2000-01-01 to 2099-12-31/);
  });

  it("lets no approver decide a request of their own unit", async () => {
    const submitted = await api.call("POST", "/v1/requests", {
      token: tokens.education,
      body: {
        kind: "meeting",
        title: "Exam logistics",
        startsAt: new Date(Date.now() + 10 * DAY_MS).toISOString(),
        durationMinutes: 60,
        format: "video",
        attendeeLevel: "staff",
        attendeesPerUnit: 1,
        attendeeUnitKinds: ["township"],
        relayed: false,
        reason: "Exam week",
      },
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const path = `/v1/requests/${submitted.body.id}/decision`;
    const own = await api.call("POST", path, {
      token: tokens.educationApprover,
      body: { decision: "approve" },
    });
    assert.equal(own.status, 422, JSON.stringify(own.body));
    assert.equal(own.body.error.code, "OWN_UNIT");
    const other = await api.call("POST", path, { token: tokens.approver, body: { decision: "approve" } });
    assert.equal(other.status, 200, JSON.stringify(other.body));
  });

  it("refuses to place a unit under one of its own sub-units", async () => {
    const reply = await api.call("PUT", "/v1/units/city-office", {
      token: tokens.admin,
      body: { name: "City Office", kind: "office", parentId: "supervision-office", emails: [] },
    });
    refusedAt(reply, 422, "PARENT_CYCLE", "parentId");
    const unchanged = await api.call("GET", "/v1/units/city-office", { token: tokens.admin });
    assert.equal(unchanged.body.parentId, undefined);
  });

  it("lets exactly the daily cap of 150 simultaneous reports from one unit in, and answers the rest 429 with Retry-After", async () => {
    // A run that would straddle the unit's local midnight counts two days: wait for the new one.
    const untilMidnight = () =>
      localMidnightUtc(
        new Date(Date.parse(`${localDay(new Date(), TIME_ZONE)}T00:00:00Z`) + DAY_MS)
          .toISOString()
          .slice(0, 10),
        TIME_ZONE,
      ).getTime() - Date.now();
    if (untilMidnight() < 60_000)
      await new Promise((resolve) => setTimeout(resolve, untilMidnight() + 1_000));

    /** A client that retries what the API asks it to retry later (503), with the same key. */
    const heldAt = new Date(Date.now() - DAY_MS).toISOString();
    const report = async (index: number): Promise<Reply> => {
      for (let attempt = 1; ; attempt++) {
        const reply = await api.call("POST", "/v1/events", {
          token: tokens.flooder,
          body: held({ title: `Flood ${index}`, heldAt }),
          headers: { "idempotency-key": `flood-${index}` },
        });
        if ((reply.status !== 503 && reply.status !== 409) || attempt === 10) return reply;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    };
    const replies = await Promise.all(Array.from({ length: 150 }, (_, index) => report(index)));
    const statuses = replies.map((reply) => reply.status);
    assert.equal(statuses.filter((status) => status === 201).length, CAP, JSON.stringify(statuses));
    assert.equal(statuses.filter((status) => status === 429).length, 150 - CAP, JSON.stringify(statuses));

    const refused = replies.find((reply) => reply.status === 429);
    assert.equal(refused?.body.error.code, "TOO_MANY_FACTS");
    const retryAfter = Number(refused?.headers.get("retry-after"));
    assert.ok(Number.isInteger(retryAfter) && retryAfter > 0, String(retryAfter));
    assert.ok(
      Math.abs(retryAfter - untilMidnight() / 1000) < 30,
      `${retryAfter}s is not until local midnight`,
    );

    // Nothing was written for a refused report: the unit's listing holds exactly the cap.
    let stored = 0;
    let cursor: string | null = null;
    do {
      const page: Reply = await api.call(
        "GET",
        `/v1/events?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token: tokens.flooder },
      );
      assert.equal(page.status, 200);
      stored += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(stored, CAP);

    // The key of a refused report is not remembered: its retry is refused again, not replayed.
    const refusedIndex = replies.findIndex((reply) => reply.status === 429);
    const again = await api.call("POST", "/v1/events", {
      token: tokens.flooder,
      body: held({ title: `Flood ${refusedIndex}`, heldAt }),
      headers: { "idempotency-key": `flood-${refusedIndex}` },
    });
    assert.equal(again.status, 429, JSON.stringify(again.body));
    // Another unit has its own count.
    const other = await api.call("POST", "/v1/events", { token: tokens.village, body: held() });
    assert.equal(other.status, 201, JSON.stringify(other.body));
  });
});
