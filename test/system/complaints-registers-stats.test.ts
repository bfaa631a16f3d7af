/**
 * Issue 9 as new users would meet it, over HTTP against the local stack with route throttling on:
 * an anonymous complaint followed up with its receipt and handled by the Supervision Office to a
 * violation; a signed-in one whose reporter two supervisors disclose; a secondment and a plaque
 * the weekly sweep finds overdue, then returned and removed; and the year's statistics, in JSON
 * and CSV, moved by exactly what the test did beside last year's seeded figures. Dates are
 * relative to now, so the story holds whenever it runs.
 */
import assert from "node:assert/strict";
import { DynamoDBClient, paginateScan } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, it } from "vitest";
import { demoHistory } from "../../scripts/local/seed.ts";
import { listEmails } from "../../scripts/local/ses.ts";
import { parseCsv } from "../../shared/platform/csv.ts";
import { localDay } from "../../shared/platform/time.ts";
import { type Api, type Reply, startApi, waitFor } from "./client.ts";
import { lastWeek } from "./support/meetings.ts";
import { expectOk, mailboxMark } from "./support/week.ts";

const TIME_ZONE = "Asia/Shanghai";
const DAY_MS = 86_400_000;
/** What the reporter's own client sends: neither may be kept or logged anywhere. */
const USER_AGENT = "burden-watch-privacy-probe/9.1 (reporter's phone)";
const CLIENT_ADDRESS = "203.0.113.77";

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
const dayOf = (instant: Date) => localDay(instant, TIME_ZONE);
const yearOf = (day: string) => Number(day.slice(0, 4));

/** The figures this story moves, by year: what the statistics must have gained. */
const moved = new Map<number, Map<string, number>>();
const count = (day: string, figure: string, delta = 1) => {
  const year = moved.get(yearOf(day)) ?? new Map<string, number>();
  year.set(figure, (year.get(figure) ?? 0) + delta);
  moved.set(yearOf(day), year);
};
const watched = [
  "complaints.received",
  "complaints.outcome.resolved",
  "secondments.registered",
  "secondments.returned",
  "secondments.lent",
  "plaques.registered",
  "plaques.admitted",
  "plaques.pending",
  "plaques.removed",
  "violations.rule.SUPERVISION_FINDING",
  "violations.rule.SECONDMENT_OVERDUE",
  "violations.rule.SECONDMENT_UNCONFIRMED",
  "violations.rule.UNADMITTED_PLAQUE",
  "violations.rule.COMPLAINT_OVERDUE",
];

type Figure = { value: number | null; previous: number | null; change: number | null };
type Stats = {
  year: number;
  city: { figures: Record<string, Figure> };
  units: { unitId: string; figures: Record<string, Figure> }[];
};

