import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { ForbiddenError } from "../../shared/platform/errors.ts";
import { makeViolationUseCases } from "../../shared/violations/use-cases.ts";
import { memoryViolations, recordingCalls } from "../fakes/memory.ts";
import { caller, violationRecord } from "../fakes/records.ts";

const setup = () => {
  const violations = recordingCalls(
    memoryViolations([
      violationRecord({ id: "va", unitId: "dept-a" }),
      violationRecord({ id: "va2", unitId: "dept-a", status: "responded" }),
      violationRecord({ id: "vb", unitId: "dept-b" }),
    ]),
  );
  return { violations, useCases: makeViolationUseCases({ violations }) };
};

const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id).sort();

describe("listing violations", () => {
  it("shows a department only its own unit's violations", async () => {
    const { useCases } = setup();
    assert.deepEqual(ids(await useCases.list(caller("clerk"), { limit: 25 })), ["va", "va2"]);
    assert.deepEqual(ids(await useCases.list(caller("clerk"), { limit: 25, status: "open" })), ["va"]);
  });

  it("answers a department asking for another unit with nothing, without reading it", async () => {
    const { useCases, violations } = setup();
    const page = await useCases.list(caller("clerk"), { limit: 25, unitId: "dept-b" });
    assert.deepEqual(page, { items: [], nextCursor: null });
    assert.deepEqual(violations.calls, []);
    assert.deepEqual(ids(await useCases.list(caller("clerk"), { limit: 25, unitId: "dept-a" })), [
      "va",
      "va2",
    ]);
  });

  it("lets supervisors read any unit's violations, or all of them", async () => {
    const { useCases } = setup();
    assert.deepEqual(ids(await useCases.list(caller("supervisor"), { limit: 25 })), ["va", "va2", "vb"]);
    assert.deepEqual(ids(await useCases.list(caller("approver"), { limit: 25, unitId: "dept-b" })), ["vb"]);
    assert.deepEqual(
      ids(
        await useCases.list(caller("admin"), { limit: 25, rule: "UNAPPROVED_MEETING", status: "responded" }),
      ),
      ["va2"],
    );
  });

  it("refuses a department account without a unit", () => {
    const { useCases } = setup();
    assert.throws(() => useCases.list(caller("unitless"), { limit: 25 }), ForbiddenError);
  });
});
