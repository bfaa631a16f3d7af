import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from "../../shared/platform/errors.ts";
import { canTransition, decisionSchema, type RequestRecord } from "../../shared/requests/schemas.ts";
import { memoryRequestContext } from "../fakes/memory.ts";
import { caller, meetingBody, requestRecord } from "../fakes/records.ts";

const clerk = caller("clerk");
const otherClerk = caller("otherClerk");
const approver = caller("approver");
const selfApprover = caller("selfApprover");
const supervisor = caller("supervisor");

const body = meetingBody({
  title: "Budget",
  startsAt: "2026-12-20T09:00:00+08:00",
  attendeeLevel: "staff",
  reason: "year end",
});

const setup = (initial: RequestRecord[] = []) =>
  memoryRequestContext({ requests: initial, now: "2026-12-01T00:00:00.000Z" });

/** Expects a rejection with this error class and code. */
const refusedWith = async (promise: Promise<unknown>, type: new (...args: never[]) => Error, code: string) =>
  assert.rejects(promise, (error) => {
    assert.ok(error instanceof type, `${error}`);
    assert.equal((error as { code?: string }).code, code);
    return true;
  });

describe("submitting a request", () => {
  it("records the form's fields at top level with the server's fields beside them", async () => {
    const { useCases, requests } = setup();
    const record = await useCases.submit(clerk, body);
    assert.deepEqual(record, {
      ...body,
      id: "R0001",
      unitId: "dept-a",
      status: "submitted",
      findings: [
        {
          code: "NOT_ON_PLAN",
          severity: "info",
          message: "There is no meetings plan for this year yet: this request stands on its own",
        },
      ],
      decideBy: "2026-12-06T00:00:00.000Z",
      createdBy: "clerk",
      createdAt: "2026-12-01T00:00:00.000Z",
      updatedAt: "2026-12-01T00:00:00.000Z",
      version: 1,
    });
    assert.deepEqual(requests.records.get("R0001"), record);
    assert.ok(!("body" in record));
  });

  it("computes the findings at the submission instant, with the deployment's limits", async () => {
    const { useCases } = setup();
    const record = await useCases.submit(clerk, {
      ...body,
      startsAt: "2026-12-02T09:00:00+08:00",
      relayed: true,
    });
    assert.deepEqual(
      record.findings.map((finding) => [finding.code, finding.severity]),
      [
        ["NOT_ON_PLAN", "info"],
        ["RELAYED", "blocking"],
        ["SHORT_NOTICE", "warning"],
      ],
    );
  });

  it("refuses an account without a unit", async () => {
    const { useCases, requests } = setup();
    await assert.rejects(useCases.submit(caller("unitless"), body), ForbiddenError);
    assert.equal(requests.records.size, 0);
  });
});

