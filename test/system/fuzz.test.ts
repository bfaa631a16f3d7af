import assert from "node:assert/strict";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Role } from "../../shared/platform/roles.ts";
import { routes } from "../../shared/routes.ts";
import { type Api, startApi } from "./client.ts";

/**
 * Near-valid bodies find the bugs random bytes miss: start from a body each write route accepts,
 * then drop, replace or add one field with arbitrary JSON. Whatever comes back must be a
 * documented answer below 500.
 */
const validBodies: Record<string, unknown> = {
  createUnit: { id: "fuzz-unit", name: "Fuzz", kind: "village", parentId: "township-east", emails: [] },
  updateUnit: { name: "Fuzz", kind: "village", emails: ["a@b.cn"] },
  submitRequest: {
    kind: "meeting",
    title: "Fuzz",
    startsAt: "2027-01-05T09:00:00+08:00",
    durationMinutes: 30,
    format: "video",
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    attendeeUnitKinds: ["village"],
    relayed: false,
    reason: "fuzz",
  },
  decideRequest: { decision: "reject", comment: "fuzz" },
  withdrawRequest: {},
  reportEvent: {
    kind: "meeting_held",
    convenerUnitId: "dept-education",
    title: "Fuzz",
    heldAt: "2026-11-02T09:00:00+08:00",
    durationMinutes: 30,
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    relayed: false,
  },
  startSweep: { window: "2026-W45", dryRun: true },
};

const callerOf: Record<Role, string> = {
  department: "dept-education",
  grassroots: "village-1",
  approver: "city-office",
  supervisor: "supervision-office",
  admin: "city-office",
};

const mutate = (body: Record<string, unknown>) => {
  const fields = Object.keys(body);
  const replaced = fc
    .constantFrom(...fields, "surprise")
    .chain((field) => fc.jsonValue().map((value) => ({ ...body, [field]: value })));
  if (fields.length === 0) return fc.oneof(replaced, fc.jsonValue());
  const dropped = fc.constantFrom(...fields).map((field) => {
    const { [field]: _dropped, ...rest } = body;
    return rest;
  });
  return fc.oneof(replaced, dropped, fc.jsonValue());
};

describe("fuzzing every write route", () => {
  let api: Api;
  let requestId: string;

  beforeAll(async () => {
    api = await startApi();
    const token = await api.token("department", "dept-education", "fuzz-clerk");
    const submitted = await api.call("POST", "/v1/requests", { token, body: validBodies.submitRequest });
    requestId = submitted.body.id;
  });

  afterAll(() => api.stack.stop());

  for (const route of routes.filter((candidate) => candidate.method !== "GET")) {
    it(`${route.method} ${route.path} never answers 500`, async () => {
      const valid = validBodies[route.operationId] as Record<string, unknown> | undefined;
      assert.ok(valid, `no valid example body for ${route.operationId}`);
      const role = route.access === "public" ? undefined : route.access[0];
      const token = role ? await api.token(role, callerOf[role], `fuzz-${role}`) : undefined;
      const path = route.path.replace("{id}", route.fn === "units" ? "village-2" : requestId);
      await fc.assert(
        fc.asyncProperty(mutate(valid), async (body) => {
          const reply = await api.call(route.method, path, { ...(token ? { token } : {}), body });
          assert.ok(
            reply.status < 500,
            `${reply.status} for ${JSON.stringify(body)}: ${JSON.stringify(reply.body)}`,
          );
          if (reply.status >= 400) assert.equal(typeof reply.body.error?.code, "string");
        }),
        { numRuns: 60 },
      );
    });
  }
});
