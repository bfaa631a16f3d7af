import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { type Locale, unlinkable } from "../../shared/platform/email-text.ts";
import { type DigestInput, renderDigest } from "../../shared/sweeps/digest.ts";
import { explainViolation, ruleName } from "../../shared/violations/rule-texts.ts";
import { type ViolationRecord, violationRules } from "../../shared/violations/schemas.ts";
import { violationRecord } from "../fakes/records.ts";

const timeZone = "Asia/Shanghai";
/** Monday 30 November 2026, 09:00 in Shanghai: the morning after week 48. */
const now = new Date("2026-11-30T01:00:00.000Z");
const unitNames = new Map([
  ["dept-education", "市教育局"],
  ["village-lotus", "荷花村"],
]);

const violation = (overrides: Partial<ViolationRecord>): ViolationRecord =>
  violationRecord({ unitId: "dept-education", dueAt: "2026-12-14T00:00:00.000Z", ...overrides });

/** One violation for each section, two overdue, and titles that must come out as typed text. */
const violations = [
  violation({
    id: "v-new-raised",
    rule: "MEETING_STANDARD_RAISED",
    occurredOn: "2026-11-24",
    summary: "全市安全生产工作会议",
    detail: { approvedLevel: "deputy", heldLevel: "principal", approvedMinutes: 60, heldMinutes: 120 },
  }),
  violation({
    id: "v-earlier-approval",
    rule: "OVERDUE_APPROVAL",
    occurredOn: "2026-11-20",
    window: "2026-W47",
    summary: "冬季防火检查",
    detail: { requestId: "R0042", decideBy: "2026-11-19T17:00:00.000Z" },
  }),
  violation({
    id: "v-overdue-quota",
    rule: "MEETING_QUOTA_EXCEEDED",
    occurredOn: "2026-11-12",
    window: "2026-W46",
    summary: "教育工作推进会",
    // 01:00 on 30 November in Shanghai, still 29 November in UTC.
    dueAt: "2026-11-29T17:00:00.000Z",
    detail: { year: 2026, reported: 12, quota: 10 },
  }),
  violation({
    id: "v-new-repeated",
    rule: "REPEATED_INSPECTION",
    occurredOn: "2026-11-26",
    summary: "<script>alert(1)</script>",
    detail: { targetUnitId: "village-lotus", month: "2026-11", visits: 3, limit: 2 },
  }),
  violation({
    id: "v-due-soon",
    rule: "LAYERED_MEETING",
    occurredOn: "2026-11-10",
    window: "2026-W46",
    summary: "秋季招生工作会议",
    dueAt: "2026-12-02T04:00:00.000Z",
    status: "responded",
  }),
  violation({
    id: "v-overdue-unapproved",
    rule: "UNAPPROVED_MEETING",
    occurredOn: "2026-11-03",
    window: "2026-W45",
    summary: "校园安全专题会",
    dueAt: "2026-11-27T16:00:00.000Z",
    status: "responded",
  }),
  violation({
    id: "v-new-offplan",
    rule: "OFF_PLAN_INSPECTION",
    occurredOn: "2026-11-25",
    summary: "报名见 www.evil.example 或 http://evil.example/x",
    detail: { targetUnitId: "village-lotus" },
  }),
  violation({
    id: "v-finding-after",
    rule: "SUPERVISION_FINDING",
    occurredOn: "2026-11-30",
    window: "2026-W49",
    summary: "村级报表重复填报",
    description: "要求各村每周重复填报同一报表。",
    sweepId: undefined,
  }),
];

const input = (overrides: Partial<DigestInput> = {}): DigestInput => ({
  unit: { name: "市教育局", emails: ["edu@city.gov", "head@city.gov"] },
  window: "2026-W48",
  now,
  timeZone,
  locale: "zh-CN",
  violations,
  unitNames,
  ...overrides,
});

const locales: Locale[] = ["zh-CN", "en"];

/** Each item's first line in the text part: "- " and its finding. */
const items = (text: string): string[] => text.split("\n").filter((line) => line.startsWith("- "));

