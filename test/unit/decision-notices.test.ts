import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { makeDecisionNotices, renderDecisionNotice } from "../../shared/requests/notices.ts";
import type { RequestRecord } from "../../shared/requests/schemas.ts";
import { fixedClock, memoryMailer, memoryOutbox, memoryRequests, memoryUnits } from "../fakes/memory.ts";
import { caller, requestRecord, unitRecord } from "../fakes/records.ts";

const decided = (overrides: Partial<Extract<RequestRecord, { kind: "meeting" }>> = {}) =>
  requestRecord({
    status: "approved",
    decision: { decision: "approve", by: "boss", at: "2026-11-27T08:00:00.000Z" },
    updatedAt: "2026-11-27T08:00:00.000Z",
    version: 2,
    ...overrides,
  });

/** A decided request stored as the decision's transaction leaves it: with its notice pending. */
const setup = (refuse = false, emails = ["dept-a@city.gov"]) => {
  const requests = memoryRequests();
  const previous = requestRecord();
  requests.records.set(previous.id, previous);
  const clock = fixedClock("2026-11-27T08:00:00.000Z");
  const mailer = memoryMailer(() => refuse);
  const notices = makeDecisionNotices({
    units: memoryUnits([unitRecord({ emails })]),
    requests,
    outbox: memoryOutbox(),
    mailer,
    clock,
    locale: "zh-CN",
    newToken: () => `token-${clock.now().getTime()}`,
  });
  return { requests, clock, mailer, notices, previous };
};

const decide = async (context: ReturnType<typeof setup>, next = decided()) => {
  await context.requests.transition(context.previous, next, caller("approver"), `request.${next.status}`, {
    notice: true,
  });
  return next;
};

describe("decision notices", () => {
  it("mails the submitting unit once per decision and marks the notice done", async () => {
    const context = setup();
    const request = await decide(context);
    await context.notices.decided(request);
    await context.notices.decided(request);
    assert.equal(context.mailer.sent.length, 1);
    assert.deepEqual(context.mailer.sent[0]?.to, ["dept-a@city.gov"]);
    assert.match(context.mailer.sent[0]?.subject ?? "", /^【减负督查】会议申请已批准：/);
    assert.equal(context.requests.notices.get(`${request.id}#approved`)?.status, "done");
  });

  it("keeps a notice SES refused pending, and a later redelivery sends it once, as decided", async () => {
    const context = setup(true);
    const request = await decide(context);
    await context.notices.decided(request);
    assert.equal(context.mailer.sent.length, 0);
    assert.equal(context.requests.notices.get(`${request.id}#approved`)?.status, "pending");

    // The request was cancelled meanwhile: the notice still tells of the approval.
    context.requests.records.set(request.id, { ...request, status: "cancelled", version: 3 });
    const healthy = setup();
    const notices = makeDecisionNotices({
      units: memoryUnits([unitRecord()]),
      requests: context.requests,
      outbox: memoryOutbox(),
      mailer: healthy.mailer,
      clock: context.clock,
      locale: "en",
      newToken: () => "t",
    });
    assert.deepEqual(await notices.redeliver(), { pending: 0, sent: 0 }, "a send may still be under way");
    context.clock.set("2026-11-27T08:01:00.000Z");
    assert.deepEqual(await notices.redeliver(), { pending: 1, sent: 1 });
    assert.match(healthy.mailer.sent[0]?.subject ?? "", /Your meeting request was approved/);
    assert.deepEqual(await notices.redeliver(), { pending: 0, sent: 0 });
  });

  it("settles a notice for a unit without addresses without sending anything", async () => {
    const context = setup(false, []);
    const request = await decide(context);
    await context.notices.decided(request);
    assert.equal(context.mailer.sent.length, 0);
    assert.equal(context.requests.notices.get(`${request.id}#approved`)?.status, "done");
  });

  it("says why a request was rejected or where it was merged, as escaped plain text", () => {
    const rejected = renderDecisionNotice(
      unitRecord(),
      decided({
        status: "rejected",
        decision: {
          decision: "reject",
          comment: "Use a notice <b>instead</b>",
          by: "boss",
          at: "2026-11-27T08:00:00.000Z",
        },
      }),
      "en",
    );
    assert.match(rejected?.text ?? "", /Comment: Use a notice <b>instead<\/b>/);
    assert.match(rejected?.html ?? "", /&#60;b&#62;instead/);
    const merged = renderDecisionNotice(
      unitRecord(),
      decided({
        status: "merged",
        decision: {
          decision: "merge",
          comment: "One meeting",
          mergeInto: "R0042",
          by: "boss",
          at: "2026-11-27T08:00:00.000Z",
        },
      }),
      "zh-CN",
    );
    assert.match(merged?.text ?? "", /已并入申请 R0042/);
    assert.equal(renderDecisionNotice(unitRecord(), decided({ status: "withdrawn" }), "en"), undefined);
  });
});
