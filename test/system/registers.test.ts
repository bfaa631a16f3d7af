/**
 * The secondment and plaque registers against the local stack, over HTTP as a frontend sends them:
 * a secondment confirmed by the other side and returned, isolation between units, personRef
 * refusals, admitted plaque types, plaques admitted or to remove, their removal, and the filters.
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { config } from "../../shared/platform/config.ts";
import { localDay } from "../../shared/platform/time.ts";
import { type Api, type Reply, startApi } from "./client.ts";

const DAY_MS = 86_400_000;

describe("the secondment and plaque registers", () => {
  let api: Api;
  let zone: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    zone = config().TIME_ZONE;
    const identities = {
      education: ["department", "dept-education"],
      health: ["department", "dept-health"],
      agriculture: ["department", "dept-agriculture"],
      village1: ["grassroots", "village-1"],
      village2: ["grassroots", "village-2"],
      township: ["grassroots", "township-east"],
      supervisor: ["supervisor", "supervision-office"],
      approver: ["approver", "city-office"],
      admin: ["admin", "city-office"],
    } as const;
    for (const [name, [role, unit]] of Object.entries(identities)) {
      tokens[name] = await api.token(role, unit, `${name}-person`);
    }
  });

  afterAll(() => api.stack.stop());

  const dayAgo = (days: number): string => localDay(new Date(Date.now() - days * DAY_MS), zone);
  const dayAhead = (days: number): string => localDay(new Date(Date.now() + days * DAY_MS), zone);
  const today = () => dayAgo(0);

  const call = (who: string, method: string, path: string, body?: unknown) =>
    api.call(method, path, { token: tokens[who], ...(body === undefined ? {} : { body }) });

  const expect = (reply: Reply, status: number, code?: string): Reply => {
    assert.equal(reply.status, status, JSON.stringify(reply.body));
    if (code) assert.equal(reply.body.error.code, code, JSON.stringify(reply.body));
    return reply;
  };

  const borrowing = (overrides: Record<string, unknown> = {}) => ({
    personRef: "借调-2026-003",
    fromUnitId: "village-1",
    startDate: dayAgo(30),
    returnBy: dayAhead(60),
    purpose: "School-safety campaign (校园安全专项行动)",
    ...overrides,
  });

  describe("secondments", () => {
    it("registered by a department, confirmed by the village, returned and confirmed back, each step in the trail", async () => {
      const registered = expect(await call("education", "POST", "/v1/secondments", borrowing()), 201);
      const { id } = registered.body;
      assert.equal(registered.headers.get("location"), `/v1/secondments/${id}`);
      assert.equal(registered.body.toUnitId, "dept-education");
      assert.equal(registered.body.registeredBy, "borrower");
      assert.equal(registered.body.status, "pending_confirmation");

      expect(await call("education", "POST", `/v1/secondments/${id}/confirm`), 422, "OWN_REGISTRATION");
      expect(
        await call("education", "POST", `/v1/secondments/${id}/return`, { returnedOn: today() }),
        409,
        "INVALID_TRANSITION",
      );
      const active = expect(await call("village1", "POST", `/v1/secondments/${id}/confirm`), 200);
      assert.equal(active.body.status, "active");
      assert.ok(active.body.confirmedAt);
      expect(await call("village1", "POST", `/v1/secondments/${id}/confirm`), 409, "INVALID_TRANSITION");

      expect(
        await call("village1", "POST", `/v1/secondments/${id}/return`, { returnedOn: today() }),
        422,
        "NOT_BORROWER",
      );
      const future = expect(
        await call("education", "POST", `/v1/secondments/${id}/return`, { returnedOn: dayAhead(2) }),
        400,
        "VALIDATION_FAILED",
      );
      assert.equal(future.body.error.details[0].path, "returnedOn");
      const declared = expect(
        await call("education", "POST", `/v1/secondments/${id}/return`, { returnedOn: today() }),
        200,
      );
      assert.equal(declared.body.status, "return_declared");
      assert.equal(declared.body.returnedOn, today());
      expect(await call("education", "POST", `/v1/secondments/${id}/return/confirm`), 422, "NOT_LENDER");
      const returned = expect(await call("village1", "POST", `/v1/secondments/${id}/return/confirm`), 200);
      assert.equal(returned.body.status, "returned");
      assert.ok(returned.body.returnConfirmedAt);
      assert.equal(returned.body.version, 4);

      const read = expect(await call("education", "GET", `/v1/secondments/${id}`), 200);
      assert.deepEqual(
        read.body.audit.map((entry: { action: string }) => entry.action),
        [
          "secondment.registered",
          "secondment.confirmed",
          "secondment.return_declared",
          "secondment.returned",
        ],
      );
      assert.deepEqual(read.body.audit.at(-1).after.status, "returned");
    });

    it("registered by a village and confirmed by the department", async () => {
      const registered = expect(
        await call("village2", "POST", "/v1/secondments", {
          ...borrowing({ personRef: "LC-2026-07", fromUnitId: undefined }),
          toUnitId: "dept-health",
        }),
        201,
      );
      assert.equal(registered.body.fromUnitId, "village-2");
      assert.equal(registered.body.registeredBy, "lender");
      expect(
        await call("village2", "POST", `/v1/secondments/${registered.body.id}/confirm`),
        422,
        "OWN_REGISTRATION",
      );
      const active = expect(
        await call("health", "POST", `/v1/secondments/${registered.body.id}/confirm`),
        200,
      );
      assert.equal(active.body.status, "active");
    });

    it("is hidden from a third unit: 404 on every route, and absent from its listings", async () => {
      const { id } = expect(
        await call("education", "POST", "/v1/secondments", borrowing({ personRef: "借调-2026-004" })),
        201,
      ).body;
      for (const [who, method, path, body] of [
        ["health", "GET", `/v1/secondments/${id}`],
        ["village2", "GET", `/v1/secondments/${id}`],
        ["village2", "POST", `/v1/secondments/${id}/confirm`],
        ["health", "POST", `/v1/secondments/${id}/return`, { returnedOn: today() }],
        ["township", "POST", `/v1/secondments/${id}/return/confirm`],
      ] as const) {
        expect(await call(who, method, path, body), 404, "NOT_FOUND");
      }
      const listed = expect(await call("health", "GET", "/v1/secondments"), 200);
      assert.ok(listed.body.items.every((item: { id: string }) => item.id !== id));
      expect(await call("supervisor", "GET", `/v1/secondments/${id}`), 200);
      expect(await call("approver", "POST", `/v1/secondments/${id}/confirm`), 403, "FORBIDDEN");
    });

    it("refuses a personRef that is a resident ID number or a phone number, and a returnBy before startDate", async () => {
      for (const [personRef, what] of [
        ["110101199003074518", "resident ID number"],
        ["110101 19900307 451X", "resident ID number"],
        ["+86 138-1234-5678", "phone number"],
        ["0571 8765 4321", "phone number"],
      ]) {
        const refused = expect(
          await call("education", "POST", "/v1/secondments", borrowing({ personRef })),
          400,
          "VALIDATION_FAILED",
        );
        assert.deepEqual(refused.body.error.details, [
          { path: "personRef", message: `personRef must be a pseudonymous reference, not a ${what}` },
        ]);
      }
      const early = expect(
        await call("education", "POST", "/v1/secondments", borrowing({ returnBy: dayAgo(31) })),
        400,
      );
      assert.equal(early.body.error.details[0].path, "returnBy");
      expect(
        await call("education", "POST", "/v1/secondments", borrowing({ fromUnitId: "dept-health" })),
        422,
        "LENDER_NOT_GRASSROOTS",
      );
      expect(
        await call("education", "POST", "/v1/secondments", borrowing({ fromUnitId: "village-99" })),
        422,
        "UNKNOWN_UNIT",
      );
      expect(
        await call("education", "POST", "/v1/secondments", { ...borrowing(), toUnitId: "dept-health" }),
        422,
        "NOT_OWN_UNIT",
      );
    });

    it("lists by side, by status and by unit", async () => {
      const mine = expect(await call("education", "GET", "/v1/secondments?status=returned"), 200);
      assert.ok(mine.body.items.length >= 1);
      assert.ok(
        mine.body.items.every(
          (item: { toUnitId: string; status: string }) =>
            item.toUnitId === "dept-education" && item.status === "returned",
        ),
      );
      const lent = expect(await call("village1", "GET", "/v1/secondments"), 200);
      assert.ok(lent.body.items.every((item: { fromUnitId: string }) => item.fromUnitId === "village-1"));
      const other = expect(await call("village1", "GET", "/v1/secondments?unitId=village-2"), 200);
      assert.deepEqual(other.body.items, []);
      const pending = expect(
        await call("supervisor", "GET", "/v1/secondments?status=pending_confirmation"),
        200,
      );
      assert.ok(pending.body.items.length >= 1);
      assert.ok(
        pending.body.items.every((item: { status: string }) => item.status === "pending_confirmation"),
      );
      const village2 = expect(await call("supervisor", "GET", "/v1/secondments?unitId=village-2"), 200);
      assert.ok(village2.body.items.length >= 1);
      assert.ok(village2.body.items.every((item: { fromUnitId: string }) => item.fromUnitId === "village-2"));
      const paged = expect(await call("supervisor", "GET", "/v1/secondments?limit=1"), 200);
      assert.equal(paged.body.items.length, 1);
      assert.ok(paged.body.nextCursor);
      const next = expect(
        await call(
          "supervisor",
          "GET",
          `/v1/secondments?limit=1&cursor=${encodeURIComponent(paged.body.nextCursor)}`,
        ),
        200,
      );
      assert.notEqual(next.body.items[0].id, paged.body.items[0].id);
    });
  });

  describe("plaques", () => {
    let typeId: string;

    it("has its admitted types kept by the administrator and read by everyone", async () => {
      const listed = expect(await call("village1", "GET", "/v1/plaque-types"), 200);
      assert.deepEqual(
        listed.body.items.map((type: { name: string }) => type.name),
        ["党群服务中心", "村民委员会", "村务监督委员会"],
        "the demo city's admitted types",
      );
      expect(await call("education", "POST", "/v1/plaque-types", { name: "x", description: "y" }), 403);
      const created = expect(
        await call("admin", "POST", "/v1/plaque-types", {
          name: "便民服务站",
          description: "Convenience service point",
        }),
        201,
      );
      typeId = created.body.id;
      assert.equal(created.headers.get("location"), `/v1/plaque-types/${typeId}`);
      expect(
        await call("admin", "POST", "/v1/plaque-types", { name: " 村民委员会 ", description: "again" }),
        422,
        "DUPLICATE_PLAQUE_TYPE",
      );
      const updated = expect(
        await call("admin", "PUT", `/v1/plaque-types/${typeId}`, {
          name: "便民服务站",
          description: "Convenience service point for residents",
        }),
        200,
      );
      assert.equal(updated.body.version, 2);
      expect(
        await call("admin", "PUT", "/v1/plaque-types/no-such-type", { name: "a", description: "b" }),
        404,
      );
    });

    it("registers a plaque of an admitted type as admitted, one of none as to_remove by removeBy, and takes it down", async () => {
      const admitted = expect(
        await call("village1", "POST", "/v1/plaques", {
          title: "柳村便民服务站",
          issuingUnitId: "city-office",
          typeId,
        }),
        201,
      );
      assert.equal(admitted.body.status, "admitted");
      assert.equal(admitted.body.villageUnitId, "village-1");
      assert.equal("removeBy" in admitted.body, false);

      const unadmitted = expect(
        await call("village1", "POST", "/v1/plaques", {
          title: "农业技术推广服务站",
          issuingUnitId: "dept-agriculture",
        }),
        201,
      );
      assert.equal(unadmitted.body.status, "to_remove");
      assert.equal(unadmitted.body.removeBy, dayAhead(30), "today plus PLAQUE_REMOVE_DAYS (30)");
      assert.equal(unadmitted.headers.get("location"), `/v1/plaques/${unadmitted.body.id}`);

      expect(
        await call("village1", "POST", "/v1/plaques", {
          title: "x",
          issuingUnitId: "dept-agriculture",
          typeId: "no-such-type",
        }),
        422,
        "UNKNOWN_PLAQUE_TYPE",
      );
      expect(
        await call("village1", "POST", "/v1/plaques", { title: "x", issuingUnitId: "dept-nowhere" }),
        422,
        "UNKNOWN_UNIT",
      );
      expect(
        await call("township", "POST", "/v1/plaques", { title: "x", issuingUnitId: "dept-agriculture" }),
        422,
        "NOT_VILLAGE",
      );

      const path = `/v1/plaques/${unadmitted.body.id}/removal`;
      expect(await call("village2", "POST", path, { removedOn: today() }), 404);
      expect(await call("village1", "POST", path, { removedOn: dayAhead(1) }), 400, "VALIDATION_FAILED");
      const removed = expect(await call("village1", "POST", path, { removedOn: today() }), 200);
      assert.equal(removed.body.status, "removed");
      assert.equal(removed.body.removedOn, today());
      expect(await call("village1", "POST", path, { removedOn: today() }), 409, "INVALID_TRANSITION");

      const read = expect(await call("agriculture", "GET", `/v1/plaques/${unadmitted.body.id}`), 200);
      assert.deepEqual(
        read.body.audit.map((entry: { action: string }) => entry.action),
        ["plaque.registered", "plaque.removed"],
      );
      expect(await call("health", "GET", `/v1/plaques/${unadmitted.body.id}`), 404);
      expect(await call("village2", "GET", `/v1/plaques/${unadmitted.body.id}`), 404);

      const takenDown = expect(
        await call("village1", "POST", `/v1/plaques/${admitted.body.id}/removal`, { removedOn: today() }),
        200,
      );
      assert.equal(takenDown.body.status, "removed", "an admitted plaque may come down too");
    });

    it("lists a village's own, a department's demanded, and everything for supervisors, by status", async () => {
      expect(
        await call("village2", "POST", "/v1/plaques", {
          title: "Safety station",
          issuingUnitId: "dept-health",
        }),
        201,
      );
      const own = expect(await call("village1", "GET", "/v1/plaques"), 200);
      assert.ok(own.body.items.length >= 2);
      assert.ok(
        own.body.items.every((item: { villageUnitId: string }) => item.villageUnitId === "village-1"),
      );
      assert.deepEqual(
        expect(await call("village1", "GET", "/v1/plaques?villageUnitId=village-2"), 200).body.items,
        [],
      );
      const demanded = expect(await call("health", "GET", "/v1/plaques"), 200);
      assert.deepEqual(
        demanded.body.items.map((item: { title: string; issuingUnitId: string }) => [
          item.title,
          item.issuingUnitId,
        ]),
        [["Safety station", "dept-health"]],
      );
      const toRemove = expect(await call("supervisor", "GET", "/v1/plaques?status=to_remove"), 200);
      assert.deepEqual(
        toRemove.body.items.map((item: { villageUnitId: string; status: string }) => [
          item.villageUnitId,
          item.status,
        ]),
        [["village-2", "to_remove"]],
      );
      const village1Removed = expect(
        await call("approver", "GET", "/v1/plaques?villageUnitId=village-1&status=removed"),
        200,
      );
      assert.equal(village1Removed.body.items.length, 2);
    });
  });
});
