import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { complaintOverdue } from "../../../shared/sweeps/rules/complaint-overdue.ts";
import type { OpenComplaint } from "../../../shared/sweeps/rules/rule.ts";
import { ruleThresholds, sweepContext, sweepInputs } from "../../fakes/sweep-inputs.ts";

/** The window is 2026-W48 in Shanghai: it ends at 16:00 UTC on Sunday 29 November. */
const evaluate = (openComplaints: OpenComplaint[], context = sweepContext()) =>
  complaintOverdue.evaluate(sweepInputs({ openComplaints }), context);

const complaint = (receivedAt: string, overrides: Partial<OpenComplaint> = {}): OpenComplaint => ({
  id: "C1",
  reference: "TS-2026-0001",
  status: "new",
  receivedAt,
  ...overrides,
});

describe("COMPLAINT_OVERDUE", () => {
  it("declares that it reads only the open complaints", () => {
    assert.equal(complaintOverdue.code, "COMPLAINT_OVERDUE");
    assert.deepEqual(complaintOverdue.needs, ["openComplaints"]);
  });

  it("leaves a complaint alone while its triage deadline has not passed by the window's end", () => {
    // Three days after Thursday 26 November 16:00 UTC is exactly the window's end.
    assert.deepEqual(evaluate([complaint("2026-11-26T16:00:00.000Z")]), []);
    assert.deepEqual(evaluate([complaint("2026-11-27T09:00:00.000Z")]), []);
  });

  it("finds a complaint nobody triaged in time, addressed to the Supervision Office by its reference only", () => {
    assert.deepEqual(evaluate([complaint("2026-11-24T02:00:00.000Z")]), [
      {
        id: "COMPLAINT_OVERDUE:C1:triage",
        rule: "COMPLAINT_OVERDUE",
        unitId: "supervision-office",
        subject: "C1:triage",
        summary: "TS-2026-0001",
        occurredOn: "2026-11-27",
        detail: {
          complaintId: "C1",
          reference: "TS-2026-0001",
          stage: "triage",
          status: "new",
          receivedAt: "2026-11-24T02:00:00.000Z",
          dueAt: "2026-11-27T02:00:00.000Z",
        },
        evidence: { factIds: ["C1"] },
      },
    ]);
  });

  it("counts a triage that came after the deadline, and not one that came before it", () => {
    const late = complaint("2026-11-23T02:00:00.000Z", {
      status: "investigating",
      triagedAt: "2026-11-27T02:00:00.000Z",
    });
    const prompt = complaint("2026-11-23T02:00:00.000Z", {
      id: "C2",
      status: "triaged",
      triagedAt: "2026-11-24T02:00:00.000Z",
    });
    assert.deepEqual(
      evaluate([late, prompt]).map((violation) => violation.id),
      ["COMPLAINT_OVERDUE:C1:triage"],
    );
  });

  it("finds a complaint still open past the closing deadline, apart from its triage", () => {
    const found = evaluate([
      complaint("2026-10-20T02:00:00.000Z", {
        status: "investigating",
        triagedAt: "2026-10-21T02:00:00.000Z",
      }),
      complaint("2026-10-25T02:00:00.000Z", { id: "C2" }),
    ]);
    assert.deepEqual(
      found.map((violation) => [violation.id, violation.occurredOn]),
      [
        ["COMPLAINT_OVERDUE:C1:close", "2026-11-19"],
        ["COMPLAINT_OVERDUE:C2:triage", "2026-10-28"],
        ["COMPLAINT_OVERDUE:C2:close", "2026-11-24"],
      ],
    );
  });

  it("reads its deadlines from the deployment's thresholds", () => {
    const patient = sweepContext({
      thresholds: { ...ruleThresholds, complaintTriageDays: 10, complaintCloseDays: 60 },
    });
    assert.deepEqual(
      evaluate([complaint("2026-10-20T02:00:00.000Z")], patient).map((violation) => violation.id),
      ["COMPLAINT_OVERDUE:C1:triage"],
    );
    assert.equal(evaluate([complaint("2026-11-20T02:00:00.000Z")], patient).length, 0);
  });
});
