import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { PlanRecord } from "../../shared/plans/schemas.ts";
import { BusinessRuleError, ConflictError, NotFoundError } from "../../shared/platform/errors.ts";
import type { SubmitRequestBody } from "../../shared/requests/schemas.ts";
import { memoryRequestContext } from "../fakes/memory.ts";
import { caller, meetingBody } from "../fakes/records.ts";

const clerk = caller("clerk");
const approver = caller("approver");

const plan = (kind: "meetings" | "documents" | "inspections", limit: number): PlanRecord =>
  ({
    year: 2026,
    kind,
    status: "published",
    quotas: [{ unitId: "dept-a", limit }],
    items: [],
    createdBy: "boss",
    createdAt: "2026-01-05T00:00:00.000Z",
    updatedAt: "2026-01-05T00:00:00.000Z",
    version: 2,
  }) as PlanRecord;

const meeting = (day: number) =>
  meetingBody({ title: `Meeting ${day}`, startsAt: `2026-12-${day}T09:00:00+08:00` });

const inspection: SubmitRequestBody = {
  kind: "inspection",
  title: "Flood defence check",
  inspectionKind: "inspection",
  targetUnitIds: ["village-1"],
  from: "2026-12-11",
  to: "2026-12-12",
  reason: "After the storm",
};

const veto: SubmitRequestBody = {
  kind: "veto_item",
  title: "Safety statement",
  form: "responsibility_statement",
  category: "production_safety",
  targetUnitKinds: ["township"],
  reason: "Provincial rules",
};

const setup = (plans: PlanRecord[] = []) => memoryRequestContext({ plans, now: "2026-11-20T00:00:00.000Z" });

describe("quotas", () => {
  it("counts each approval and refuses the one past the quota with QUOTA_EXCEEDED, unless overridden", async () => {
    const { useCases, requests, plans } = setup([plan("meetings", 2)]);
    const ids = [];
    for (const day of [10, 11, 12]) ids.push((await useCases.submit(clerk, meeting(day))).id);
    const [first, second, third] = ids as [string, string, string];
    await useCases.decide(approver, first, { decision: "approve" });
    await useCases.decide(approver, second, { decision: "approve" });
    assert.deepEqual(await plans.usage(2026, "meetings"), new Map([["dept-a", 2]]));
    await assert.rejects(useCases.decide(approver, third, { decision: "approve" }), (error) => {
      assert.ok(error instanceof BusinessRuleError);
      assert.equal(error.code, "QUOTA_EXCEEDED");
      assert.equal(error.details[0]?.path, "override.reason");
      return true;
    });
    assert.equal(requests.records.get(third)?.status, "submitted");
    const overridden = await useCases.decide(approver, third, {
      decision: "approve",
      override: { reason: "Flood emergency" },
    });
    assert.equal(overridden.decision?.override?.reason, "Flood emergency");
    assert.deepEqual(await plans.usage(2026, "meetings"), new Map([["dept-a", 3]]));
  });

  it("warns OVER_QUOTA on a request submitted once the quota is used", async () => {
    const { useCases } = setup([plan("meetings", 1)]);
    const first = await useCases.submit(clerk, meeting(10));
    assert.ok(!first.findings.some((finding) => finding.code === "OVER_QUOTA"));
    await useCases.decide(approver, first.id, { decision: "approve" });
    const second = await useCases.submit(clerk, meeting(20));
    assert.ok(second.findings.some((finding) => finding.code === "OVER_QUOTA"));
  });

  it("gives the quota back when an approved request is cancelled before it starts, and not after", async () => {
    const { useCases, plans, clock } = setup([plan("meetings", 1)]);
    const request = await useCases.submit(clerk, meeting(10));
    await useCases.decide(approver, request.id, { decision: "approve" });
    const cancelled = await useCases.cancel(clerk, request.id, { reason: "Merged into a notice" });
    assert.equal(cancelled.status, "cancelled");
    assert.equal(cancelled.cancellation?.reason, "Merged into a notice");
    assert.deepEqual(await plans.usage(2026, "meetings"), new Map([["dept-a", 0]]));
    const late = await useCases.submit(clerk, meeting(12));
    await useCases.decide(approver, late.id, { decision: "approve" });
    clock.set("2026-12-12T01:00:00.000Z");
    await assert.rejects(useCases.cancel(clerk, late.id, { reason: "too late" }), (error) => {
      assert.ok(error instanceof BusinessRuleError);
      assert.equal(error.code, "ALREADY_STARTED");
      return true;
    });
  });

  it("cancels only the submitting unit's approved requests", async () => {
    const { useCases } = setup();
    const request = await useCases.submit(clerk, meeting(10));
    await assert.rejects(useCases.cancel(clerk, request.id, { reason: "x" }), ConflictError);
    await useCases.decide(approver, request.id, { decision: "approve" });
    await assert.rejects(useCases.cancel(caller("otherClerk"), request.id, { reason: "x" }), NotFoundError);
  });
});