describe("request lifecycle rules", () => {
  it("never lets the submitter decide their own request", async () => {
    const { useCases, requests } = setup();
    const request = await useCases.submit(selfApprover, body);
    await refusedWith(
      useCases.decide(selfApprover, request.id, { decision: "approve" }),
      BusinessRuleError,
      "OWN_REQUEST",
    );
    assert.equal(requests.records.get(request.id)?.status, "submitted");
    const decided = await useCases.decide(approver, request.id, { decision: "approve" });
    assert.equal(decided.status, "approved");
    assert.equal(decided.decision?.by, "boss");
    assert.equal(decided.decision?.at, "2026-12-01T00:00:00.000Z");
    assert.equal(decided.version, 2);
  });

  it("never lets an approver decide a request of their own unit (four eyes per unit)", async () => {
    const { useCases, requests } = setup();
    const request = await useCases.submit(clerk, body);
    const colleague = { sub: "head-of-a", roles: ["approver" as const], unitId: "dept-a" };
    await assert.rejects(useCases.decide(colleague, request.id, { decision: "approve" }), (error) => {
      assert.ok(error instanceof BusinessRuleError, String(error));
      assert.equal(error.code, "OWN_UNIT");
      assert.match(error.message, /another unit/);
      return true;
    });
    assert.equal(requests.records.get(request.id)?.status, "submitted");
    assert.equal((await useCases.decide(approver, request.id, { decision: "approve" })).status, "approved");
  });

  it("refuses a second decision and a withdrawal after the decision", async () => {
    const { useCases } = setup();
    const request = await useCases.submit(clerk, body);
    const rejected = await useCases.decide(approver, request.id, { decision: "reject", comment: "merge it" });
    assert.deepEqual(rejected.decision, {
      decision: "reject",
      comment: "merge it",
      by: "boss",
      at: "2026-12-01T00:00:00.000Z",
    });
    await refusedWith(
      useCases.decide(approver, request.id, { decision: "approve" }),
      ConflictError,
      "STATE_CHANGED",
    );
    await refusedWith(useCases.withdraw(clerk, request.id), ConflictError, "STATE_CHANGED");
  });

  it("hides another unit's request as not found", async () => {
    const { useCases } = setup();
    const request = await useCases.submit(clerk, body);
    await assert.rejects(useCases.get(otherClerk, request.id), NotFoundError);
    await assert.rejects(useCases.withdraw(otherClerk, request.id), NotFoundError);
    await assert.rejects(useCases.get(clerk, "R9999"), NotFoundError);
    await assert.rejects(useCases.decide(approver, "R9999", { decision: "approve" }), NotFoundError);
    assert.equal((await useCases.get(approver, request.id)).id, request.id);
    assert.equal((await useCases.get(clerk, request.id)).id, request.id);
  });

  it("does not let a withdrawal by another unit change anything, even for an approver", async () => {
    const { useCases, requests } = setup();
    const request = await useCases.submit(clerk, body);
    await assert.rejects(useCases.withdraw(approver, request.id), NotFoundError);
    await assert.rejects(useCases.withdraw(caller("unitless"), request.id), NotFoundError);
    assert.equal(requests.records.get(request.id)?.status, "submitted");
    assert.equal(requests.audits.get(request.id)?.length, 1);
  });

  it("writes one audit entry per change, in order, by whom and when", async () => {
    const { useCases, requests, clock } = setup();
    const request = await useCases.submit(clerk, body);
    clock.set("2026-12-02T08:00:00.000Z");
    const withdrawn = await useCases.withdraw(clerk, request.id);
    assert.equal(withdrawn.updatedAt, "2026-12-02T08:00:00.000Z");
    const trail = requests.audits.get(request.id) ?? [];
    assert.deepEqual(
      trail.map((entry) => [entry.action, entry.by, entry.at]),
      [
        ["request.submitted", "clerk", "2026-12-01T00:00:00.000Z"],
        ["request.withdrawn", "clerk", "2026-12-02T08:00:00.000Z"],
      ],
    );
    assert.deepEqual((await useCases.get(clerk, request.id)).audit, trail);
  });

  it("allows exactly the documented transitions", () => {
    assert.ok(canTransition("submitted", "approved"));
    assert.ok(canTransition("submitted", "withdrawn"));
    assert.ok(canTransition("approved", "cancelled"));
    assert.ok(!canTransition("approved", "withdrawn"));
    assert.ok(!canTransition("rejected", "approved"));
    assert.ok(!canTransition("withdrawn", "submitted"));
  });
});

