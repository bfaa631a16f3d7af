import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Api, startApi } from "./client.ts";
import {
  allViolations,
  emailsTo,
  expectedViolations,
  expectOk,
  mail,
  mailboxMark,
  NEXT_SWEEP_AT,
  prepareCity,
  type Requests,
  reportWeek,
  setClock,
  sweep,
  type Tokens,
  tokensFor,
  WEEK,
} from "./support/week.ts";

/** A rule code, as it must never appear in a Chinese email. */
const RULE_CODE = /\b[A-Z]{3,}_[A-Z_]{3,}\b/;

/**
 * The week, as a new user plays it through against the local stack: facts of every kind
 * from departments and villages, one sweep that finds each rule's violation and nothing else, the
 * follow-up of several of them, an overdue one escalated two weeks later, and the emails in zh-CN.
 */
describe("a week swept and followed up, in zh-CN", () => {
  let api: Api;
  let tokens: Tokens;
  let requests: Requests;
  let startedAt = 0;

  beforeAll(async () => {
    api = await startApi();
    startedAt = await mailboxMark(api);
    tokens = await tokensFor(api);
    requests = await prepareCity(api, tokens);
    await reportWeek(api, tokens, requests);
  });

  afterAll(async () => {
    await api.call("DELETE", "/dev/clock");
    await api.stack.stop();
  });

  const violation = async (id: string, token = tokens.supervisor) =>
    expectOk(await api.call("GET", `/v1/violations/${encodeURIComponent(id)}`, { token }), 200).body;

  it("finds each rule's violation of the week and nothing else, and mails each unit once", async () => {
    await setClock(api, NEXT_SWEEP_AT);
    const result = await sweep(api, tokens);
    assert.equal(result.status, "completed", JSON.stringify(result));
    assert.equal(result.window, WEEK);

    const found = (await allViolations(api, tokens.supervisor)).map((item) => item.id).sort();
    const expected = expectedViolations(requests);
    assert.equal(found.length, expected.length, found.join("\n"));
    for (const [index, id] of expected.entries())
      assert.ok(found[index]?.startsWith(id), `${found[index]} vs ${id}`);
    assert.equal(result.counts.newViolations, expected.length);

    const documentViolation = found.find((id) => id.startsWith("UNAPPROVED_DOCUMENT:")) ?? "";
    const evidence = (await violation(documentViolation)).evidence;
    assert.equal(evidence.count, 2, "the two villages' reports of one document are one violation");

    // One digest to each of the four responsible units, one summary to the Supervision Office.
    assert.equal(result.counts.emailsSent, 5);
    for (const unit of ["education", "health", "agriculture", "office"]) {
      const emails = await emailsTo(api, mail(unit), startedAt);
      assert.equal(emails.length, 1, unit);
      const body = emails[0]?.body.text ?? "";
      assert.doesNotMatch(body, RULE_CODE, `${unit}: ${body}`);
      assert.doesNotMatch(emails[0]?.subject ?? "", RULE_CODE);
      assert.match(body, /[\u4e00-\u9fff]/);
    }
    const summary = await emailsTo(api, mail("supervision"), startedAt);
    assert.equal(summary.length, 1);
    assert.doesNotMatch(summary[0]?.body.text ?? "", RULE_CODE);
  });

  it("follows violations up: a response, a resolution, a reopening and a supervisor's own finding", async () => {
    const layered = "LAYERED_MEETING:dept-education:2030-11-13";
    const responded = expectOk(
      await api.call("POST", `/v1/violations/${layered}/response`, {
        token: tokens.education,
        body: { text: "已通知各乡镇不再层层转发会议精神" },
      }),
      200,
    ).body;
    assert.equal(responded.status, "responded");
    // Another department cannot answer it, nor see it.
    assert.equal(
      (
        await api.call("POST", `/v1/violations/${layered}/response`, {
          token: tokens.health,
          body: { text: "x" },
        })
      ).status,
      404,
    );

    const accompanying = "ACCOMPANYING_ATTENDEES:dept-education:2030-11-13";
    const rectified = expectOk(
      await api.call("POST", `/v1/violations/${accompanying}/resolution`, {
        token: tokens.supervisor,
        body: { outcome: "rectified", reason: "已核实整改到位" },
      }),
      200,
    ).body;
    assert.equal(rectified.status, "rectified");
    // A department cannot resolve its own violation.
    assert.equal(
      (
        await api.call("POST", `/v1/violations/${layered}/resolution`, {
          token: tokens.education,
          body: { outcome: "dismissed", reason: "不属实" },
        })
      ).status,
      403,
    );

    const raised = "MEETING_STANDARD_RAISED:dept-education:2030-11-13";
    await setClock(api, "2030-11-25T09:00:00+08:00");
    expectOk(
      await api.call("POST", `/v1/violations/${raised}/resolution`, {
        token: tokens.supervisor,
        body: { outcome: "dismissed", reason: "会议超时系设备故障" },
      }),
      200,
    );
    const reopened = expectOk(
      await api.call("POST", `/v1/violations/${raised}/reopen`, {
        token: tokens.supervisor,
        body: { reason: "复核发现超时并非设备故障" },
      }),
      200,
    ).body;
    assert.equal(reopened.status, "open");
    // The moved clock runs on from the instant set, so the new due date is a moment after 14 days.
    const dueInMs = Date.parse(reopened.dueAt) - Date.parse("2030-12-09T09:00:00+08:00");
    assert.ok(dueInMs >= 0 && dueInMs < 60_000, reopened.dueAt);
    const trail = (await violation(raised)).audit.map((entry: { action: string }) => entry.action);
    assert.deepEqual(
      trail.slice(-3),
      ["violation.opened", "violation.resolved", "violation.reopened"].slice(-3),
    );

    const finding = expectOk(
      await api.call("POST", "/v1/violations", {
        token: tokens.supervisor,
        body: {
          unitId: "dept-health",
          title: "督查发现基层报表重复填报",
          description: "实地督查发现卫健委要求村卫生室每周重复填报三张报表",
        },
      }),
      201,
    ).body;
    assert.equal(finding.rule, "SUPERVISION_FINDING");
    assert.equal(finding.status, "open");
    const answered = expectOk(
      await api.call("POST", `/v1/violations/${encodeURIComponent(finding.id)}/response`, {
        token: tokens.health,
        body: { text: "已合并为一张报表" },
      }),
      200,
    ).body;
    assert.equal(answered.status, "responded");
  });

  it("escalates what is overdue two weeks on, and a second sweep of the week sends nothing", async () => {
    const before = await mailboxMark(api);
    await setClock(api, "2030-12-03T08:00:00+08:00");
    const overdue = await allViolations(api, tokens.supervisor, "&overdue=true");
    assert.ok(overdue.length > 0);
    assert.ok(overdue.every((item) => item.overdue === true));
    // Reopened on 25 November, the raised standard is due on 9 December: not overdue yet.
    assert.ok(!overdue.some((item) => item.id === "MEETING_STANDARD_RAISED:dept-education:2030-11-13"));
    assert.ok(overdue.some((item) => item.id === "UNAPPROVED_MEETING:dept-health:2030-11-12"));

    const later = await sweep(api, tokens);
    assert.equal(later.status, "completed", JSON.stringify(later));
    assert.equal(later.counts.newViolations, 0);
    const summary = await emailsTo(api, mail("supervision"), before);
    assert.equal(summary.length, 1);
    const text = summary[0]?.body.text ?? "";
    assert.match(text, /柳树村|Willow|village-1|卫生健康|Health/);
    assert.doesNotMatch(text, RULE_CODE);
    const health = await emailsTo(api, mail("health"), before);
    assert.equal(health.length, 1, "one digest per unit per sweep");

    const again = await sweep(api, tokens, { window: later.window });
    assert.equal(again.status, "completed");
    assert.equal(again.counts.emailsSent, 0);
    assert.equal((await emailsTo(api, mail("supervision"), before)).length, 1);
    const firstWeekAgain = await sweep(api, tokens, { window: WEEK });
    assert.equal(firstWeekAgain.counts.newViolations, 0);
  });
});
