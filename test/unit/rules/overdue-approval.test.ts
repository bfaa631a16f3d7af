import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { RequestRecord } from "../../../shared/requests/schemas.ts";
import { overdueApproval } from "../../../shared/sweeps/rules/overdue-approval.ts";
import { meetingApproval, pendingRequest, sweepContext, sweepInputs } from "../../fakes/sweep-inputs.ts";

/** The window is 2026-W48 in Shanghai: it ends at 16:00 UTC on Sunday 29 November. */
const evaluate = (pendingRequests: RequestRecord[]) =>
  overdueApproval.evaluate(sweepInputs({ pendingRequests }), sweepContext());

describe("OVERDUE_APPROVAL", () => {
  it("declares that it reads only the pending requests", () => {
    assert.equal(overdueApproval.code, "OVERDUE_APPROVAL");
    assert.deepEqual(overdueApproval.needs, ["pendingRequests"]);
  });

  it("accepts a request still within its time, or due exactly as the window ends", () => {
    assert.deepEqual(evaluate([pendingRequest("r1", "2026-12-02T02:00:00.000Z")]), []);
    assert.deepEqual(evaluate([pendingRequest("r1", "2026-11-29T16:00:00.000Z")]), []);
  });

  it("finds a request undecided past its deadline, addressed to the approving office", () => {
    assert.deepEqual(evaluate([pendingRequest("r1", "2026-11-25T02:15:00.000Z")]), [
      {
        id: "OVERDUE_APPROVAL:r1",
        rule: "OVERDUE_APPROVAL",
        unitId: "office",
        subject: "r1",
        summary: "Request r1",
        occurredOn: "2026-11-25",
        detail: { requestId: "r1", decideBy: "2026-11-25T02:15:00.000Z" },
        evidence: { factIds: ["r1"] },
      },
    ]);
  });

  it("dates the lapse by the local day: 23:59 on Sunday in Shanghai is still inside the window", () => {
    const violations = evaluate([
      pendingRequest("r1", "2026-11-29T15:59:00.000Z"),
      pendingRequest("r2", "2026-11-28T16:30:00.000Z"),
    ]);
    assert.deepEqual(
      violations.map((violation) => [violation.id, violation.occurredOn]),
      [
        ["OVERDUE_APPROVAL:r1", "2026-11-29"],
        ["OVERDUE_APPROVAL:r2", "2026-11-29"],
      ],
    );
  });

  it("leaves decided requests and requests without a deadline alone", () => {
    assert.deepEqual(
      evaluate([
        meetingApproval({ decideBy: "2026-11-20T00:00:00.000Z" }),
        pendingRequest("r2", "2026-11-20T00:00:00.000Z", { status: "withdrawn" }),
        pendingRequest("r3", "2026-11-20T00:00:00.000Z", { decideBy: undefined }),
      ]),
      [],
    );
  });
});
