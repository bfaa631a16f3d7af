/**
 * What the fuzz suites generate, shared by the HTTP fuzz (fuzz.test.ts) and the in-process one
 * (fuzz-in-process.test.ts): a body each write route accepts, and near-valid mutations of it.
 * Dates are relative to now, so the valid bodies stay valid (facts at most FACT_MAX_AGE_DAYS old and
 * not in the future, requests ahead, sweeps of a week that has ended) whenever the suite runs.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { aheadDate, inLastWeek, lastWeek } from "./meetings.ts";

export const validBodies: Record<string, Record<string, unknown>> = {
  createUnit: { id: "fuzz-unit", name: "Fuzz", kind: "village", parentId: "township-east", emails: [] },
  updateUnit: { name: "Fuzz", kind: "village", emails: ["a@b.cn"] },
  submitRequest: {
    kind: "meeting",
    title: "Fuzz",
    startsAt: `${aheadDate}T09:00:00+08:00`,
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
    heldAt: inLastWeek(25),
    durationMinutes: 30,
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    relayed: false,
  },
  startSweep: { window: lastWeek.label, dryRun: true },
};

export const validBodyOf = (operationId: string): Record<string, unknown> => {
  const body = validBodies[operationId];
  assert.ok(body, `no valid example body for ${operationId}: add one to test/system/support/fuzz-inputs.ts`);
  return body;
};

/**
 * Near-valid bodies find the bugs random bytes miss: start from a body the route accepts, then
 * drop, replace or add one field with arbitrary JSON, or send arbitrary JSON instead.
 */
export const mutate = (body: Record<string, unknown>): fc.Arbitrary<unknown> => {
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