describe("complaints, registers and statistics, as a city would use them", () => {
  let api: Api;
  const serverLog: string[] = [];
  const tokens = {} as Record<
    "education" | "health" | "village1" | "village2" | "supervisor" | "supervisor2" | "admin" | "cadre",
    string
  >;
  const baseline = new Map<number, Stats>();

  const call = (method: string, path: string, options: Parameters<Api["call"]>[2] = {}) =>
    api.call(method, path, options);
  const post = async (token: string | undefined, path: string, body: unknown, status: number) =>
    expectOk(await call("POST", path, { ...(token ? { token } : {}), body }), status).body;
  const get = async (token: string, path: string) => expectOk(await call("GET", path, { token }), 200).body;
  const setClock = async (now: Date) =>
    expectOk(await call("POST", "/dev/clock", { body: { now: now.toISOString() } }), 200);
  const statsOf = async (year: number): Promise<Stats> => get(tokens.supervisor, `/v1/stats?year=${year}`);
  const publicHeaders = { "user-agent": USER_AGENT, "x-forwarded-for": CLIENT_ADDRESS };

  beforeAll(async () => {
    api = await startApi({ throttleRoutes: true, log: (line) => serverLog.push(line) });
    Object.assign(tokens, {
      education: await api.token("department", "dept-education", "clerk-edu"),
      health: await api.token("department", "dept-health", "clerk-health"),
      village1: await api.token("grassroots", "village-1", "cadre-1"),
      village2: await api.token("grassroots", "village-2", "cadre-2"),
      supervisor: await api.token("supervisor", "supervision-office", "supervisor-1"),
      supervisor2: await api.token("supervisor", "supervision-office", "supervisor-2"),
      admin: await api.token("admin", "city-office", "admin-1"),
      cadre: await api.token("grassroots", "village-3", "cadre-7"),
    });
    for (const year of new Set([yearOf(dayOf(new Date())), yearOf(dayOf(daysAgo(60)))])) {
      baseline.set(year, await statsOf(year));
    }
  });

  afterAll(async () => {
    await api?.call("DELETE", "/dev/clock");
    await api?.stack.stop();
  });

  it("shows last year's seeded figures beside this year's before anyone acts", () => {
    const year = yearOf(dayOf(new Date()));
    const stats = baseline.get(year);
    assert.ok(stats);
    const seeded = (figure: string) =>
      demoHistory(year - 1).reduce((sum, change) => sum + (change.deltas[figure] ?? 0), 0);
    for (const figure of ["meetings.held", "complaints.received", "documents.issued"]) {
      const shown: Figure | undefined = stats.city.figures[figure];
      assert.ok(shown, figure);
      assert.ok(seeded(figure) > 0, figure);
      assert.equal(shown.previous, seeded(figure), figure);
      assert.equal(shown.change, (shown.value ?? 0) - (shown.previous ?? 0), figure);
    }
  });

  describe("a complaint", () => {
    let complaintId: string;
    let receipt: string;
    const stdout: string[] = [];

    it("is filed with no token, and followed up with its receipt alone", async () => {
      // The function runs in this process: whatever it logs passes through here.
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        stdout.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof process.stdout.write;
      try {
        const filed = await call("POST", "/v1/complaints", {
          headers: publicHeaders,
          body: {
            subject: "同一台账一个月要了三次",
            text: "教育局11月三次要求我村填报同一份学生资助台账，格式各不相同。",
            category: "document",
            aboutUnitId: "dept-education",
          },
        });
        expectOk(filed, 201);
        complaintId = filed.body.id;
        receipt = filed.body.receipt;
        count(dayOf(new Date()), "complaints.received");
        assert.match(receipt, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
        assert.match(filed.body.reference, /^TS-\d{4}-/);

        // Read back as a person would type it from a note: lower case, spaces for dashes.
        const typed = receipt.toLowerCase().replaceAll("-", " ");
        const read = await call("GET", "/v1/complaints/receipt", {
          headers: { ...publicHeaders, "x-receipt": typed },
        });
        expectOk(read, 200);
        assert.equal(read.body.status, "new");
        assert.equal(read.body.reference, filed.body.reference);

        const wrong = `${receipt.slice(0, -1)}${receipt.endsWith("0") ? "1" : "0"}`;
        const refused = await call("GET", "/v1/complaints/receipt", {
          headers: { ...publicHeaders, "x-receipt": wrong },
        });
        assert.equal(refused.status, 404);

        const written = await call("POST", "/v1/complaints/receipt/messages", {
          headers: { ...publicHeaders, "x-receipt": receipt },
          body: { text: "补充：第三次是通过微信群要求的。" },
        });
        expectOk(written, 200);
      } finally {
        process.stdout.write = write;
      }
    });

    it("is triaged, answered and forwarded, redacted, to the department, which answers but never sees the complaint", async () => {
      await post(
        tokens.supervisor,
        `/v1/complaints/${complaintId}/triage`,
        { status: "triaged", note: "台账重复，转教育局说明" },
        200,
      );
      await post(
        tokens.supervisor,
        `/v1/complaints/${complaintId}/messages`,
        { text: "已受理，正在核实。" },
        200,
      );
      const followUp = expectOk(
        await call("GET", "/v1/complaints/receipt", { headers: { "x-receipt": receipt } }),
        200,
      ).body;
      assert.equal(followUp.status, "triaged");
      assert.deepEqual(
        followUp.messages.map((message: { from: string }) => message.from),
        ["reporter", "supervision"],
      );

      const redacted = "有村反映11月三次要求报送同一资助台账，请说明原因及整合办法。";
      await post(
        tokens.supervisor,
        `/v1/complaints/${complaintId}/forward`,
        { unitId: "dept-education", text: redacted },
        200,
      );
      const forwarded = await get(tokens.education, "/v1/complaints/forwarded");
      assert.equal(forwarded.items.length, 1);
      const [forward] = forwarded.items;
      assert.equal(forward.text, redacted);
      assert.doesNotMatch(JSON.stringify(forwarded), /我村|微信群|supervisor-1/);
      assert.equal(
        (await call("GET", `/v1/complaints/${complaintId}`, { token: tokens.education })).status,
        404,
      );
      assert.equal(
        (await call("GET", "/v1/complaints/forwarded", { token: tokens.health })).body.items.length,
        0,
      );
      await post(
        tokens.education,
        `/v1/complaints/forwarded/${forward.id}/answer`,
        { text: "已合并为每季度一次。" },
        200,
      );
    });

    it("opens a violation the department follows up like any other, then closes", async () => {
      const violation = await post(
        tokens.supervisor,
        `/v1/complaints/${complaintId}/violation`,
        { unitId: "dept-education", title: "重复索要同一台账" },
        201,
      );
      count(dayOf(new Date()), "violations.rule.SUPERVISION_FINDING");
      assert.match(violation.id, /^SUPERVISION_FINDING:/);
      const seen = await get(tokens.education, `/v1/violations/${encodeURIComponent(violation.id)}`);
      assert.equal(seen.status, "open");
      await post(
        tokens.education,
        `/v1/violations/${encodeURIComponent(violation.id)}/response`,
        { text: "已整改" },
        200,
      );
      await post(
        tokens.supervisor,
        `/v1/complaints/${complaintId}/triage`,
        { status: "investigating", note: "核实中" },
        200,
      );
      await post(
        tokens.supervisor,
        `/v1/complaints/${complaintId}/triage`,
        { status: "resolved", note: "已整改" },
        200,
      );
      count(dayOf(new Date()), "complaints.outcome.resolved");
      const detail = await get(tokens.supervisor, `/v1/complaints/${complaintId}`);
      assert.equal(detail.status, "resolved");
      assert.deepEqual(detail.violationIds, [violation.id]);
      assert.equal(detail.reporter.signedIn, false);
    });

    it("keeps no IP address or user agent, in the table, the server's log or the function's", async () => {
      const client = new DynamoDBClient({
        endpoint: api.stack.dynamodbEndpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      });
      const items: string[] = [];
      for await (const page of paginateScan({ client }, { TableName: api.stack.tableName })) {
        items.push(...(page.Items ?? []).map((item) => JSON.stringify(item)));
      }
      client.destroy();
      const complaintItems = items.filter((item) => item.includes("COMPLAINT"));
      assert.ok(complaintItems.length > 0);
      for (const text of [...items, ...serverLog, ...stdout]) {
        assert.ok(!text.includes(USER_AGENT), `user agent kept: ${text.slice(0, 200)}`);
        assert.ok(!text.includes("privacy-probe"), `user agent kept: ${text.slice(0, 200)}`);
        assert.ok(!text.includes(CLIENT_ADDRESS), `client address kept: ${text.slice(0, 200)}`);
        assert.ok(!text.includes(receipt), "receipt kept in clear");
      }
      // The server did log the complaint routes, only without who called them.
      assert.ok(serverLog.some((line) => line.includes("/v1/complaints/receipt")));
    });
  });

  it("discloses a signed-in reporter only when a second supervisor grants it, once, every step audited", async () => {
    const filed = await post(
      tokens.cadre,
      "/v1/complaints",
      {
        subject: "陪会",
        text: "镇里要求村干部陪同参加县里的会议。",
        category: "meeting",
        contact: "村委办公室",
      },
      201,
    );
    count(dayOf(new Date()), "complaints.received");
    const path = `/v1/complaints/${filed.id}`;
    const detail = await get(tokens.supervisor, path);
    assert.equal(detail.reporter.signedIn, true);
    assert.doesNotMatch(JSON.stringify(detail), /cadre-7|village-3|村委办公室/);

    await post(tokens.supervisor, `${path}/disclosure`, { reason: "需当面核实陪会情况" }, 200);
    const own = await call("POST", `${path}/disclosure/grant`, { token: tokens.supervisor, body: {} });
    assert.equal(own.status, 422);
    assert.equal(own.body.error.code, "OWN_DISCLOSURE_REQUEST");
    assert.equal((await call("GET", `${path}/disclosure`, { token: tokens.supervisor })).status, 409);

    await post(tokens.supervisor2, `${path}/disclosure/grant`, {}, 200);
    assert.equal((await call("GET", `${path}/disclosure`, { token: tokens.supervisor2 })).status, 404);
    const identity = await get(tokens.supervisor, `${path}/disclosure`);
    assert.equal(identity.sub, "cadre-7");
    assert.equal(identity.unitId, "village-3");
    assert.equal(identity.contact, "村委办公室");
    assert.equal((await call("GET", `${path}/disclosure`, { token: tokens.supervisor })).status, 409);

    const trail = (await get(tokens.supervisor, path)).audit.map((entry: { action: string }) => entry.action);
    assert.ok(
      trail.some((action: string) => /disclosure.*request/.test(action)),
      trail.join(),
    );
    assert.ok(
      trail.some((action: string) => /disclosure.*grant/.test(action)),
      trail.join(),
    );
    assert.ok(
      trail.some((action: string) => /disclosure.*shown/.test(action)),
      trail.join(),
    );
    assert.doesNotMatch(JSON.stringify(trail), /cadre-7/);
  });

  describe("the registers and the sweep", () => {
    let secondmentId: string;
    let lendingId: string;
    let plaqueId: string;
    let lateComplaintId: string;

    it("takes what was registered weeks ago: a secondment, a lending, plaques and a complaint nobody triaged", async () => {
      const then = daysAgo(45);
      await setClock(then);
      const types = await get(tokens.village1, "/v1/plaque-types");
      assert.ok(types.items.length >= 1);
      const admitted = await post(
        tokens.village1,
        "/v1/plaques",
        { title: types.items[0].name, issuingUnitId: "dept-education", typeId: types.items[0].id },
        201,
      );
      assert.equal(admitted.status, "admitted");
      const unadmitted = await post(
        tokens.village1,
        "/v1/plaques",
        { title: "创建示范村", issuingUnitId: "dept-education" },
        201,
      );
      assert.equal(unadmitted.status, "to_remove");
      assert.equal(unadmitted.removeBy, dayOf(new Date(then.getTime() + 30 * DAY_MS)));
      plaqueId = unadmitted.id;
      count(dayOf(then), "plaques.registered", 2);
      count(dayOf(then), "plaques.admitted");
      count(dayOf(then), "plaques.pending");

      const lending = await post(
        tokens.village2,
        "/v1/secondments",
        {
          personRef: "借调-2026-021",
          toUnitId: "dept-health",
          startDate: dayOf(then),
          returnBy: dayOf(daysAgo(-60)),
          purpose: "卫生专项",
        },
        201,
      );
      lendingId = lending.id;
      count(dayOf(then), "secondments.registered");
      count(dayOf(then), "secondments.lent");

      const late = await call("POST", "/v1/complaints", {
        body: { subject: "检查过多", text: "本月已迎检五次。", category: "inspection" },
      });
      expectOk(late, 201);
      lateComplaintId = late.body.id;
      count(dayOf(then), "complaints.received");
      await call("DELETE", "/dev/clock");

      const refused = await call("POST", "/v1/secondments", {
        token: tokens.education,
        body: {
          personRef: "11010119900307777X",
          fromUnitId: "village-1",
          startDate: dayOf(daysAgo(60)),
          returnBy: dayOf(daysAgo(14)),
          purpose: "x",
        },
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.details[0].path, "personRef");

      const borrowed = await post(
        tokens.education,
        "/v1/secondments",
        {
          personRef: "借调-2026-017",
          fromUnitId: "village-1",
          startDate: dayOf(daysAgo(60)),
          returnBy: dayOf(daysAgo(14)),
          purpose: "学校安全专项",
        },
        201,
      );
      secondmentId = borrowed.id;
      count(dayOf(daysAgo(60)), "secondments.registered");
      count(dayOf(daysAgo(60)), "secondments.lent");
      const confirmed = await post(tokens.village1, `/v1/secondments/${secondmentId}/confirm`, {}, 200);
      assert.equal(confirmed.status, "active");
      const scoped = await get(tokens.health, "/v1/secondments");
      assert.deepEqual(
        scoped.items.map((item: { id: string }) => item.id),
        [lendingId],
      );
    });

    it("sweeps last week: the secondment is overdue, the lending unconfirmed, the plaque still up, the complaint late", async () => {
      const mark = await mailboxMark(api);
      const started = await post(tokens.supervisor, "/v1/sweeps", {}, 202);
      const done = await waitFor(async () => {
        const reply = await call("GET", `/v1/sweeps/${started.id}`, { token: tokens.supervisor });
        return reply.body.status === "running" ? undefined : reply.body;
      }, "the sweep to finish");
      assert.equal(done.status, "completed", JSON.stringify(done));
      assert.equal(done.window, lastWeek.label);
      const ids = new Set<string>();
      for (const token of [tokens.education, tokens.health, tokens.supervisor]) {
        const page: Reply = await call("GET", "/v1/violations?limit=100", { token });
        for (const item of page.body.items) ids.add(item.id);
      }
      const expected = [
        `SECONDMENT_OVERDUE:${secondmentId}`,
        `SECONDMENT_UNCONFIRMED:${lendingId}`,
        `UNADMITTED_PLAQUE:${plaqueId}`,
        `COMPLAINT_OVERDUE:${lateComplaintId}:triage`,
        `COMPLAINT_OVERDUE:${lateComplaintId}:close`,
      ];
      for (const id of expected) assert.ok(ids.has(id), `${id} in ${[...ids].join(", ")}`);
      const today = dayOf(new Date());
      count(today, "violations.rule.SECONDMENT_OVERDUE");
      count(today, "violations.rule.SECONDMENT_UNCONFIRMED");
      count(today, "violations.rule.UNADMITTED_PLAQUE");
      count(today, "violations.rule.COMPLAINT_OVERDUE", 2);

      const health = await get(
        tokens.health,
        `/v1/violations/${encodeURIComponent(`SECONDMENT_UNCONFIRMED:${lendingId}`)}`,
      );
      assert.equal(health.unitId, "dept-health");
      const emails = (await listEmails(api.stack.sesUrl)).slice(mark);
      const education = emails.find((email) => email.destination.to.some((to) => to.startsWith("education")));
      assert.ok(education, emails.map((email) => email.destination.to.join()).join("; "));
      assert.match(education.body.text ?? "", /借调人员逾期未归/);
      assert.match(education.body.text ?? "", /未准入挂牌未摘除/);
      const summary = emails.find((email) => /全市汇总/.test(email.subject));
      assert.match(summary?.body.text ?? "", /投诉办理超期/);
    });

    it("then the person comes back and the plaque comes down", async () => {
      const today = dayOf(new Date());
      const declared = await post(
        tokens.education,
        `/v1/secondments/${secondmentId}/return`,
        { returnedOn: today },
        200,
      );
      assert.equal(declared.status, "return_declared");
      const returned = await post(tokens.village1, `/v1/secondments/${secondmentId}/return/confirm`, {}, 200);
      assert.equal(returned.status, "returned");
      count(dayOf(daysAgo(60)), "secondments.returned");
      const removed = await post(
        tokens.village1,
        `/v1/plaques/${plaqueId}/removal`,
        { removedOn: today },
        200,
      );
      assert.equal(removed.status, "removed");
      count(dayOf(daysAgo(45)), "plaques.pending", -1);
      count(dayOf(daysAgo(45)), "plaques.removed");
      const pending = await get(tokens.village1, "/v1/plaques?status=to_remove");
      assert.deepEqual(pending.items, []);
    });
  });

  it("counts exactly what happened in the year's statistics, in JSON and in CSV", async () => {
    for (const [year, before] of baseline) {
      const after = await statsOf(year);
      for (const figure of watched) {
        const was = before.city.figures[figure]?.value ?? 0;
        assert.equal(
          after.city.figures[figure]?.value ?? 0,
          was + (moved.get(year)?.get(figure) ?? 0),
          `${year} ${figure}`,
        );
      }
    }
    const year = yearOf(dayOf(new Date()));
    // Read as bytes: decoding text would drop the byte-order mark this checks.
    const csv = await fetch(`${api.stack.apiUrl}/v1/stats?year=${year}`, {
      headers: { authorization: `Bearer ${tokens.supervisor}`, accept: "text/csv" },
    });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with a byte-order mark");
    const text = bytes.subarray(3).toString("utf8");
    const parsed = parseCsv(text);
    assert.deepEqual(parsed.errors, []);
    const [header, ...rows] = parsed.rows.map((row) => row.fields);
    const columns = header ?? [];
    const json = await statsOf(year);
    assert.equal(rows.length, json.units.length + 1);
    const cells = rows.find((row) => row[0] === "dept-education");
    assert.ok(cells);
    assert.equal(cells[columns.indexOf("name")], "Education Bureau (教育局)");
    const unit = json.units.find((entry) => entry.unitId === "dept-education");
    for (const figure of ["complaints.received", "plaques.demanded", "violations.rule.SUPERVISION_FINDING"]) {
      assert.equal(cells[columns.indexOf(figure)], String(unit?.figures[figure]?.value ?? ""), figure);
    }
  });

  it("throttles the public routes as API Gateway would, with Retry-After", async () => {
    const replies = await Promise.all(
      Array.from({ length: 15 }, () =>
        call("GET", "/v1/complaints/receipt", { headers: { "x-receipt": "00000-00000-00000-00000-00000" } }),
      ),
    );
    const throttled = replies.filter((reply) => reply.status === 429);
    assert.ok(throttled.length > 0, replies.map((reply) => reply.status).join());
    assert.deepEqual(throttled[0]?.body, { message: "Too Many Requests" });
    assert.match(throttled[0]?.headers.get("retry-after") ?? "", /^\d+$/);
    assert.ok(replies.every((reply) => [404, 429].includes(reply.status)));
  });
});