describe("merging", () => {
  it("merges a meeting into another, linking both ways, with one audit entry on each", async () => {
    const { useCases, requests } = setup();
    const target = await useCases.submit(clerk, meeting(10));
    const other = await useCases.submit(caller("otherClerk"), meeting(11));
    const merged = await useCases.decide(approver, other.id, {
      decision: "merge",
      mergeInto: target.id,
      comment: "Hold one winter meeting",
    });
    assert.equal(merged.status, "merged");
    assert.equal(merged.decision?.mergeInto, target.id);
    assert.deepEqual(requests.records.get(target.id)?.mergedFrom, [other.id]);
    assert.equal(requests.records.get(target.id)?.version, 2);
    assert.deepEqual(
      (requests.audits.get(target.id) ?? []).map((entry) => entry.action),
      ["request.submitted", "request.merge_received"],
    );
  });

  it("refuses a merge into a missing, decided or non-meeting request, or into itself", async () => {
    const { useCases } = setup();
    const request = await useCases.submit(clerk, meeting(10));
    const rejected = await useCases.submit(clerk, meeting(11));
    await useCases.decide(approver, rejected.id, { decision: "reject", comment: "no" });
    const notMeeting = await useCases.submit(clerk, inspection);
    for (const mergeInto of ["R9999", rejected.id, notMeeting.id, request.id]) {
      await assert.rejects(
        useCases.decide(approver, request.id, { decision: "merge", mergeInto, comment: "one meeting" }),
        (error) => error instanceof BusinessRuleError && error.code === "INVALID_MERGE",
        mergeInto,
      );
    }
  });
});

describe("temporary additions and the veto register", () => {
  it("adds an approved inspection to its year's plan and takes it out when cancelled", async () => {
    const { useCases, plans } = setup([plan("inspections", 5)]);
    const request = await useCases.submit(clerk, inspection);
    await useCases.decide(approver, request.id, { decision: "approve" });
    const [addition] = (await plans.snapshot(2026, "inspections")).additions;
    assert.equal(addition?.requestId, request.id);
    assert.equal(
      "leadUnitId" in (addition ?? {}) ? (addition as { leadUnitId: string }).leadUnitId : "",
      "dept-a",
    );
    const duplicate = await useCases.submit(caller("otherClerk"), inspection);
    assert.deepEqual(
      duplicate.findings
        .filter((finding) => finding.code === "DUPLICATE_OF_REQUEST")
        .map((finding) => finding.ref),
      [request.id],
    );
    await useCases.cancel(clerk, request.id, { reason: "Storm passed" });
    assert.deepEqual((await plans.snapshot(2026, "inspections")).additions, []);
  });

  it("puts an approved veto item on the register, and marks it cancelled when cancelled", async () => {
    const { useCases } = setup();
    const request = await useCases.submit(clerk, veto);
    assert.deepEqual((await useCases.vetoItems({ limit: 10 })).items, []);
    await useCases.decide(approver, request.id, { decision: "approve" });
    const [entry] = (await useCases.vetoItems({ limit: 10 })).items;
    assert.equal(entry?.requestId, request.id);
    assert.equal(entry?.status, "active");
    assert.equal(entry?.category, "production_safety");
    await useCases.cancel(clerk, request.id, { reason: "Rule withdrawn" });
    assert.equal((await useCases.vetoItems({ limit: 10 })).items[0]?.status, "cancelled");
  });

  it("refuses a veto item outside the four categories and stores nothing", async () => {
    const { useCases, requests } = setup();
    await assert.rejects(
      useCases.submit(clerk, { ...veto, category: "attendance" } as SubmitRequestBody),
      (error) => error instanceof BusinessRuleError && error.code === "VETO_CATEGORY_NOT_ALLOWED",
    );
    assert.equal(requests.records.size, 0);
  });
});

describe("deadlines, the queue and notices", () => {
  it("sets decideBy five days after submission and lists the queue oldest first, by kind", async () => {
    const { useCases, clock } = setup();
    const first = await useCases.submit(clerk, meeting(10));
    clock.set("2026-11-21T00:00:00.000Z");
    const second = await useCases.submit(clerk, inspection);
    clock.set("2026-11-22T00:00:00.000Z");
    const third = await useCases.submit(clerk, meeting(11));
    assert.equal(first.decideBy, "2026-11-25T00:00:00.000Z");
    const queue = await useCases.list(approver, { status: "submitted", limit: 10 });
    assert.deepEqual(
      queue.items.map((request) => request.id),
      [first.id, second.id, third.id],
    );
    const meetings = await useCases.list(approver, { status: "submitted", kind: "meeting", limit: 10 });
    assert.deepEqual(
      meetings.items.map((request) => request.id),
      [first.id, third.id],
    );
    const newest = await useCases.list(approver, { limit: 10 });
    assert.equal(newest.items[0]?.id, third.id);
  });

  it("tells the submitting unit of each decision once, and not of a withdrawal", async () => {
    const { useCases, notices } = setup();
    const approved = await useCases.submit(clerk, meeting(10));
    const rejected = await useCases.submit(clerk, meeting(11));
    const withdrawn = await useCases.submit(clerk, meeting(12));
    await useCases.decide(approver, approved.id, { decision: "approve" });
    await useCases.decide(approver, rejected.id, { decision: "reject", comment: "Use a notice" });
    await useCases.withdraw(clerk, withdrawn.id);
    assert.deepEqual(
      notices.sent.map((request) => [request.id, request.status]),
      [
        [approved.id, "approved"],
        [rejected.id, "rejected"],
      ],
    );
  });
});
