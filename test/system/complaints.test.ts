/**
 * Complaints over HTTP against the local stack, as a reporter without an account, the Supervision
 * Office and a department use them: filing and the receipt follow-up, triage, messages, a forward
 * the department answers, a violation opened from the complaint, and a disclosure that takes two
 * supervisors. Then a scan of the table proves the privacy promise: nothing of the client's
 * address or user agent, no receipt in clear, and the contact only in the identity item.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Api, type Reply, startApi } from "./client.ts";
import { auditTrailProblems, scanTable, tableReader } from "./support/audit-trail.ts";

/** What this run's client says about itself in every request; none of it may be kept. */
const AGENT = `complaints-system-test/${randomUUID()}`;
const FORWARDED_FOR = "198.51.100.23";
const CONTACT = `Wang, 139 ${Math.floor(Math.random() * 9000 + 1000)} 5678, after 6 pm`;

const complaint = {
  subject: "同一台账一个月内报送三次",
  text: "The education bureau asked our village school for the same safety ledger on 3, 12 and 26 November, each time in a new format, each time by the next morning.",
  category: "document",
  aboutUnitId: "dept-education",
  contact: CONTACT,
};

describe("complaints", () => {
  let api: Api;
  let reader: DynamoDBDocumentClient;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    reader = tableReader(api.stack.dynamodbEndpoint);
    tokens.supervisor = await api.token("supervisor", "supervision-office", "supervisor-wu");
    tokens.secondSupervisor = await api.token("supervisor", "supervision-office", "supervisor-li");
    tokens.education = await api.token("department", "dept-education", "clerk-edu");
    tokens.health = await api.token("department", "dept-health", "clerk-health");
  });

  afterAll(async () => {
    reader?.destroy();
    await api?.stack.stop();
  });

  /** Every call carries this run's user agent and a forwarded address; public routes may be throttled. */
  const call = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply> => {
    const headers = { "user-agent": AGENT, "x-forwarded-for": FORWARDED_FOR, ...options.headers };
    for (let attempt = 1; ; attempt += 1) {
      const reply = await api.call(method, path, { ...options, headers });
      if (reply.status !== 429 || attempt === 10) return reply;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  };
  const as = (who: string) => ({ token: tokens[who] });
  const expect = (reply: Reply, status: number, code?: string) => {
    assert.equal(reply.status, status, JSON.stringify(reply.body));
    if (code) assert.equal(reply.body.error.code, code, JSON.stringify(reply.body));
    return reply.body;
  };

  let id: string;
  let receipt: string;
  let reference: string;

  it("takes a complaint from anyone without an account and shows the receipt once", async () => {
    const key = randomUUID();
    const filed = await call("POST", "/v1/complaints", {
      body: complaint,
      headers: { "idempotency-key": key },
    });
    const body = expect(filed, 201);
    assert.equal(filed.headers.get("location"), `/v1/complaints/${body.id}`);
    assert.match(body.receipt, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    assert.match(body.reference, /^TS-20\d\d-[0-9A-Z]{8}$/);
    assert.equal(body.status, "new");
    ({ id, receipt, reference } = body);
    const retry = await call("POST", "/v1/complaints", {
      body: complaint,
      headers: { "idempotency-key": key },
    });
    assert.deepEqual(expect(retry, 201), body, "a retry with the same key gets the same receipt back");
    const another = await call("POST", "/v1/complaints", {
      body: complaint,
      headers: { "idempotency-key": randomUUID() },
    });
    assert.notEqual(expect(another, 201).receipt, receipt, "another key is another complaint");
    expect(
      await call("POST", "/v1/complaints", { body: { ...complaint, aboutUnitId: "no-such-unit" } }),
      422,
      "UNKNOWN_UNIT",
    );
    expect(
      await call("POST", "/v1/complaints", { body: { ...complaint, channel: "hotline" } }),
      422,
      "HOTLINE_SUPERVISORS_ONLY",
    );
  });

  it("lets the reporter follow it with the receipt in a header, however they type it", async () => {
    const typed = receipt.toLowerCase().replaceAll("-", " ").replaceAll("0", "o");
    const view = expect(
      await call("GET", "/v1/complaints/receipt", { headers: { "x-receipt": typed } }),
      200,
    );
    assert.equal(view.reference, reference);
    assert.equal(view.status, "new");
    assert.equal(view.text, complaint.text);
    const wrote = await call("POST", "/v1/complaints/receipt/messages", {
      body: { text: "They asked again this morning, by phone." },
      headers: { "x-receipt": receipt },
    });
    assert.equal(expect(wrote, 200).from, "reporter");
    const missing = expect(await call("GET", "/v1/complaints/receipt"), 400, "VALIDATION_FAILED");
    assert.equal(missing.error.details[0].path, "headers.X-Receipt");
    expect(await call("GET", "/v1/complaints/receipt", { headers: { "x-receipt": "AAAAA" } }), 400);
    const guess = receipt.replace(/^./, (first) => (first === "Z" ? "Y" : "Z"));
    expect(
      await call("GET", "/v1/complaints/receipt", { headers: { "x-receipt": guess } }),
      404,
      "NOT_FOUND",
    );
  });

  it("is triaged, answered and forwarded by the Supervision Office", async () => {
    const listed = expect(await call("GET", "/v1/complaints?status=new", as("supervisor")), 200);
    assert.ok(listed.items.some((item: { id: string }) => item.id === id));
    assert.ok(!JSON.stringify(listed).includes(CONTACT));
    const triaged = await call("POST", `/v1/complaints/${id}/triage`, {
      ...as("supervisor"),
      body: { status: "triaged", note: "Plausible: three requests within a month" },
    });
    assert.equal(expect(triaged, 200).status, "triaged");
    expect(
      await call("POST", `/v1/complaints/${id}/triage`, {
        ...as("supervisor"),
        body: { status: "triaged", note: "again" },
      }),
      409,
      "INVALID_TRANSITION",
    );
    expect(
      await call("POST", `/v1/complaints/${id}/messages`, {
        ...as("supervisor"),
        body: { text: "Thank you. We are asking the bureau about it." },
      }),
      200,
    );
    expect(
      await call("POST", `/v1/complaints/${id}/forward`, {
        ...as("supervisor"),
        body: { unitId: "village-1", text: "x" },
      }),
      422,
      "NOT_DEPARTMENT",
    );
    const forward = await call("POST", `/v1/complaints/${id}/forward`, {
      ...as("supervisor"),
      body: {
        unitId: "dept-education",
        text: "A school reports three requests for the same ledger in November.",
      },
    });
    assert.equal(expect(forward, 200).unitId, "dept-education");
  });

  it("shows a department only the redacted text forwarded to it, never the complaint", async () => {
    const page = expect(await call("GET", "/v1/complaints/forwarded", as("education")), 200);
    assert.equal(page.items.length, 1);
    const [forward] = page.items;
    assert.equal(forward.reference, reference);
    const seen = JSON.stringify(page);
    for (const hidden of [complaint.text, CONTACT, "They asked again", "supervisor-wu", id]) {
      assert.ok(!seen.includes(hidden), hidden);
    }
    assert.deepEqual(expect(await call("GET", "/v1/complaints/forwarded", as("health")), 200).items, []);
    expect(await call("GET", `/v1/complaints/${id}`, as("education")), 404, "NOT_FOUND");
    expect(
      await call("POST", `/v1/complaints/forwarded/${forward.id}/answer`, {
        ...as("health"),
        body: { text: "not ours" },
      }),
      404,
    );
    const answered = await call("POST", `/v1/complaints/forwarded/${forward.id}/answer`, {
      ...as("education"),
      body: { text: "Three sections asked separately; from now on one request a quarter." },
    });
    assert.equal(expect(answered, 200).status, "answered");
    expect(
      await call("POST", `/v1/complaints/forwarded/${forward.id}/answer`, {
        ...as("education"),
        body: { text: "again" },
      }),
      409,
      "ALREADY_ANSWERED",
    );
  });

  it("opens a violation the department follows up like any other", async () => {
    const opened = await call("POST", `/v1/complaints/${id}/violation`, {
      ...as("supervisor"),
      body: { unitId: "dept-education", title: "Same ledger requested three times (重复报送台账)" },
      headers: { "idempotency-key": randomUUID() },
    });
    const violation = expect(opened, 201);
    assert.equal(opened.headers.get("location"), `/v1/violations/${encodeURIComponent(violation.id)}`);
    assert.equal(violation.rule, "SUPERVISION_FINDING");
    const read = expect(await call("GET", opened.headers.get("location") ?? "", as("education")), 200);
    assert.equal(read.complaintId, id);
    assert.ok(!JSON.stringify(read).includes(complaint.text));
    const detail = expect(await call("GET", `/v1/complaints/${id}`, as("supervisor")), 200);
    assert.deepEqual(detail.violationIds, [violation.id]);
    assert.equal(detail.forwards[0].status, "answered");
    assert.deepEqual(
      detail.messages.map((message: { from: string }) => message.from),
      ["reporter", "supervision"],
    );
    assert.deepEqual(detail.reporter, { signedIn: false, channel: "online", contactGiven: true });
    assert.ok(!JSON.stringify(detail).includes(CONTACT), "no identity in the supervisor's view");
  });

  it("discloses the contact only when a second supervisor grants it, to the asker, once", async () => {
    const path = `/v1/complaints/${id}/disclosure`;
    expect(await call("GET", path, as("supervisor")), 404);
    const requested = await call("POST", path, {
      ...as("supervisor"),
      body: { reason: "The reporter offered the three requests; we need to call back" },
    });
    assert.equal(expect(requested, 200).status, "requested");
    expect(await call("GET", path, as("supervisor")), 409, "NOT_GRANTED");
    expect(await call("POST", `${path}/grant`, as("supervisor")), 422, "OWN_DISCLOSURE_REQUEST");
    assert.equal(expect(await call("POST", `${path}/grant`, as("secondSupervisor")), 200).status, "granted");
    expect(await call("GET", path, as("secondSupervisor")), 404);
    const shown = expect(await call("GET", path, as("supervisor")), 200);
    assert.equal(shown.contact, CONTACT);
    assert.equal(shown.signedIn, false);
    expect(await call("GET", path, as("supervisor")), 409, "ALREADY_SHOWN");
    const detail = expect(await call("GET", `/v1/complaints/${id}`, as("supervisor")), 200);
    const actions = detail.audit.map((entry: { action: string }) => entry.action);
    for (const step of ["requested", "granted", "shown"])
      assert.ok(actions.includes(`complaint.disclosure_${step}`));
    assert.ok(!JSON.stringify(detail.audit).includes(CONTACT));
  });

  it("closes for good: the reporter sees the outcome and can no longer write", async () => {
    expect(
      await call("POST", `/v1/complaints/${id}/triage`, {
        ...as("supervisor"),
        body: { status: "resolved", note: "The bureau merged the requests" },
      }),
      200,
    );
    const view = expect(
      await call("GET", "/v1/complaints/receipt", { headers: { "x-receipt": receipt } }),
      200,
    );
    assert.equal(view.status, "resolved");
    assert.deepEqual(
      view.messages.map((message: { from: string }) => message.from),
      ["reporter", "supervision"],
    );
    const said = JSON.stringify(view);
    for (const hidden of ["supervisor-wu", "dept-education", "Plausible", "merged the requests"]) {
      assert.ok(!said.includes(hidden), hidden);
    }
    expect(
      await call("POST", "/v1/complaints/receipt/messages", {
        body: { text: "One more thing" },
        headers: { "x-receipt": receipt },
      }),
      409,
      "COMPLAINT_CLOSED",
    );
    expect(
      await call("POST", `/v1/complaints/${id}/triage`, {
        ...as("supervisor"),
        body: { status: "unfounded", note: "x" },
      }),
      409,
      "INVALID_TRANSITION",
    );
  });

  it("keeps no client address, no user agent, no receipt in clear, and the contact only apart", async () => {
    const items = await scanTable(reader, api.stack.tableName);
    const complaintItems = items.filter((item) => String(item.pk).startsWith("COMPLAINT"));
    assert.ok(complaintItems.length > 10, "the scan sees the complaint's items");
    for (const item of items) {
      const text = JSON.stringify(item);
      const where = `${item.pk} ${item.sk}`;
      assert.ok(!text.includes(AGENT), `user agent in ${where}`);
      assert.ok(!text.includes("complaints-system-test"), `user agent in ${where}`);
      assert.ok(!text.includes(FORWARDED_FOR), `forwarded address in ${where}`);
      assert.ok(!text.includes("127.0.0.1"), `client address in ${where}`);
      assert.ok(
        !text.includes(receipt) && !text.includes(receipt.replaceAll("-", "")),
        `receipt in ${where}`,
      );
      if (text.includes(CONTACT)) assert.equal(item.entity, "COMPLAINT_IDENTITY", `contact in ${where}`);
    }
    assert.equal(
      items.filter((item) => JSON.stringify(item).includes(CONTACT)).length,
      2,
      "one per filed complaint",
    );
    assert.deepEqual(auditTrailProblems(items), []);
    const counters = items.filter(
      (item) => item.entity === "STATS_COUNTERS" && item.unitId === "dept-education",
    );
    assert.ok(counters.some((item) => Number(item["complaints.received"]) >= 2));
  });
});