describe("the weekly digest", () => {
  it.each(locales)("reads as the reviewed %s snapshot, in its text and its HTML", async (locale) => {
    const email = renderDigest(input({ locale }));
    await expect(`Subject: ${email.subject}\n\n${email.text}\n`).toMatchFileSnapshot(
      `./__snapshots__/digest.${locale}.txt`,
    );
    await expect(email.html).toMatchFileSnapshot(`./__snapshots__/digest.${locale}.html`);
  });

  it("goes to every address of the unit, with its counts in the subject", () => {
    const zh = renderDigest(input());
    assert.deepEqual(zh.to, ["edu@city.gov", "head@city.gov"]);
    assert.equal(zh.subject, "【减负督查】2026年第48周周报：新发现 4 项，逾期 2 项，共 8 项未整改");
    assert.equal(
      renderDigest(input({ locale: "en" })).subject,
      "[burden-watch] Digest for week 48 of 2026: 4 new, 2 overdue, 8 unresolved",
    );
  });

  it("lists overdue first, then new, due within three days and earlier weeks, each violation once", () => {
    const { text } = renderDigest(input());
    const headings = [
      "一、已逾期（2 项",
      "二、本周新发现（4 项）",
      "三、三日内到期（1 项）",
      "四、此前各周尚未整改（1 项）",
    ];
    const positions = headings.map((heading) => text.indexOf(heading));
    assert.ok(
      positions.every((position) => position > 0),
      JSON.stringify(positions),
    );
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
    );
    for (const title of violations.map((v) => unlinkable(v.summary))) {
      assert.equal(text.split(title).length - 1, 1, `once: ${title}`);
    }
    assert.deepEqual(items(text), [
      "- 【已逾期 3 天】未经审批召开会议",
      "- 【已逾期 1 天】会议超出年度计划",
      "- 擅自提高会议规格",
      "- 计划外督查检查",
      "- 重复督查检查",
      "- 督查发现问题",
      "- 层层开会",
      "- 审批超期",
    ]);
    const firstItem = text.indexOf("- ");
    assert.ok(text.slice(firstItem).startsWith("- 【已逾期"), "the first item is flagged overdue");
  });

  it("counts a finding recorded after the swept week as new, and one due in three days as due soon", () => {
    const { text } = renderDigest(
      input({
        violations: [
          violation({ id: "a", window: "2026-W49", summary: "甲" }),
          violation({ id: "b", window: "2026-W47", summary: "乙", dueAt: "2026-12-03T01:00:00.000Z" }),
          violation({ id: "c", window: "2026-W47", summary: "丙", dueAt: "2026-12-03T01:00:01.000Z" }),
        ],
      }),
    );
    assert.match(
      text,
      /一、本周新发现（1 项）\n\n- 未经审批召开会议\n {2}发生日期：2026年11月25日\n {2}涉及：甲/,
    );
    assert.match(text, /二、三日内到期（1 项）\n\n- 未经审批召开会议\n.*\n {2}涉及：乙/);
    assert.match(text, /三、此前各周尚未整改（1 项）\n\n- 未经审批召开会议\n.*\n {2}涉及：丙/);
  });

  it("leaves out violations already closed", () => {
    const { text, subject } = renderDigest(
      input({ violations: [violation({ status: "rectified", summary: "已整改的会议" })] }),
    );
    assert.ok(!text.includes("已整改的会议"));
    assert.match(subject, /共 0 项未整改$/);
    assert.match(text, /贵单位目前没有尚未整改的问题。/);
  });

  it("gives dates as local days in Shanghai, in each locale's form", () => {
    const zh = renderDigest(input()).text;
    // Due at 2026-11-29T17:00Z: 30 November in Shanghai.
    assert.match(zh, /- 【已逾期 1 天】会议超出年度计划\n(.*\n){4} {2}整改期限：2026年11月30日/);
    assert.match(zh, /申请 R0042 应于2026年11月20日前作出审批决定/);
    assert.match(zh, /2026年第48周（2026年11月23日至2026年11月29日）/);
    const en = renderDigest(input({ locale: "en" })).text;
    assert.match(en, /- \[OVERDUE 1 day\] Meeting quota exceeded\n(.*\n){4} {2}Due: 30 Nov 2026/);
    assert.match(en, /Request R0042 was to be decided by 20 Nov 2026/);
  });

  it("escapes what reporters typed in the HTML part, and keeps it as typed in the text part", () => {
    const email = renderDigest(input({ unit: { name: `O'Brien & <Sons>`, emails: ["x@y.gov"] } }));
    assert.ok(!email.html.includes("<script>"));
    assert.match(email.html, /<td>&#60;script&#62;alert\(1\)&#60;\/script&#62;<\/td>/);
    assert.match(email.html, /<p>O&#39;Brien &#38; &#60;Sons&#62;：<\/p>/);
    assert.match(email.text, /^O'Brien & <Sons>：/);
    assert.match(email.text, /涉及：<script>alert\(1\)<\/script>/);
  });

  it("leaves no link in what reporters and administrators typed, in the text and the HTML alike", () => {
    // The linkifier mailparser uses, and so the local SES emulator's mail view: an independent judge.
    const linkify: unknown = Reflect.construct(createRequire(import.meta.url)("linkify-it"), []);
    const links = (text: string): unknown =>
      typeof linkify === "object" &&
      linkify !== null &&
      "match" in linkify &&
      typeof linkify.match === "function"
        ? linkify.match(text)
        : assert.fail("linkify-it did not load");
    const typed = [
      "see http://evil.example/x or www.evil.example",
      "HTTPS://EVIL.COM/login?next=/",
      "visit evil.com or sub.evil.co.uk today",
      "write to boss@evil.com, mailto:x@evil.cn",
      "ftp://files.evil.org and //evil.net/x",
      "请访问evil.cn报名",
      "server 10.0.0.1:8080/admin",
    ];
    const name = "Dept of evil.com (admin@evil.com)";
    const description = "found at www.evil.example";
    const targetName = "Village at evil.org";
    for (const locale of locales) {
      const email = renderDigest(
        input({
          locale,
          unit: { name, emails: ["x@y.gov"] },
          unitNames: new Map([["village-x", targetName]]),
          violations: [
            ...typed.map((summary, index) => violation({ id: `v${index}`, summary })),
            violation({ id: "finding", rule: "SUPERVISION_FINDING", description }),
            violation({ id: "target", rule: "OFF_PLAN_INSPECTION", detail: { targetUnitId: "village-x" } }),
          ],
        }),
      );
      const htmlText = email.html
        .replace(/<[^>]*>/g, " ")
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
      for (const [part, text] of [
        ["text", email.text],
        ["html", htmlText],
      ] as const) {
        assert.equal(links(text), null, `${locale} ${part}: ${JSON.stringify(links(text))}`);
        // Still readable: only hair spaces were added.
        const plain = text.replaceAll("\u200a", "");
        for (const original of [...typed, name, description, targetName]) {
          assert.ok(plain.includes(original), `${locale} ${part}: ${original}`);
        }
      }
      assert.ok(!email.html.includes("<a"), "no anchor in the HTML");
    }
  });
});

/** Every rule with the figures its detail carries, and only Chinese in what users typed. */
const everyRule: ViolationRecord[] = [
  violation({ id: "r1", rule: "UNAPPROVED_MEETING", summary: "安全会" }),
  violation({
    id: "r2",
    rule: "MEETING_STANDARD_RAISED",
    summary: "推进会",
    detail: {
      approvedLevel: "staff",
      heldLevel: "deputy",
      approvedAttendees: 1,
      heldAttendees: 3,
      approvedMinutes: 60,
      heldMinutes: 150,
    },
  }),
  violation({ id: "r3", rule: "LAYERED_MEETING", summary: "传达会" }),
  violation({ id: "r4", rule: "ACCOMPANYING_ATTENDEES", summary: "陪会" }),
  violation({
    id: "r5",
    rule: "MEETING_QUOTA_EXCEEDED",
    summary: "调度会",
    detail: { year: 2026, reported: 12, quota: 10 },
  }),
  violation({ id: "r6", rule: "UNAPPROVED_DOCUMENT", summary: "通知" }),
  violation({
    id: "r7",
    rule: "DOCUMENT_QUOTA_EXCEEDED",
    summary: "意见",
    detail: { year: 2026, reported: 31, quota: 30 },
  }),
  violation({
    id: "r8",
    rule: "OFF_PLAN_INSPECTION",
    summary: "检查",
    detail: { targetUnitId: "village-lotus" },
  }),
  violation({
    id: "r9",
    rule: "REPEATED_INSPECTION",
    summary: "考核",
    detail: { targetUnitId: "village-lotus", month: "2026-11", visits: 4, limit: 2 },
  }),
  violation({
    id: "r10",
    rule: "OVERDUE_APPROVAL",
    summary: "申请",
    detail: { requestId: "R0042", decideBy: "2026-11-29T17:00:00.000Z" },
  }),
  violation({
    id: "r11",
    rule: "SECONDMENT_OVERDUE",
    summary: "借调-2026-003",
    detail: {
      secondmentId: "S1",
      personRef: "借调-2026-003",
      fromUnitId: "village-lotus",
      returnBy: "2026-11-20",
    },
  }),
  violation({
    id: "r12",
    rule: "SECONDMENT_UNCONFIRMED",
    summary: "借调-2026-004",
    detail: { secondmentId: "S2", personRef: "借调-2026-004", fromUnitId: "village-lotus" },
  }),
  violation({
    id: "r13",
    rule: "UNADMITTED_PLAQUE",
    summary: "示范村",
    detail: { plaqueId: "P1", villageUnitId: "village-lotus", removeBy: "2026-11-25" },
  }),
  violation({
    id: "r14",
    rule: "COMPLAINT_OVERDUE",
    summary: "2026-0001",
    detail: { complaintId: "C1", reference: "2026-0001", stage: "triage", dueAt: "2026-11-27T02:00:00.000Z" },
  }),
  violation({ id: "r15", rule: "SUPERVISION_FINDING", summary: "座谈", description: "基层反映报表过多。" }),
];

/** The visible words of an email: its text part, and its HTML part without tags. */
const visible = (email: { text: string; html: string }): string =>
  `${email.text}\n${email.html.replace(/<[^>]*>/g, " ")}`;

describe("the rules' texts", () => {
  it("cover every rule in both locales", () => {
    assert.deepEqual(
      everyRule.map((v) => v.rule),
      [...violationRules],
    );
    for (const locale of locales) {
      const names = violationRules.map((rule) => ruleName(rule, locale));
      assert.equal(new Set(names).size, violationRules.length, `${locale}: one name per rule`);
    }
  });

  it("put no rule code and no English of the en texts into a zh-CN email", () => {
    const zh = visible(renderDigest(input({ violations: everyRule })));
    assert.doesNotMatch(zh, /[A-Z]{3,}_[A-Z_]+/);
    const english = new Set(
      visible(renderDigest(input({ locale: "en", violations: everyRule }))).match(/[A-Za-z]{2,}/g),
    );
    const found = [...new Set(zh.match(/[A-Za-z]{2,}/g))].filter((word) => english.has(word));
    assert.deepEqual(found, []);
  });

  it("fill each explanation from the violation's figures", () => {
    const context = { locale: "zh-CN", timeZone, unitNames } as const;
    const [zh, en] = (["zh-CN", "en"] as const).map((locale) =>
      everyRule.map((v) => explainViolation(v, { ...context, locale })),
    );
    assert.deepEqual(zh, [
      "召开全市性会议前未获审批（列入年度计划不能代替审批）。",
      "会议规格高于批准：参会人员级别批准为工作人员，实际为分管负责同志；每单位参会人数批准 1 人，实际 3 人；会议时长批准 60 分钟，实际 150 分钟。",
      "会议要求下级逐级召开会议、层层传达。",
      "会议要求有关人员陪同参会。",
      "2026 年已召开全市性会议 12 次，超出年度计划的 10 次。",
      "印发文件前未获审批。",
      "2026 年已印发文件 31 件，超出年度计划的 30 件。",
      "对荷花村开展的督查检查考核不在年度计划内，也未经批准临时增补。",
      "2026年11月对荷花村开展督查检查 4 次，超出上限的 2 次。",
      "申请 R0042 应于2026年11月30日前作出审批决定，至今仍未决定。",
      "从荷花村借调的借调人员（登记编号 借调-2026-003）应于2026年11月20日前返回原岗位，至今未归还。",
      "荷花村登记的借调人员（登记编号 借调-2026-004），借用单位逾期未确认。",
      "要求荷花村悬挂的牌子不在准入目录内，应于2026年11月25日前摘除，至今仍未摘除。",
      "投诉 2026-0001 应于2026年11月27日前分办，至今仍未分办。",
      "基层反映报表过多。",
    ]);
    assert.deepEqual(en, [
      "A city-wide meeting was held without an approval decided before it (being on the plan does not replace approval).",
      "The meeting was held above its approved standard: attendee level approved staff, held deputy head in charge; attendees per unit approved 1, held 3; duration approved 60 minutes, held 150 minutes.",
      "The meeting was relayed down the hierarchy, each level holding its own.",
      "The meeting required attendees to be accompanied by others.",
      "12 city-wide meetings held in 2026, above the yearly plan of 10.",
      "A document was issued without prior approval.",
      "31 documents issued in 2026, above the yearly plan of 30.",
      "The inspection of 荷花村 matches no plan item and no approved temporary addition.",
      "荷花村 was inspected 4 times in Nov 2026, above the limit of 2.",
      "Request R0042 was to be decided by 30 Nov 2026 and is still pending.",
      "The seconded person 借调-2026-003 from 荷花村 was to be back by 20 Nov 2026 and has not returned.",
      "荷花村 registered a secondment (借调-2026-004) that the borrowing department has not confirmed in time.",
      "A plaque of no admitted type, demanded of 荷花村, was to be removed by 25 Nov 2026 and is still up.",
      "Complaint 2026-0001 was to be triaged by 27 Nov 2026 and still is not.",
      "基层反映报表过多。",
    ]);
  });

  it("name only the aspects a raised standard raised, and fall back to the rule's sentence without figures", () => {
    const context = { locale: "zh-CN", timeZone } as const;
    assert.equal(
      explainViolation(
        { rule: "MEETING_STANDARD_RAISED", detail: { approvedAttendees: 1, heldAttendees: 2 } },
        context,
      ),
      "会议规格高于批准：每单位参会人数批准 1 人，实际 2 人。",
    );
    // An unknown level is no figure: its code never reaches the reader.
    assert.equal(
      explainViolation(
        { rule: "MEETING_STANDARD_RAISED", detail: { approvedLevel: "x", heldLevel: "boss" } },
        context,
      ),
      "会议的参会人员级别、人数或时长高于批准的规格。",
    );
    assert.equal(
      explainViolation({ rule: "MEETING_QUOTA_EXCEEDED" }, context),
      "召开全市性会议的次数超出年度计划。",
    );
    assert.equal(explainViolation({ rule: "OVERDUE_APPROVAL" }, context), "申请超过审批期限仍未作出决定。");
    assert.equal(
      explainViolation({ rule: "SUPERVISION_FINDING" }, { ...context, locale: "en" }),
      "Found by a supervisor in a site inspection, a discussion or reviewed materials.",
    );
  });

  it("say what the registers' and complaints' rules found even without their figures", () => {
    const [zh, en] = (["zh-CN", "en"] as const).map((locale) =>
      (
        ["SECONDMENT_OVERDUE", "SECONDMENT_UNCONFIRMED", "UNADMITTED_PLAQUE", "COMPLAINT_OVERDUE"] as const
      ).map((rule) => explainViolation({ rule }, { locale, timeZone })),
    );
    assert.deepEqual(zh, [
      "借调人员已超过约定归还日期，至今未归还。",
      "基层单位登记的借调人员，借用单位逾期未确认。",
      "要求村级组织悬挂的牌子不在准入目录内，逾期仍未摘除。",
      "投诉超过办结期限。",
    ]);
    assert.deepEqual(en, [
      "A seconded person is past the agreed return date and has not returned.",
      "A grassroots unit registered a secondment that the borrowing department has not confirmed in time.",
      "A plaque of no admitted type, demanded of a village, is past its removal deadline and is still up.",
      "A complaint is past its deadline to be closed.",
    ]);
    assert.equal(
      explainViolation(
        {
          rule: "COMPLAINT_OVERDUE",
          detail: { reference: "2026-0002", stage: "close", dueAt: "2026-12-20T02:00:00.000Z" },
        },
        { locale: "en", timeZone },
      ),
      "Complaint 2026-0002 was to be closed by 20 Dec 2026 and still is not.",
    );
  });

  it("name an inspection's target by its id when no name is given", () => {
    const detail = { targetUnitId: "village-lotus", visits: 3, limit: 2 };
    assert.equal(
      explainViolation({ rule: "REPEATED_INSPECTION", detail }, { locale: "en", timeZone }),
      "village-lotus was inspected 3 times, above the limit of 2.",
    );
    assert.equal(
      explainViolation({ rule: "OFF_PLAN_INSPECTION", detail }, { locale: "zh-CN", timeZone }),
      "对village-lotus开展的督查检查考核不在年度计划内，也未经批准临时增补。",
    );
  });
});
