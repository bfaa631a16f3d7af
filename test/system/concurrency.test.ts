import assert from "node:assert/strict";
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, it } from "vitest";
import { listEmails } from "../../scripts/local/ses.ts";
import { previousWeek } from "../../shared/platform/time.ts";
import { makeSweepRunner } from "../../shared/sweeps/run.ts";
import { type Api, startApi } from "./client.ts";
import { auditTrailProblems, scanTable, tableReader } from "./support/audit-trail.ts";
import { assertDocumentedError } from "./support/error-body.ts";
import { dayOf, heldMeeting, meetingRequest } from "./support/meetings.ts";

/**
 * "No concurrent retry, double click or crash loses or duplicates a record" (DESIGN.md §7), at a
 * scale where a race that two callers rarely lose is lost every time: 50 approvers deciding one
 * request, 100 copies of one keyed POST, 8 sweeps of one week at once.
 */
const DAY_MS = 86_400_000;

const meeting = meetingRequest("Flood season readiness", "Prepare the villages for the flood season");

describe("concurrency at scale", () => {
  let api: Api;
  let reader: DynamoDBDocumentClient;
  let clerk: string;

  beforeAll(async () => {
    api = await startApi();
    reader = tableReader(api.stack.dynamodbEndpoint);
    clerk = await api.token("department", "dept-education", "clerk-edu");
  });

  afterAll(async () => {
    reader?.destroy();
    await api?.stack.stop();
  });

  it("lets exactly one of 50 simultaneous decisions win, and audits only that one", async () => {
    const submitted = await api.call("POST", "/v1/requests", { token: clerk, body: meeting });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    assert.deepEqual(
      submitted.body.findings.filter((finding: { severity: string }) => finding.severity === "blocking"),
      [],
      "the request must be approvable without an override",
    );
    // Fifty different people of the city office: another unit than the submitter's (four eyes).
    const approvers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => api.token("approver", "city-office", `approver-${index}`)),
    );
    const path = `/v1/requests/${submitted.body.id}/decision`;
    const replies = await Promise.all(
      approvers.map((token, index) =>
        api.call("POST", path, {
          token,
          body: index % 2 === 0 ? { decision: "approve" } : { decision: "reject", comment: `no (${index})` },
        }),
      ),
    );

    const statuses = replies.map((reply) => reply.status);
    const winners = replies.filter((reply) => reply.status === 200);
    assert.equal(winners.length, 1, `statuses: ${statuses.join(",")}`);
    const losers = replies.filter((reply) => reply.status !== 200);
    assert.equal(losers.length, 49);
    for (const reply of losers) {
      assert.equal(reply.status, 409, JSON.stringify(reply.body));
      assertDocumentedError(reply.body, "a losing decision");
      assert.equal(reply.body.error.code, "STATE_CHANGED");
    }

    const stored = await api.call("GET", `/v1/requests/${submitted.body.id}`, { token: clerk });
    assert.equal(stored.status, 200);
    const winner = winners[0]?.body;
    assert.equal(stored.body.status, winner.status);
    assert.deepEqual(stored.body.decision, winner.decision);
    const decisions = stored.body.audit.filter((entry: { action: string }) =>
      ["request.approved", "request.rejected"].includes(entry.action),
    );
    assert.equal(decisions.length, 1, JSON.stringify(stored.body.audit));
    assert.equal(decisions[0].by, winner.decision.by);
    assert.equal(stored.body.audit.length, 2, "the submission and the one decision");
  });

  it("creates one record for 100 simultaneous POSTs with one Idempotency-Key", async () => {
    // README: a retry gets the first answer; one arriving while the first still runs gets 409 IN_PROGRESS.
    const headers = { "idempotency-key": "hundred-clicks-1" };
    const body = { ...meeting, title: "One hundred clicks" };
    const replies = await Promise.all(
      Array.from({ length: 100 }, () => api.call("POST", "/v1/requests", { token: clerk, body, headers })),
    );
    const created = replies.filter((reply) => reply.status === 201);
    const inProgress = replies.filter((reply) => reply.status === 409);
    assert.equal(
      created.length + inProgress.length,
      100,
      `statuses: ${replies.map((reply) => reply.status).join(",")}`,
    );
    console.info(`one Idempotency-Key, 100 POSTs: ${created.length} x 201, ${inProgress.length} x 409`);
    assert.ok(created.length >= 1, "the first attempt answers 201");
    const ids = new Set(created.map((reply) => reply.body.id));
    assert.equal(ids.size, 1, `several records were answered: ${[...ids].join(", ")}`);
    // A replay is the first answer itself, not an equivalent one.
    for (const reply of created) assert.deepEqual(reply.body, created[0]?.body);
    for (const reply of inProgress) {
      assertDocumentedError(reply.body, "a concurrent keyed retry");
      assert.equal(reply.body.error.code, "IN_PROGRESS");
    }

    const list = await api.call("GET", "/v1/requests?limit=100", { token: clerk });
    assert.equal(list.status, 200);
    const titled = list.body.items.filter((item: { title: string }) => item.title === body.title);
    assert.equal(titled.length, 1, `${titled.length} records were created`);
    assert.equal(titled[0].id, [...ids][0]);

    // Once the first attempt is over, a retry is answered from the record of that answer.
    const retry = await api.call("POST", "/v1/requests", { token: clerk, body, headers });
    assert.equal(retry.status, 201);
    assert.deepEqual(retry.body, created[0]?.body);
  });

  it("opens each violation once and sends each digest once when 8 sweeps of one week run at once", async () => {
    // A week that has ended, two weeks back: facts in it are well within FACT_MAX_AGE_DAYS.
    const week = previousWeek(new Date(Date.now() - 7 * DAY_MS), "Asia/Shanghai");
    const conveners = ["dept-education", "dept-health", "dept-agriculture"];
    for (const [index, unit] of conveners.entries()) {
      const token = await api.token("department", unit, `clerk-${unit}`);
      const reply = await api.call("POST", "/v1/events", {
        token,
        body: heldMeeting(unit, dayOf(week, index + 1), `Unrequested meeting of ${unit}`),
      });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
    }

    const mailboxBefore = (await listEmails(api.stack.sesUrl)).length;
    // Imported once the stack applied the local environment, which the deps read.
    const { awsSweepRunDeps } = await import("../../shared/sweeps/runner-deps.ts");
    const sweeps = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        makeSweepRunner(awsSweepRunDeps()).run({
          window: week.label,
          dryRun: false,
          trigger: "cli",
          createdBy: `concurrent-sweep-${index}`,
        }),
      ),
    );
    for (const sweep of sweeps) assert.equal(sweep.status, "completed", JSON.stringify(sweep));
    const opened = sweeps.reduce((sum, sweep) => sum + sweep.counts.newViolations, 0);
    const sent = sweeps.reduce((sum, sweep) => sum + sweep.counts.emailsSent, 0);
    assert.equal(opened, conveners.length, "violations opened across the 8 runs");
    // A digest to each convener and one city-wide summary to the Supervision Office.
    assert.equal(sent, conveners.length + 1, "emails sent across the 8 runs");

    const supervisor = await api.token("supervisor", "supervision-office", "supervisor-1");
    const list = await api.call("GET", "/v1/violations?rule=UNAPPROVED_MEETING&limit=100", {
      token: supervisor,
    });
    assert.equal(list.status, 200);
    const inWeek = list.body.items.filter((violation: { window: string }) => violation.window === week.label);
    assert.deepEqual(
      inWeek.map((violation: { unitId: string }) => violation.unitId).sort(),
      [...conveners].sort(),
    );
    for (const violation of inWeek) {
      const { Items: trail = [] } = await reader.send(
        new QueryCommand({
          TableName: api.stack.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :audit)",
          ExpressionAttributeValues: { ":pk": `VIOLATION#${violation.id}`, ":audit": "AUDIT#" },
          ConsistentRead: true,
        }),
      );
      const openings = trail.filter((entry) => entry.action === "violation.opened");
      assert.equal(openings.length, 1, `${violation.id} opened ${openings.length} times`);
    }

    const emails = (await listEmails(api.stack.sesUrl)).slice(mailboxBefore);
    // Counted per recipient unit: a digest goes to all of a unit's addresses in one email, and the
    // SES emulator's v1 SendEmail keeps only the first ToAddress of each.
    const unitOfAddress = new Map([
      ["education@demo.city.gov.cn", "dept-education"],
      ["health@demo.city.gov.cn", "dept-health"],
      ["agriculture@demo.city.gov.cn", "dept-agriculture"],
      ["agriculture-office@demo.city.gov.cn", "dept-agriculture"],
      ["supervision@demo.city.gov.cn", "supervision-office"],
    ]);
    const perUnit = new Map<string, number>();
    for (const email of emails) {
      const units = new Set(email.destination.to.map((to) => unitOfAddress.get(to) ?? `unexpected ${to}`));
      assert.equal(units.size, 1, `one digest, one unit: ${email.destination.to.join(", ")}`);
      for (const unit of units) perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries([...perUnit].sort()), {
      "dept-agriculture": 1,
      "dept-education": 1,
      "dept-health": 1,
      "supervision-office": 1,
    });
    assert.equal(emails.length, conveners.length + 1, "one email per unit");

    assert.deepEqual(auditTrailProblems(await scanTable(reader, api.stack.tableName)), []);
  });
});
