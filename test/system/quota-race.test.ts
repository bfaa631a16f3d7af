import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Api, startApi } from "./client.ts";

/**
 * Approvals race for the last places of a quota: the counter moves in the same transaction as the
 * status, conditioned on the limit, so however the approvals interleave exactly the remaining
 * places are granted and every other approval is refused, every time.
 */
const year = new Date().getUTCFullYear() + 2;
const ROUNDS = 3;

describe("the quota under concurrent approvals", () => {
  let api: Api;
  let admin: string;

  beforeAll(async () => {
    api = await startApi();
    admin = await api.token("admin", "city-office", "admin-race");
  });

  afterAll(() => api.stack.stop());

  it("grants exactly the five remaining places to ten parallel approvals, in every round", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const unit = `dept-race-${randomUUID().slice(0, 8)}`;
      const created = await api.call("POST", "/v1/units", {
        token: admin,
        body: { id: unit, name: `Race ${round}`, kind: "department", emails: [] },
      });
      assert.equal(created.status, 201);
      const clerk = await api.token("department", unit, `clerk-${unit}`);
      const approvers = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          api.token("approver", "city-office", `approver-${round}-${index}`),
        ),
      );
      const draft = await api.call("PUT", `/v1/plans/${year + round}/meetings`, {
        token: approvers[0],
        body: { quotas: [{ unitId: unit, limit: 5 }], items: [] },
      });
      assert.equal(draft.status, 200, JSON.stringify(draft.body));
      const ids: string[] = [];
      for (let index = 0; index < 10; index++) {
        const submitted = await api.call("POST", "/v1/requests", {
          token: clerk,
          body: {
            kind: "meeting",
            title: `Meeting ${index}`,
            startsAt: `${year + round}-04-${String(index + 1).padStart(2, "0")}T09:00:00+08:00`,
            durationMinutes: 30,
            format: "video",
            attendeeLevel: "staff",
            attendeesPerUnit: 1,
            attendeeUnitKinds: ["village"],
            relayed: false,
            reason: "race",
          },
        });
        assert.equal(submitted.status, 201);
        ids.push(submitted.body.id);
      }
      const answers = await Promise.all(
        ids.map((requestId, index) =>
          api.call("POST", `/v1/requests/${requestId}/decision`, {
            token: approvers[index],
            body: { decision: "approve" },
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      assert.equal(statuses.filter((status) => status === 200).length, 5, `round ${round}: ${statuses}`);
      const refused = answers.filter((answer) => answer.status !== 200);
      assert.deepEqual(
        refused.map((answer) => [answer.status, answer.body.error.code]),
        Array.from({ length: 5 }, () => [422, "QUOTA_EXCEEDED"]),
      );
      const plan = await api.call("GET", `/v1/plans/${year + round}/meetings`, { token: clerk });
      assert.deepEqual(plan.body.quotas, [{ unitId: unit, limit: 5, used: 5, remaining: 0 }]);
      const approved = await api.call("GET", `/v1/requests?status=approved&limit=100`, { token: clerk });
      assert.equal(approved.body.items.length, 5);
    }
  });
});
