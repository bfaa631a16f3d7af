import assert from "node:assert/strict";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Api, type Reply, startApi } from "./client.ts";

/**
 * Plans and units from CSV files, over HTTP against the local stack: Chinese names survive the
 * round trip, imports are all or nothing, and a published plan is frozen.
 */
const BOM = "\uFEFF";
/** A year the demo city seeds no plan for (it publishes this year's). */
const YEAR = 2030;
const crlf = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;
const lf = (...lines: string[]) => `${lines.join("\n")}\n`;

describe("plans and units from CSV", () => {
  let api: Api;
  let dynamodb: DynamoDBClient;
  const tokens = {} as Record<"admin" | "approver" | "education" | "village", string>;

  const countItems = async () => {
    const result = await dynamodb.send(new ScanCommand({ TableName: api.stack.tableName, Select: "COUNT" }));
    return result.Count ?? 0;
  };

  const sendCsv = (path: string, token: string, text: string, headers: Record<string, string> = {}) =>
    api.call("POST", path, { token, raw: text, headers: { "content-type": "text/csv", ...headers } });

  /** The answer's error code and the lines its details name, for one-line assertions. */
  const refusal = (reply: Reply) => ({
    status: reply.status,
    code: reply.body?.error?.code,
    paths: (reply.body?.error?.details ?? []).map((detail: { path: string }) => detail.path),
  });

  beforeAll(async () => {
    api = await startApi();
    dynamodb = new DynamoDBClient({
      endpoint: api.stack.dynamodbEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    tokens.admin = await api.token("admin", "city-office", "admin-1");
    tokens.approver = await api.token("approver", "city-office", "approver-1");
    tokens.education = await api.token("department", "dept-education", "clerk-edu");
    tokens.village = await api.token("grassroots", "village-1", "cadre-1");
  });

  afterAll(async () => {
    dynamodb?.destroy();
    await api?.stack.stop();
  });

  it("imports units with Chinese names, parents resolved within the file, then updates by id", async () => {
    const first = await sendCsv(
      "/v1/units/import",
      tokens.admin,
      BOM +
        crlf(
          "id,name,kind,parentId,emails",
          // The villages come before their township: parents are resolved within the file.
          'csv-village-1,"柳树村, 第一组",village,csv-township,liushu@demo.city.gov.cn;head@liushu.cn',
          "csv-village-2,桃花村,village,csv-township,",
          "csv-village-3,杏花村,village,csv-township,",
          "csv-township,西城镇,township,city-office,xicheng@demo.city.gov.cn",
        ),
    );
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.created, 4);
    assert.equal(first.body.updated, 0);
    assert.equal(first.body.unchanged, 0);
    assert.deepEqual([...first.body.createdIds].sort(), [
      "csv-township",
      "csv-village-1",
      "csv-village-2",
      "csv-village-3",
    ]);

    const village = await api.call("GET", "/v1/units/csv-village-1", { token: tokens.village });
    assert.equal(village.status, 200);
    assert.equal(village.body.name, "柳树村, 第一组");
    assert.equal(village.body.parentId, "csv-township");
    assert.deepEqual(village.body.emails, ["liushu@demo.city.gov.cn", "head@liushu.cn"]);
    const township = await api.call("GET", "/v1/units/csv-township", { token: tokens.education });
    assert.equal(township.body.name, "西城镇");
    assert.equal(township.body.kind, "township");

    const second = await sendCsv(
      "/v1/units/import",
      tokens.admin,
      lf(
        "ID,Name,Kind,ParentId,Emails",
        "csv-township,西城镇,township,city-office,xicheng@demo.city.gov.cn",
        "csv-village-2,桃花村（新）,village,csv-township,",
        "csv-village-3,杏花村,village,csv-township,",
        "csv-village-4,梨花村,village,csv-township,",
      ),
    );
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.deepEqual(
      {
        created: second.body.created,
        updated: second.body.updated,
        unchanged: second.body.unchanged,
        createdIds: second.body.createdIds,
        updatedIds: second.body.updatedIds,
      },
      {
        created: 1,
        updated: 1,
        unchanged: 2,
        createdIds: ["csv-village-4"],
        updatedIds: ["csv-village-2"],
      },
    );
    const updated = await api.call("GET", "/v1/units/csv-village-2", { token: tokens.admin });
    assert.equal(updated.body.name, "桃花村（新）");
    assert.equal(updated.body.version, 2);
    const unchanged = await api.call("GET", "/v1/units/csv-village-3", { token: tokens.admin });
    assert.equal(unchanged.body.version, 1);
  });

  it("refuses a units file with bad lines, naming each line, and writes nothing", async () => {
    const before = await countItems();
    const reply = await sendCsv(
      "/v1/units/import",
      tokens.admin,
      crlf(
        "id,name,kind,parentId,emails",
        "bad-village-1,好村,village,csv-township,", // line 2: fine
        "bad-village-2,无名村,village,township-nowhere,", // line 3: unknown parent
        "bad-office-a,甲办,office,bad-office-b,", // line 4: a cycle with line 5
        "bad-office-b,乙办,office,bad-office-a,", // line 5
        "bad-village-3,错村,hamlet,csv-township,", // line 6: bad kind
      ),
    );
    const refused = refusal(reply);
    assert.equal(refused.status, 422, JSON.stringify(reply.body));
    assert.equal(refused.code, "INVALID_CSV");
    assert.ok(!refused.paths.includes("line 2"), JSON.stringify(reply.body));
    for (const line of ["line 3", "line 6"])
      assert.ok(refused.paths.includes(line), JSON.stringify(reply.body));
    assert.ok(
      refused.paths.includes("line 4") || refused.paths.includes("line 5"),
      `the cycle is named: ${JSON.stringify(reply.body)}`,
    );
    assert.equal(new Set(refused.paths).size, refused.paths.length, "one detail per bad line");
    for (const detail of reply.body.error.details) assert.ok(detail.message.startsWith(`${detail.path}: `));
    assert.match(JSON.stringify(reply.body.error.details), /township-nowhere/);
    assert.equal(await countItems(), before);
    const notCreated = await api.call("GET", "/v1/units/bad-village-1", { token: tokens.admin });
    assert.equal(notCreated.status, 404);
  });

  it("imports a meetings and an inspections plan with Chinese titles, and reads them as JSON and CSV", async () => {
    const meetings = await sendCsv(
      `/v1/plans/${YEAR}/meetings/import`,
      tokens.approver,
      BOM +
        crlf(
          "record,unitId,limit,id,title,convenerUnitId,month,attendeeLevel",
          "quota,dept-education,6,,,,,",
          "quota,dept-health,4,,,,,",
          'item,,,edu-2026-01,"全市教育工作会议, 第一次",dept-education,3,principal',
          'item,,,health-2026-01,"流感防控部署会 ""冬季""",dept-health,,',
        ),
    );
    assert.equal(meetings.status, 200, JSON.stringify(meetings.body));
    assert.equal(meetings.body.status, "draft");
    assert.deepEqual(
      meetings.body.quotas.map((quota: { unitId: string; limit: number }) => [quota.unitId, quota.limit]),
      [
        ["dept-education", 6],
        ["dept-health", 4],
      ],
    );

    const inspections = await sendCsv(
      `/v1/plans/${YEAR}/inspections/import`,
      tokens.approver,
      lf(
        "record,id,title,inspectionKind,leadUnitId,targetUnitIds,targetUnitKinds,from,to",
        `item,insp-2026-01,安全生产督查,supervision,supervision-office,csv-village-1;csv-village-2,,${YEAR}-04-01,${YEAR}-04-30`,
        `item,insp-2026-02,乡村振兴考核,assessment,dept-agriculture,,township;village,${YEAR}-10-01,${YEAR}-11-15`,
      ),
    );
    assert.equal(inspections.status, 200, JSON.stringify(inspections.body));

    const json = await api.call("GET", `/v1/plans/${YEAR}/meetings`, { token: tokens.education });
    assert.equal(json.status, 200);
    assert.match(json.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(json.body.year, YEAR);
    assert.equal(json.body.kind, "meetings");
    assert.deepEqual(
      json.body.items.map((item: { id: string; title: string }) => [item.id, item.title]),
      [
        ["edu-2026-01", "全市教育工作会议, 第一次"],
        ["health-2026-01", '流感防控部署会 "冬季"'],
      ],
    );
    assert.equal(json.body.items[0].month, 3);
    assert.equal(json.body.items[0].attendeeLevel, "principal");
    assert.equal(json.body.items[1].month, undefined);

    const inspectionPlan = await api.call("GET", `/v1/plans/${YEAR}/inspections`, { token: tokens.village });
    assert.equal(inspectionPlan.status, 200);
    assert.deepEqual(inspectionPlan.body.items[0].targetUnitIds, ["csv-village-1", "csv-village-2"]);
    assert.deepEqual(inspectionPlan.body.items[1].targetUnitKinds, ["township", "village"]);
    assert.equal(inspectionPlan.body.items[1].title, "乡村振兴考核");

    const csv = await fetch(`${api.stack.apiUrl}/v1/plans/${YEAR}/meetings`, {
      headers: { authorization: `Bearer ${tokens.education}`, accept: "text/csv" },
    });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with a byte-order mark");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    assert.ok(text.startsWith(BOM));
    const lines = text
      .slice(1)
      .split(/\r?\n/)
      .filter((line) => line !== "");
    assert.match(lines[0] ?? "", /^source,id,title,/);
    assert.equal(lines.length, 3, text);
    assert.ok(text.includes('"全市教育工作会议, 第一次"'), text);
    assert.ok(text.includes('"流感防控部署会 ""冬季"""'), text);

    const inspectionCsv = await api.call("GET", `/v1/plans/${YEAR}/inspections`, {
      token: tokens.approver,
      headers: { accept: "text/csv" },
    });
    assert.equal(inspectionCsv.status, 200);
    assert.ok(String(inspectionCsv.body).includes("csv-village-1;csv-village-2"), inspectionCsv.body);
    assert.ok(String(inspectionCsv.body).includes("安全生产督查"));
  });

  it("refuses a plan file with a bad line and writes nothing", async () => {
    const before = await countItems();
    const reply = await sendCsv(
      `/v1/plans/${YEAR}/documents/import`,
      tokens.approver,
      crlf(
        "record,unitId,limit,id,title,issuerUnitId,month",
        "quota,dept-education,3,,,,",
        "item,,,doc-2026-01,关于减轻基层负担的通知,dept-education,2",
        "item,,,doc-2026-02,年度考核办法,dept-nowhere,13",
      ),
    );
    assert.deepEqual(refusal(reply), { status: 422, code: "INVALID_CSV", paths: ["line 4"] });
    assert.equal(await countItems(), before);
    const missing = await api.call("GET", `/v1/plans/${YEAR}/documents`, { token: tokens.approver });
    assert.equal(missing.status, 404);
  });

  it("drafts and publishes a documents plan, after which it is frozen", async () => {
    const draft = {
      quotas: [{ unitId: "dept-education", limit: 3 }],
      items: [
        { id: "doc-2026-01", title: "关于减轻基层负担的通知", issuerUnitId: "dept-education", month: 2 },
      ],
    };
    const put = await api.call("PUT", `/v1/plans/${YEAR}/documents`, { token: tokens.approver, body: draft });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.status, "draft");
    assert.equal(put.body.version, 1);
    const replaced = await api.call("PUT", `/v1/plans/${YEAR}/documents`, {
      token: tokens.approver,
      body: {
        ...draft,
        items: [...draft.items, { id: "doc-2026-02", title: "年度考核办法", issuerUnitId: "dept-health" }],
      },
    });
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    assert.equal(replaced.body.version, 2);

    const published = await api.call("POST", `/v1/plans/${YEAR}/documents/publish`, {
      token: tokens.approver,
    });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.status, "published");
    assert.equal(typeof published.body.publishedAt, "string");

    const before = await countItems();
    const putAfter = await api.call("PUT", `/v1/plans/${YEAR}/documents`, {
      token: tokens.approver,
      body: draft,
    });
    assert.equal(putAfter.status, 409, JSON.stringify(putAfter.body));
    assert.equal(putAfter.body.error.code, "PLAN_PUBLISHED");
    const importAfter = await sendCsv(
      `/v1/plans/${YEAR}/documents/import`,
      tokens.approver,
      crlf("record,id,title,issuerUnitId", "item,doc-2026-03,新增文件,dept-education"),
    );
    assert.equal(importAfter.status, 409, JSON.stringify(importAfter.body));
    assert.equal(importAfter.body.error.code, "PLAN_PUBLISHED");
    const publishAgain = await api.call("POST", `/v1/plans/${YEAR}/documents/publish`, {
      token: tokens.approver,
    });
    assert.equal(publishAgain.status, 409);
    assert.equal(publishAgain.body.error.code, "PLAN_PUBLISHED");
    assert.equal(await countItems(), before);

    const read = await api.call("GET", `/v1/plans/${YEAR}/documents`, { token: tokens.education });
    assert.equal(read.body.status, "published");
    assert.equal(read.body.items.length, 2);
  });

  it("lets a department read a plan but not write one, and says when a plan is missing", async () => {
    const read = await api.call("GET", `/v1/plans/${YEAR}/meetings`, { token: tokens.education });
    assert.equal(read.status, 200);
    const before = await countItems();
    const put = await api.call("PUT", `/v1/plans/${YEAR}/meetings`, {
      token: tokens.education,
      body: { quotas: [], items: [] },
    });
    assert.equal(put.status, 403);
    const imported = await sendCsv(
      `/v1/plans/${YEAR}/meetings/import`,
      tokens.education,
      crlf("record,unitId,limit", "quota,dept-education,99"),
    );
    assert.equal(imported.status, 403);
    const publish = await api.call("POST", `/v1/plans/${YEAR}/meetings/publish`, { token: tokens.education });
    assert.equal(publish.status, 403);
    assert.equal(await countItems(), before);

    for (const path of ["/v1/plans/2098/meetings", "/v1/plans/1999/meetings", `/v1/plans/${YEAR}/parties`]) {
      const missing = await api.call("GET", path, { token: tokens.education });
      assert.equal(missing.status, 404, path);
      assert.equal(missing.body.error.code, "NOT_FOUND", path);
    }
    const publishMissing = await api.call("POST", "/v1/plans/2098/meetings/publish", {
      token: tokens.approver,
    });
    assert.equal(publishMissing.status, 404);
  });

  it("never stores a cycle, however an import and a move that would close one race", async () => {
    let conflicts = 0;
    for (let round = 0; round < 12; round++) {
      const [a, b] = [`race-a${round}`, `race-b${round}`];
      const created = await sendCsv(
        "/v1/units/import",
        tokens.admin,
        crlf("id,name,kind", `${a},甲${round},office`, `${b},乙${round},office`),
      );
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const [imported, moved] = await Promise.all([
        sendCsv(
          "/v1/units/import",
          tokens.admin,
          crlf("id,name,kind,parentId", `${a},甲${round},office,${b}`),
        ),
        api.call("PUT", `/v1/units/${b}`, {
          token: tokens.admin,
          body: { name: `乙${round}`, kind: "office", parentId: a, emails: [] },
        }),
      ]);
      for (const reply of [imported, moved]) {
        assert.ok([200, 409, 422].includes(reply.status), `round ${round}: ${JSON.stringify(reply.body)}`);
      }
      if (imported.status !== 200 || moved.status !== 200) conflicts += 1;
      const [readA, readB] = await Promise.all(
        [a, b].map((id) => api.call("GET", `/v1/units/${id}`, { token: tokens.admin })),
      );
      assert.ok(
        readA?.body.parentId === undefined || readB?.body.parentId === undefined,
        `round ${round}: a cycle was stored (import ${imported.status}, move ${moved.status})`,
      );
    }
    assert.equal(conflicts, 12, "in every round one of the two is refused");
  });

  it("imports hundreds of villages in several transactions, each checking the units above", async () => {
    const villages = Array.from(
      { length: 260 },
      (_, index) => `big-village-${index},第${index}村,village,big-township,`,
    );
    const reply = await sendCsv(
      "/v1/units/import",
      tokens.admin,
      crlf("id,name,kind,parentId,emails", ...villages, "big-township,大镇,township,city-office,"),
    );
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.created, 261);
    assert.equal(reply.body.createdIds[0], "big-township", "parents first");
    const last = await api.call("GET", "/v1/units/big-village-259", { token: tokens.admin });
    assert.equal(last.body.parentId, "big-township");
    assert.equal(last.body.name, "第259村");
  });

  it("takes plan and units files only as text/csv", async () => {
    const before = await countItems();
    const asJson = await api.call("POST", `/v1/plans/${YEAR}/meetings/import`, {
      token: tokens.approver,
      body: { quotas: [], items: [] },
    });
    assert.equal(asJson.status, 415, JSON.stringify(asJson.body));
    const units = await api.call("POST", "/v1/units/import", { token: tokens.admin, body: [] });
    assert.equal(units.status, 415);
    assert.equal(await countItems(), before);
  });
});
