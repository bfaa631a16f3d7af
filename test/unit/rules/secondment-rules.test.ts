import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { OutstandingSecondment } from "../../../shared/sweeps/rules/rule.ts";
import { secondmentOverdue } from "../../../shared/sweeps/rules/secondment-overdue.ts";
import { secondmentUnconfirmed } from "../../../shared/sweeps/rules/secondment-unconfirmed.ts";
import { ruleThresholds, sweepContext, sweepInputs } from "../../fakes/sweep-inputs.ts";

/** The window is 2026-W48 in Shanghai: Monday 23 to Sunday 29 November. */
const secondment = (overrides: Partial<OutstandingSecondment> = {}): OutstandingSecondment => ({
  id: "S1",
  personRef: "借调-2026-003",
  fromUnitId: "village-1",
  toUnitId: "dept-a",
  registeredBy: "borrower",
  status: "active",
  returnBy: "2026-11-20",
  createdAt: "2026-09-01T02:00:00.000Z",
  ...overrides,
});

const overdue = (outstandingSecondments: OutstandingSecondment[]) =>
  secondmentOverdue.evaluate(sweepInputs({ outstandingSecondments }), sweepContext());
const unconfirmed = (outstandingSecondments: OutstandingSecondment[], context = sweepContext()) =>
  secondmentUnconfirmed.evaluate(sweepInputs({ outstandingSecondments }), context);

describe("SECONDMENT_OVERDUE", () => {
  it("declares that it reads only the outstanding secondments", () => {
    assert.equal(secondmentOverdue.code, "SECONDMENT_OVERDUE");
    assert.deepEqual(secondmentOverdue.needs, ["outstandingSecondments"]);
  });

  it("finds a person still away after the return day, addressed to the borrower", () => {
    assert.deepEqual(overdue([secondment()]), [
      {
        id: "SECONDMENT_OVERDUE:S1",
        rule: "SECONDMENT_OVERDUE",
        unitId: "dept-a",
        subject: "S1",
        summary: "借调-2026-003",
        occurredOn: "2026-11-20",
        detail: {
          secondmentId: "S1",
          personRef: "借调-2026-003",
          fromUnitId: "village-1",
          returnBy: "2026-11-20",
        },
        evidence: { factIds: ["S1"] },
      },
    ]);
  });

  it("waits until the return day has passed by the window's last day", () => {
    assert.deepEqual(overdue([secondment({ returnBy: "2026-11-29" })]), []);
    assert.deepEqual(overdue([secondment({ returnBy: "2026-12-15" })]), []);
    assert.equal(overdue([secondment({ returnBy: "2026-11-28" })]).length, 1);
  });

  it("accepts a return declared in time though the lender has yet to confirm it, not one declared late", () => {
    const inTime = secondment({ status: "return_declared", returnedOn: "2026-11-20" });
    const late = secondment({ id: "S2", status: "return_declared", returnedOn: "2026-11-24" });
    assert.deepEqual(
      overdue([inTime, late]).map((violation) => violation.id),
      ["SECONDMENT_OVERDUE:S2"],
    );
  });

  it("counts a registration never confirmed as much as an active one", () => {
    assert.equal(overdue([secondment({ status: "pending_confirmation", registeredBy: "lender" })]).length, 1);
  });
});

describe("SECONDMENT_UNCONFIRMED", () => {
  const lending = (createdAt: string, overrides: Partial<OutstandingSecondment> = {}) =>
    secondment({
      registeredBy: "lender",
      status: "pending_confirmation",
      returnBy: "2027-06-30",
      createdAt,
      ...overrides,
    });

  it("declares that it reads only the outstanding secondments", () => {
    assert.equal(secondmentUnconfirmed.code, "SECONDMENT_UNCONFIRMED");
    assert.deepEqual(secondmentUnconfirmed.needs, ["outstandingSecondments"]);
  });

  it("finds a lending the borrower left unconfirmed past the deadline, addressed to the borrower", () => {
    assert.deepEqual(unconfirmed([lending("2026-11-10T02:00:00.000Z")]), [
      {
        id: "SECONDMENT_UNCONFIRMED:S1",
        rule: "SECONDMENT_UNCONFIRMED",
        unitId: "dept-a",
        subject: "S1",
        summary: "借调-2026-003",
        occurredOn: "2026-11-24",
        detail: {
          secondmentId: "S1",
          personRef: "借调-2026-003",
          fromUnitId: "village-1",
          registeredAt: "2026-11-10T02:00:00.000Z",
        },
        evidence: { factIds: ["S1"] },
      },
    ]);
  });

  it("leaves alone a lending still within the deadline at the window's end", () => {
    assert.deepEqual(unconfirmed([lending("2026-11-15T16:00:00.000Z")]), []);
    assert.deepEqual(unconfirmed([lending("2026-11-20T02:00:00.000Z")]), []);
  });

  it("never counts the borrower's own registration, or a confirmed one", () => {
    assert.deepEqual(unconfirmed([lending("2026-10-01T02:00:00.000Z", { registeredBy: "borrower" })]), []);
    assert.deepEqual(unconfirmed([lending("2026-10-01T02:00:00.000Z", { status: "active" })]), []);
  });

  it("reads its deadline from the deployment's thresholds", () => {
    const strict = sweepContext({ thresholds: { ...ruleThresholds, secondmentConfirmDays: 3 } });
    assert.equal(unconfirmed([lending("2026-11-20T02:00:00.000Z")], strict).length, 1);
  });
});