describe("approving over blocking findings", () => {
  const relayed = { ...body, relayed: true };

  it("refuses with 422 BLOCKING_FINDINGS, at override.reason, and changes nothing", async () => {
    const { useCases, requests } = setup();
    const request = await useCases.submit(clerk, relayed);
    await assert.rejects(useCases.decide(approver, request.id, { decision: "approve" }), (error) => {
      assert.ok(error instanceof BusinessRuleError);
      assert.equal(error.status, 422);
      assert.equal(error.code, "BLOCKING_FINDINGS");
      assert.match(error.message, /1 blocking finding\(s\): RELAYED/);
      assert.deepEqual(
        error.details.map((detail) => detail.path),
        ["override.reason"],
      );
      return true;
    });
    assert.equal(requests.records.get(request.id)?.status, "submitted");
    assert.equal(requests.audits.get(request.id)?.length, 1);
  });

  it("approves with an override, keeping its reason on the decision and in the audit trail", async () => {
    const { useCases, requests } = setup();
    const request = await useCases.submit(clerk, relayed);
    const override = { reason: "The flood response needs every township on the line" };
    const approved = await useCases.decide(approver, request.id, { decision: "approve", override });
    assert.equal(approved.status, "approved");
    assert.deepEqual(approved.decision?.override, override);
    const [, entry, ...rest] = requests.audits.get(request.id) ?? [];
    assert.equal(rest.length, 0);
    assert.equal(entry?.action, "request.approved");
    assert.equal(entry?.by, "boss");
    assert.equal(entry?.before?.status, "submitted");
    assert.deepEqual((entry?.after?.decision as RequestRecord["decision"])?.override, override);
  });

  it("lets a request with blocking findings be rejected without an override, and keeps no override on a rejection", async () => {
    const { useCases } = setup();
    const first = await useCases.submit(clerk, relayed);
    const rejected = await useCases.decide(approver, first.id, {
      decision: "reject",
      comment: "Do not relay",
    });
    assert.equal(rejected.status, "rejected");
    const second = await useCases.submit(clerk, relayed);
    const alsoRejected = await useCases.decide(approver, second.id, {
      decision: "reject",
      comment: "No",
      override: { reason: "ignored" },
    });
    assert.equal(alsoRejected.decision?.override, undefined);
  });

  it("counts warnings as no obstacle to approval", async () => {
    const { useCases } = setup();
    const request = await useCases.submit(clerk, { ...body, attendeesPerUnit: 3, durationMinutes: 120 });
    assert.deepEqual(
      request.findings.map((finding) => finding.severity),
      ["info", "warning", "warning"],
    );
    assert.equal((await useCases.decide(approver, request.id, { decision: "approve" })).status, "approved");
  });
});

describe("the decision form", () => {
  it("needs a comment to reject, at the comment's path", () => {
    for (const decision of [{ decision: "reject" }, { decision: "reject", comment: "   " }]) {
      const result = decisionSchema.safeParse(decision);
      assert.equal(result.success, false);
      assert.deepEqual(
        result.error?.issues.map((issue) => [issue.path.join("."), issue.message]),
        [["comment", "comment is required to reject or merge a request: tell the department why"]],
      );
    }
    assert.equal(decisionSchema.safeParse({ decision: "reject", comment: "Merge with R0002" }).success, true);
    assert.equal(decisionSchema.safeParse({ decision: "approve" }).success, true);
  });

  it("trims the comment and needs a non-empty override reason", () => {
    assert.equal(decisionSchema.parse({ decision: "reject", comment: "  why  " }).comment, "why");
    assert.equal(decisionSchema.safeParse({ decision: "approve", override: { reason: " " } }).success, false);
    assert.equal(decisionSchema.safeParse({ decision: "approve", override: {} }).success, false);
  });
});

describe("listing requests", () => {
  const stored = [
    requestRecord({ id: "a1", unitId: "dept-a", status: "submitted" }),
    requestRecord({ id: "a2", unitId: "dept-a", status: "approved" }),
    requestRecord({ id: "b1", unitId: "dept-b", status: "submitted" }),
  ];
  const ids = (page: { items: RequestRecord[] }) => page.items.map((item) => item.id).sort();

  it("shows a department only its own unit's requests, whatever it filters by", async () => {
    const { useCases } = setup(stored);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25 })), ["a1", "a2"]);
    assert.deepEqual(ids(await useCases.list(clerk, { limit: 25, status: "submitted" })), ["a1"]);
    assert.deepEqual(ids(await useCases.list(otherClerk, { limit: 25 })), ["b1"]);
  });

  it("shows approvers and supervisors every unit's requests", async () => {
    const { useCases } = setup(stored);
    assert.deepEqual(ids(await useCases.list(approver, { limit: 25 })), ["a1", "a2", "b1"]);
    assert.deepEqual(ids(await useCases.list(supervisor, { limit: 25, status: "submitted" })), ["a1", "b1"]);
  });

  it("refuses a department account without a unit", async () => {
    const { useCases } = setup(stored);
    assert.throws(() => useCases.list(caller("unitless"), { limit: 25 }), ForbiddenError);
  });
});
