import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { listEmails } from "../../scripts/local/ses.ts";
import type { Mailer } from "../../shared/platform/email.ts";
import { makeSweepRunner } from "../../shared/sweeps/run.ts";
import { type Api, startApi } from "./client.ts";
import { dayOf, heldMeeting, lastWeek, meetingRequest } from "./support/meetings.ts";

type SweepInput = Parameters<ReturnType<typeof makeSweepRunner>["run"]>[0];

/** Imported once the stack has applied the local environment, which the deps read. */
const realSweepDeps = async () => (await import("../../shared/sweeps/runner-deps.ts")).awsSweepRunDeps();

describe("concurrency and faults", () => {
  let api: Api;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    tokens.education = await api.token("department", "dept-education", "clerk-edu");
    tokens.approverA = await api.token("approver", "city-office", "approver-a");
    tokens.approverB = await api.token("approver", "city-office", "approver-b");
    tokens.village = await api.token("grassroots", "village-1", "cadre-1");
  });

  afterAll(() => api.stack.stop());

  const meeting = meetingRequest("Cold wave drill", "Prepare for the cold wave");

  const unplannedMeeting = (convenerUnitId: string, day: number) =>
    heldMeeting(convenerUnitId, dayOf(lastWeek, day), `Unplanned meeting of ${convenerUnitId}`);

  it("lets exactly one of two simultaneous decisions win", async () => {
    const submitted = await api.call("POST", "/v1/requests", { token: tokens.education, body: meeting });
    const path = `/v1/requests/${submitted.body.id}/decision`;
    const replies = await Promise.all([
      api.call("POST", path, { token: tokens.approverA, body: { decision: "approve" } }),
      api.call("POST", path, { token: tokens.approverB, body: { decision: "reject", comment: "merge" } }),
    ]);
    assert.deepEqual(replies.map((reply) => reply.status).sort(), [200, 409]);
    const stored = await api.call("GET", `/v1/requests/${submitted.body.id}`, { token: tokens.education });
    assert.equal(stored.body.audit.length, 2, "one submission and one decision in the trail");
    const winner = replies.find((reply) => reply.status === 200);
    assert.equal(stored.body.status, winner?.body.status);
  });

  it("creates one record for a double click with one Idempotency-Key", async () => {
    const headers = { "idempotency-key": "double-click-7" };
    const replies = await Promise.all(
      [1, 2, 3].map(() =>
        api.call("POST", "/v1/requests", { token: tokens.education, body: meeting, headers }),
      ),
    );
    const created = replies.filter((reply) => reply.status === 201);
    assert.ok(created.length >= 1);
    assert.equal(new Set(created.map((reply) => reply.body.id)).size, 1);
    for (const reply of replies.filter((r) => r.status !== 201)) {
      assert.equal(reply.status, 409);
      assert.equal(reply.body.error.code, "IN_PROGRESS");
    }
    const list = await api.call("GET", "/v1/requests?limit=100", { token: tokens.education });
    const same = list.body.items.filter((item: { id: string }) => item.id === created[0]?.body.id);
    assert.equal(same.length, 1);
  });

  it("finishes a sweep interrupted by an SES failure on re-run, sending only the rest", async () => {
    for (const [unit, day] of [
      ["dept-health", 1],
      ["dept-agriculture", 2],
    ] as const) {
      const reply = await api.call("POST", "/v1/events", {
        token: tokens.village,
        body: unplannedMeeting(unit, day),
      });
      assert.equal(reply.status, 201);
    }
    const real = await realSweepDeps();
    const runSweep = (input: SweepInput, deps = real) => makeSweepRunner(deps).run(input);
    const refusing: Mailer = {
      send: async (email) => {
        if (email.to.includes("health@demo.city.gov.cn")) throw new Error("SES throttled");
        return real.mailer.send(email);
      },
    };
    const before = (await listEmails(api.stack.sesUrl)).length;

    const broken = await runSweep(
      { window: lastWeek.label, dryRun: false, trigger: "cli", createdBy: "test" },
      { ...real, mailer: refusing },
    );
    assert.equal(broken.status, "failed");
    // Agriculture's digest and the city-wide summary went out; the health commission's did not.
    assert.equal(broken.counts.emailsSent, 2);
    assert.equal(broken.counts.emailsFailed, 1);
    assert.equal(broken.counts.newViolations, 2);

    const rerun = await runSweep({
      window: lastWeek.label,
      dryRun: false,
      trigger: "cli",
      createdBy: "test",
    });
    assert.equal(rerun.status, "completed");
    assert.equal(rerun.counts.emailsSent, 1);
    assert.equal(rerun.counts.newViolations, 0);

    const emails = (await listEmails(api.stack.sesUrl)).slice(before);
    assert.deepEqual(emails.map((email) => email.destination.to[0]).sort(), [
      "agriculture@demo.city.gov.cn",
      "health@demo.city.gov.cn",
      "supervision@demo.city.gov.cn",
    ]);

    const concurrent = await Promise.all(
      [1, 2].map(() =>
        runSweep({ window: lastWeek.label, dryRun: false, trigger: "cli", createdBy: "test" }),
      ),
    );
    assert.deepEqual(
      concurrent.map((sweep) => sweep.counts.emailsSent),
      [0, 0],
    );
    assert.equal((await listEmails(api.stack.sesUrl)).length, before + 3);
  });

  it("previews a window with a dry run that writes and sends nothing", async () => {
    const reply = await api.call("POST", "/v1/events", {
      token: tokens.village,
      body: unplannedMeeting("dept-education", 4),
    });
    assert.equal(reply.status, 201);
    const runSweep = async (input: SweepInput) => makeSweepRunner(await realSweepDeps()).run(input);
    const before = (await listEmails(api.stack.sesUrl)).length;
    const dry = await runSweep({ window: lastWeek.label, dryRun: true, trigger: "cli", createdBy: "test" });
    assert.equal(dry.counts.newViolations, 1);
    assert.equal(dry.counts.emailsSent, 0);
    const again = await runSweep({ window: lastWeek.label, dryRun: true, trigger: "cli", createdBy: "test" });
    assert.equal(again.counts.newViolations, 1, "the dry run opened nothing");
    assert.equal((await listEmails(api.stack.sesUrl)).length, before);
  });
});
