import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, it } from "vitest";
import { listEmails } from "../../scripts/local/ses.ts";
import { type Api, type Reply, startApi, waitFor } from "./client.ts";

/**
 * A year of "one matter, one report" as a new city would live it, over HTTP only: units and plans
 * imported from CSV, plans published, every kind of request submitted, each finding seen, decided
 * with and without override, merged, rejected, cancelled, quotas followed, decision emails read in
 * the SES emulator.
 */
const year = new Date().getUTCFullYear() + 1;
const tag = randomUUID().slice(0, 8);
const mail = (who: string) => `${who}-${tag}@city.example.cn`;
const id = (name: string) => `${name}-${tag}`;
const edu = id("jiaoyu");
const safety = id("anjian");
const hall = id("shizhengfu");
const town = id("dongzhen");
const [v1, v2] = [id("liushu"), id("taohua")];

const csv = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;
const codes = (reply: Reply) => (reply.body.findings as { code: string }[]).map((finding) => finding.code);
const findingOf = (reply: Reply, code: string) =>
  (reply.body.findings as { code: string; ref?: string }[]).find((finding) => finding.code === code);

describe("a year of plans and requests", () => {
  let api: Api;
  const tokens: Record<string, string> = {};
  const send = (token: string, method: string, path: string, body?: unknown) =>
    api.call(method, path, { token, ...(body === undefined ? {} : { body }) });
  const importCsv = (token: string, path: string, text: string) =>
    api.call("POST", path, { token, raw: text, headers: { "content-type": "text/csv; charset=utf-8" } });
  const meeting = (overrides: Record<string, unknown> = {}) => ({
    kind: "meeting",
    title: "全市教育工作会议",
    startsAt: `${year}-03-10T09:00:00+08:00`,
    durationMinutes: 60,
    format: "in_person",
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    attendeeUnitKinds: ["township"],
    relayed: false,
    reason: "部署新学期工作",
    ...overrides,
  });
  const submit = (body: unknown) => send(tokens.edu ?? "", "POST", "/v1/requests", body);
  const decide = (requestId: string, body: unknown) =>
    send(tokens.approver ?? "", "POST", `/v1/requests/${requestId}/decision`, body);
  const plan = async (kind: string) =>
    (await send(tokens.edu ?? "", "GET", `/v1/plans/${year}/${kind}`)).body;

  beforeAll(async () => {
    api = await startApi();
    tokens.admin = await api.token("admin", "city-office", "admin-1");
    tokens.approver = await api.token("approver", hall, `approver-${tag}`);
    tokens.edu = await api.token("department", edu, `clerk-${tag}`);
    tokens.safety = await api.token("department", safety, `safety-${tag}`);
  });

  afterAll(() => api.stack.stop());

  it("imports the city's units and plans from CSV and publishes the plans", async () => {
    const units = await importCsv(
      tokens.admin ?? "",
      "/v1/units/import",
      `\uFEFF${csv(
        "id,name,kind,parentId,emails",
        `${hall},市政府办公室,office,,${mail("hall")}`,
        `${edu},市教育局,department,${hall},${mail("edu")}`,
        `${safety},市应急管理局,department,${hall},${mail("safety")}`,
        `${town},东镇,township,,${mail("town")}`,
        `${v1},"柳树村, 东镇",village,${town},`,
        `${v2},桃花村,village,${town},`,
      )}`,
    );
    assert.equal(units.status, 200, JSON.stringify(units.body));
    assert.equal(units.body.created, 6);

    const meetings = await importCsv(
      tokens.approver ?? "",
      `/v1/plans/${year}/meetings/import`,
      csv(
        "record,unitId,limit,id,title,convenerUnitId,month,attendeeLevel",
        `quota,${edu},2,,,,,`,
        `item,,,${id("m1")},全市教育工作会议,${edu},3,staff`,
      ),
    );
    assert.equal(meetings.status, 200, JSON.stringify(meetings.body));
    const inspections = await importCsv(
      tokens.approver ?? "",
      `/v1/plans/${year}/inspections/import`,
      csv(
        "record,unitId,limit,id,title,inspectionKind,leadUnitId,targetUnitIds,targetUnitKinds,from,to",
        `quota,${edu},3,,,,,,,,`,
        `item,,,${id("i1")},安全生产大检查,inspection,${safety},${v1};${v2},,${year}-05-01,${year}-05-31`,
        `item,,,${id("i2")},教育督导,supervision,${edu},,township,${year}-09-01,${year}-09-30`,
      ),
    );
    assert.equal(inspections.status, 200, JSON.stringify(inspections.body));
    const documents = await send(tokens.approver ?? "", "PUT", `/v1/plans/${year}/documents`, {
      quotas: [{ unitId: edu, limit: 1 }],
      items: [{ id: id("d1"), title: "关于加强校园安全的意见", issuerUnitId: edu, month: 2 }],
    });
    assert.equal(documents.status, 200, JSON.stringify(documents.body));
    for (const kind of ["meetings", "inspections", "documents"]) {
      const published = await send(tokens.approver ?? "", "POST", `/v1/plans/${year}/${kind}/publish`);
      assert.equal(published.status, 200, JSON.stringify(published.body));
    }
    const read = await plan("meetings");
    assert.equal(read.status, "published");
    assert.deepEqual(read.quotas, [{ unitId: edu, limit: 2, used: 0, remaining: 2 }]);
  });

  it("shows each meeting finding, decides with and without override, merges, rejects and follows the quota", async () => {
    const onPlan = await submit(meeting({ planItemId: id("m1") }));
    assert.equal(onPlan.status, 201, JSON.stringify(onPlan.body));
    assert.equal(findingOf(onPlan, "ON_PLAN")?.ref, id("m1"));
    assert.ok(onPlan.body.decideBy > onPlan.body.createdAt);

    const raised = await submit(
      meeting({ planItemId: id("m1"), attendeeLevel: "principal", startsAt: `${year}-03-11T09:00:00+08:00` }),
    );
    assert.equal(findingOf(raised, "LEVEL_RAISED")?.ref, id("m1"));
    assert.equal(findingOf(raised, "MERGE_CANDIDATE")?.ref, onPlan.body.id);

    const layered = await submit(
      meeting({ relayed: true, accompanyingAttendees: true, startsAt: `${year}-06-10T09:00:00+08:00` }),
    );
    assert.ok(codes(layered).includes("RELAYED") && codes(layered).includes("ACCOMPANYING_ATTENDEES"));
    assert.ok(codes(layered).includes("NOT_ON_PLAN"));

    const queue = await send(
      tokens.approver ?? "",
      "GET",
      "/v1/requests?status=submitted&kind=meeting&limit=100",
    );
    const mine = (queue.body.items as { id: string }[])
      .map((item) => item.id)
      .filter((item) => [onPlan.body.id, raised.body.id, layered.body.id].includes(item));
    assert.deepEqual(mine, [onPlan.body.id, raised.body.id, layered.body.id], "oldest first");

    assert.equal((await decide(onPlan.body.id, { decision: "approve", comment: "同意" })).status, 200);
    const merged = await decide(raised.body.id, {
      decision: "merge",
      mergeInto: onPlan.body.id,
      comment: "与全市教育工作会议合并召开",
    });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal(merged.body.status, "merged");
    const target = await send(tokens.edu ?? "", "GET", `/v1/requests/${onPlan.body.id}`);
    assert.deepEqual(target.body.mergedFrom, [raised.body.id]);

    const blocked = await decide(layered.body.id, { decision: "approve" });
    assert.equal(blocked.status, 422);
    assert.equal(blocked.body.error.code, "BLOCKING_FINDINGS");
    const overridden = await decide(layered.body.id, {
      decision: "approve",
      override: { reason: "防汛紧急部署，必须层层传达" },
    });
    assert.equal(overridden.status, 200);
    const trail = await send(tokens.approver ?? "", "GET", `/v1/requests/${layered.body.id}`);
    const approval = (
      trail.body.audit as { action: string; after: { decision?: { override?: unknown } } }[]
    ).find((entry) => entry.action === "request.approved");
    assert.deepEqual(approval?.after.decision?.override, { reason: "防汛紧急部署，必须层层传达" });
    assert.deepEqual((await plan("meetings")).quotas, [{ unitId: edu, limit: 2, used: 2, remaining: 0 }]);

    const overQuota = await submit(meeting({ startsAt: `${year}-07-01T09:00:00+08:00` }));
    assert.ok(codes(overQuota).includes("OVER_QUOTA"));
    const refused = await decide(overQuota.body.id, { decision: "approve" });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, "QUOTA_EXCEEDED");

    const cancelled = await send(tokens.edu ?? "", "POST", `/v1/requests/${layered.body.id}/cancel`, {
      reason: "汛情缓解，改为视频通知",
    });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.deepEqual((await plan("meetings")).quotas, [{ unitId: edu, limit: 2, used: 1, remaining: 1 }]);
    assert.equal((await decide(overQuota.body.id, { decision: "approve" })).status, 200);

    const rejected = await submit(meeting({ startsAt: `${year}-08-01T09:00:00+08:00` }));
    const rejection = await decide(rejected.body.id, { decision: "reject", comment: "可用文件部署" });
    assert.equal(rejection.body.status, "rejected");
  });

  it("adds approved temporary inspections and off-plan documents to the plans, and flags duplicates", async () => {
    const inspection = {
      kind: "inspection",
      title: "汛期校舍安全检查",
      inspectionKind: "inspection",
      targetUnitIds: [v1],
      from: `${year}-05-10`,
      to: `${year}-05-12`,
      reason: "汛期前排查校舍隐患",
    };
    const first = await submit(inspection);
    assert.equal(findingOf(first, "OVERLAPS_PLAN_ITEM")?.ref, id("i1"));
    assert.ok(codes(first).includes("NOT_ON_PLAN"));
    assert.equal((await decide(first.body.id, { decision: "approve" })).status, 200);
    const additions = (await plan("inspections")).additions as { requestId: string; source: string }[];
    assert.deepEqual(
      additions.map((addition) => [addition.requestId, addition.source]),
      [[first.body.id, "addition"]],
    );
    const again = await send(tokens.safety ?? "", "POST", "/v1/requests", {
      ...inspection,
      title: "重复检查",
    });
    assert.equal(findingOf(again, "DUPLICATE_OF_REQUEST")?.ref, first.body.id);

    const covered = await submit({
      ...inspection,
      inspectionKind: "supervision",
      targetUnitIds: undefined,
      targetUnitKinds: ["township"],
      from: `${year}-09-05`,
      to: `${year}-09-06`,
    });
    assert.match(findingOf(covered, "ON_PLAN")?.ref ?? "", new RegExp(id("i2")));

    const document = {
      kind: "document",
      title: "关于冬季供暖的通知",
      docType: "notice",
      pages: 14,
      audienceUnitKinds: ["township"],
      draftingStartsOn: `${year}-02-01`,
      reason: "供暖政策调整",
    };
    const offPlan = await submit(document);
    assert.ok(codes(offPlan).includes("TOO_LONG") && codes(offPlan).includes("NOT_ON_PLAN"));
    assert.equal((await decide(offPlan.body.id, { decision: "approve" })).status, 200);
    const documents = await plan("documents");
    assert.deepEqual(
      (documents.additions as { requestId: string }[]).map((addition) => addition.requestId),
      [offPlan.body.id],
    );
    assert.deepEqual(documents.quotas, [{ unitId: edu, limit: 1, used: 1, remaining: 0 }]);
    const late = await submit({ ...document, draftingStartsOn: "2020-01-06" });
    assert.ok(codes(late).includes("DRAFTING_STARTED"));
  });

  it("keeps only the four veto categories, and lists approved items in the register", async () => {
    const veto = {
      kind: "veto_item",
      title: "安全生产责任状",
      form: "responsibility_statement",
      category: "production_safety",
      targetUnitKinds: ["township"],
      reason: "省安全生产条例要求",
    };
    const refused = await send(tokens.safety ?? "", "POST", "/v1/requests", {
      ...veto,
      category: "招商引资",
    });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, "VETO_CATEGORY_NOT_ALLOWED");
    assert.match(
      refused.body.error.message,
      /central_instructions.*party_conduct.*production_safety.*statistical_fraud/,
    );
    const submitted = await send(tokens.safety ?? "", "POST", "/v1/requests", veto);
    assert.equal(submitted.status, 201);
    assert.equal((await decide(submitted.body.id, { decision: "approve" })).status, 200);
    const register = await send(tokens.edu ?? "", "GET", "/v1/veto-items?limit=100");
    const entry = (register.body.items as { requestId: string; status: string }[]).find(
      (item) => item.requestId === submitted.body.id,
    );
    assert.equal(entry?.status, "active");
  });

  it("mails the submitting unit once per decision, in the deployment's language", async () => {
    // Education had five decisions on meetings (approve, merge, approve over a blocking finding,
    // approve once the quota freed up, reject) and two more (an inspection, a document).
    const toEducation = await waitFor(async () => {
      const emails = (await listEmails(api.stack.sesUrl)).filter((email) =>
        email.destination.to.includes(mail("edu")),
      );
      return emails.length >= 7 ? emails : undefined;
    }, "the decision emails");
    assert.equal(toEducation.length, 7);
    assert.equal(new Set(toEducation.map((email) => email.subject)).size > 1, true);
    assert.ok(toEducation.every((email) => email.subject.startsWith("【减负督查】")));
    assert.ok(toEducation.some((email) => (email.body.text ?? "").includes("可用文件部署")));
  });
});
