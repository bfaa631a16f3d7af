import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { listEmails } from "../../scripts/local/ses.ts";
import { previousWeek } from "../../shared/platform/time.ts";
import { type Api, startApi, waitFor } from "./client.ts";

/**
 * The scenario as a user runs it: submit, isolate, decide, refuse a second decision,
 * report a meeting held without approval, sweep, find one violation and one email, sweep again
 * and find nothing new.
 */
describe("meeting approval to weekly digest, end to end", () => {
  let api: Api;
  const tokens: Record<string, string> = {};
  const window = previousWeek(new Date(), "Asia/Shanghai");
  const inWindow = (days: number, hours: number) =>
    new Date(Date.parse(window.startUtc) + days * 86_400_000 + hours * 3_600_000).toISOString();

  beforeAll(async () => {
    api = await startApi();
    tokens.education = await api.token("department", "dept-education", "clerk-edu");
    tokens.health = await api.token("department", "dept-health", "clerk-health");
    tokens.approver = await api.token("approver", "city-office", "approver-1");
    tokens.supervisor = await api.token("supervisor", "supervision-office", "supervisor-1");
    tokens.village = await api.token("grassroots", "village-1", "cadre-1");
  });

  afterAll(() => api.stack.stop());

  const meeting = (startsAt: string, overrides: Record<string, unknown> = {}) => ({
    kind: "meeting",
    title: "Winter school safety",
    startsAt,
    durationMinutes: 120,
    format: "in_person",
    attendeeLevel: "principal",
    attendeesPerUnit: 2,
    attendeeUnitKinds: ["township", "village"],
    relayed: true,
    reason: "Heating and fire safety before the holidays",
    ...overrides,
  });

  const sweepUntilDone = async (body: Record<string, unknown>) => {
    const started = await api.call("POST", "/v1/sweeps", { token: tokens.supervisor, body });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.status, "running");
    return waitFor(async () => {
      const reply = await api.call("GET", `/v1/sweeps/${started.body.id}`, { token: tokens.supervisor });
      return reply.body.status === "running" ? undefined : reply.body;
    }, "the sweep to finish");
  };

  it("runs the whole path", async () => {
    const approvedStart = inWindow(1, 2);
    const submitted = await api.call("POST", "/v1/requests", {
      token: tokens.education,
      body: meeting(approvedStart),
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    assert.equal(submitted.body.status, "submitted");
    assert.equal(submitted.headers.get("location"), `/v1/requests/${submitted.body.id}`);
    assert.equal(
      submitted.body.title,
      "Winter school safety",
      "the record reads the way the form submitted it",
    );
    assert.equal(submitted.body.createdBy, "clerk-edu");
    assert.deepEqual(submitted.body.findings.map((finding: { code: string }) => finding.code).sort(), [
      "NOT_ON_PLAN",
      "RELAYED",
      "SEVERAL_ATTENDEES_PER_UNIT",
      "SHORT_NOTICE",
      "TOO_LONG",
    ]);
    const id = submitted.body.id;

    const foreign = await api.call("GET", `/v1/requests/${id}`, { token: tokens.health });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, "NOT_FOUND");
    const ownList = await api.call("GET", "/v1/requests", { token: tokens.health });
    assert.deepEqual(ownList.body.items, []);

    const blocked = await api.call("POST", `/v1/requests/${id}/decision`, {
      token: tokens.approver,
      body: { decision: "approve", comment: "Merge with the fire drill next time" },
    });
    assert.equal(blocked.status, 422, JSON.stringify(blocked.body));
    assert.equal(blocked.body.error.code, "BLOCKING_FINDINGS");

    const approved = await api.call("POST", `/v1/requests/${id}/decision`, {
      token: tokens.approver,
      body: {
        decision: "approve",
        comment: "Merge with the fire drill next time",
        override: { reason: "The heating inspection cannot wait for the next cycle" },
      },
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, "approved");
    assert.equal(
      approved.body.decision.override.reason,
      "The heating inspection cannot wait for the next cycle",
    );

    const again = await api.call("POST", `/v1/requests/${id}/decision`, {
      token: tokens.approver,
      body: { decision: "reject", comment: "changed my mind" },
    });
    assert.equal(again.status, 409);

    const withAudit = await api.call("GET", `/v1/requests/${id}`, { token: tokens.education });
    assert.deepEqual(
      withAudit.body.audit.map((entry: { action: string }) => entry.action),
      ["request.submitted", "request.approved"],
    );
    assert.equal(
      withAudit.body.audit[1].after.decision.override.reason,
      approved.body.decision.override.reason,
    );

    // Approved only now, after it was held: an approval covers nothing that happened before it.
    const heldBeforeApproval = await api.call("POST", "/v1/events", {
      token: tokens.village,
      body: {
        kind: "meeting_held",
        convenerUnitId: "dept-education",
        title: "Winter school safety",
        heldAt: approvedStart,
        durationMinutes: 120,
        attendeeLevel: "principal",
        attendeesPerUnit: 2,
        relayed: false,
      },
    });
    assert.equal(heldBeforeApproval.status, 201, JSON.stringify(heldBeforeApproval.body));

    const unapproved = await api.call("POST", "/v1/events", {
      token: tokens.village,
      body: {
        kind: "meeting_held",
        convenerUnitId: "dept-health",
        title: "Flu season mobilisation",
        heldAt: inWindow(3, 1),
        durationMinutes: 60,
        attendeeLevel: "deputy",
        attendeesPerUnit: 1,
        relayed: false,
      },
    });
    assert.equal(unapproved.status, 201, JSON.stringify(unapproved.body));

    const emailsBefore = (await listEmails(api.stack.sesUrl)).length;
    const first = await sweepUntilDone({ window: window.label });
    assert.equal(first.status, "completed", JSON.stringify(first));
    assert.equal(first.counts.newViolations, 2);
    // A digest to each of the two departments, and the city-wide summary to the Supervision Office.
    assert.equal(first.counts.emailsSent, 3);

    const violations = await api.call("GET", "/v1/violations?rule=UNAPPROVED_MEETING", {
      token: tokens.supervisor,
    });
    assert.equal(violations.status, 200);
    assert.deepEqual(
      violations.body.items
        .map((violation: { unitId: string; status: string }) => [violation.unitId, violation.status])
        .sort(),
      [
        ["dept-education", "open"],
        ["dept-health", "open"],
      ],
    );
    const healthSees = await api.call("GET", "/v1/violations", { token: tokens.health });
    assert.deepEqual(
      healthSees.body.items.map((violation: { unitId: string }) => violation.unitId),
      ["dept-health"],
    );

    const emails = (await listEmails(api.stack.sesUrl)).slice(emailsBefore);
    const toHealth = emails.filter((email) => email.destination.to[0] === "health@demo.city.gov.cn");
    assert.equal(emails.length, 3);
    assert.equal(toHealth.length, 1);
    assert.equal(
      emails.filter((email) => email.destination.to[0] === "supervision@demo.city.gov.cn").length,
      1,
    );
    assert.match(toHealth[0]?.body.text ?? "", /Flu season mobilisation/);
    assert.match(toHealth[0]?.body.html ?? "", /<table/);

    const second = await sweepUntilDone({ window: window.label });
    assert.equal(second.status, "completed");
    assert.equal(second.counts.newViolations, 0);
    assert.equal(second.counts.openViolations, 2);
    assert.equal(second.counts.emailsSent, 0);
    assert.equal((await listEmails(api.stack.sesUrl)).length, emailsBefore + 3);
  });

  it("replays a retried POST with the same Idempotency-Key and writes nothing new", async () => {
    const body = meeting(inWindow(30, 0), { relayed: false, attendeesPerUnit: 1 });
    const headers = { "idempotency-key": "retry-me-1" };
    const first = await api.call("POST", "/v1/requests", { token: tokens.health, body, headers });
    const retry = await api.call("POST", "/v1/requests", { token: tokens.health, body, headers });
    assert.equal(first.status, 201);
    assert.equal(retry.status, 201);
    assert.equal(retry.body.id, first.body.id);
    const reused = await api.call("POST", "/v1/requests", {
      token: tokens.health,
      body: { ...body, title: "Something else" },
      headers,
    });
    assert.equal(reused.status, 422);
    const list = await api.call("GET", "/v1/requests", { token: tokens.health });
    assert.equal(list.body.items.filter((item: { id: string }) => item.id === first.body.id).length, 1);
    assert.equal(list.body.items.length, 1);
  });
});
