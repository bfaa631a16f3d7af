import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Api, startApi } from "./client.ts";

describe("units and reported facts", () => {
  let api: Api;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    tokens.admin = await api.token("admin", "city-office", "admin-1");
    tokens.education = await api.token("department", "dept-education", "clerk-edu");
    tokens.village = await api.token("grassroots", "village-1", "cadre-1");
    tokens.supervisor = await api.token("supervisor", "supervision-office", "supervisor-1");
  });

  afterAll(() => api.stack.stop());

  it("never stores a cycle, however two moves that would close one race", async () => {
    for (let round = 0; round < 10; round++) {
      const [a, b] = [`office-a${round}`, `office-b${round}`];
      for (const id of [a, b]) {
        const created = await api.call("POST", "/v1/units", {
          token: tokens.admin,
          body: { id, name: id, kind: "office", emails: [] },
        });
        assert.equal(created.status, 201);
      }
      const move = (id: string, parentId: string) =>
        api.call("PUT", `/v1/units/${id}`, {
          token: tokens.admin,
          body: { name: id, kind: "office", parentId, emails: [] },
        });
      const replies = await Promise.all([move(a, b), move(b, a)]);
      const statuses = replies.map((reply) => reply.status).sort();
      assert.ok(statuses[0] === 200 && statuses[1] !== 200, `round ${round}: ${statuses.join(", ")}`);
      const losing = replies.find((reply) => reply.status !== 200);
      assert.ok(
        ["STATE_CHANGED", "PARENT_CYCLE"].includes(losing?.body.error.code),
        JSON.stringify(losing?.body),
      );
      const [readA, readB] = await Promise.all(
        [a, b].map((id) => api.call("GET", `/v1/units/${id}`, { token: tokens.admin })),
      );
      assert.ok(readA?.body.parentId === undefined || readB?.body.parentId === undefined, "no cycle");
    }
  });

  it("lets an admin create and replace a unit, refusing duplicates and unknown parents", async () => {
    const unit = {
      id: "village-9",
      name: "Pine Village",
      kind: "village",
      parentId: "township-east",
      emails: [],
    };
    const created = await api.call("POST", "/v1/units", { token: tokens.admin, body: unit });
    assert.equal(created.status, 201);
    assert.equal(created.body.version, 1);
    const duplicate = await api.call("POST", "/v1/units", { token: tokens.admin, body: unit });
    assert.equal(duplicate.status, 409);
    const orphan = await api.call("POST", "/v1/units", {
      token: tokens.admin,
      body: { ...unit, id: "village-10", parentId: "nowhere" },
    });
    assert.equal(orphan.status, 422);
    assert.equal(orphan.body.error.details[0].path, "parentId");

    const replaced = await api.call("PUT", "/v1/units/village-9", {
      token: tokens.admin,
      body: {
        name: "Pine Village (松树村)",
        kind: "village",
        parentId: "township-east",
        emails: ["pine@demo.city.gov.cn"],
      },
    });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.version, 2);
    const read = await api.call("GET", "/v1/units/village-9", { token: tokens.village });
    assert.deepEqual(read.body.emails, ["pine@demo.city.gov.cn"]);
    const missing = await api.call("GET", "/v1/units/village-404", { token: tokens.village });
    assert.equal(missing.status, 404);
    const all = await api.call("GET", "/v1/units", { token: tokens.education });
    assert.ok(all.body.items.some((item: { id: string }) => item.id === "village-9"));
  });

  const held = (overrides: Record<string, unknown>) => ({
    kind: "meeting_held",
    convenerUnitId: "dept-education",
    title: "Reading week",
    heldAt: new Date(Date.now() - 86_400_000).toISOString(),
    durationMinutes: 30,
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    relayed: false,
    ...overrides,
  });

  it("applies the reporting rules and scopes the listing to the reporter's unit", async () => {
    const foreign = await api.call("POST", "/v1/events", {
      token: tokens.education,
      body: held({ convenerUnitId: "dept-health" }),
    });
    assert.equal(foreign.status, 422);
    assert.equal(foreign.body.error.code, "NOT_OWN_MEETING");
    const future = await api.call("POST", "/v1/events", {
      token: tokens.village,
      body: held({ heldAt: new Date(Date.now() + 86_400_000).toISOString() }),
    });
    assert.equal(future.status, 422);
    const unknownUnit = await api.call("POST", "/v1/events", {
      token: tokens.village,
      body: held({ convenerUnitId: "dept-nowhere" }),
    });
    assert.equal(unknownUnit.status, 422);
    const unknownRequest = await api.call("POST", "/v1/events", {
      token: tokens.village,
      body: held({ requestId: "01NOSUCHREQUEST" }),
    });
    assert.equal(unknownRequest.status, 422);

    const own = await api.call("POST", "/v1/events", { token: tokens.education, body: held({}) });
    assert.equal(own.status, 201);
    const fromVillage = await api.call("POST", "/v1/events", { token: tokens.village, body: held({}) });
    assert.equal(fromVillage.status, 201);

    const educationList = await api.call("GET", "/v1/events", { token: tokens.education });
    assert.deepEqual(
      educationList.body.items.map((item: { id: string }) => item.id),
      [own.body.id],
    );
    const everything = await api.call("GET", "/v1/events", { token: tokens.supervisor });
    assert.equal(everything.body.items.length, 2);
  });
});
