import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { Locale } from "../../shared/platform/email-text.ts";
import { renderSummary, type SummaryInput } from "../../shared/sweeps/summary.ts";
import type { ViolationRecord } from "../../shared/violations/schemas.ts";
import { violationRecord } from "../fakes/records.ts";

const timeZone = "Asia/Shanghai";
/** Monday 30 November 2026, 09:00 in Shanghai: the morning after week 48. */
const now = new Date("2026-11-30T01:00:00.000Z");
const unitNames = new Map([
  ["dept-education", "市教育局"],
  ["dept-health", "市卫生健康委员会"],
  ["township-east", "东城镇"],
  ["village-lotus", "荷花村"],
]);

let sequence = 0;
const violation = (overrides: Partial<ViolationRecord>): ViolationRecord => {
  sequence += 1;
  return violationRecord({ id: `v${sequence}`, dueAt: "2026-12-14T00:00:00.000Z", ...overrides });
};

const opened = [
  violation({ unitId: "dept-education", rule: "MEETING_STANDARD_RAISED", summary: "全市安全生产工作会议" }),
  violation({
    unitId: "dept-education",
    rule: "REPEATED_INSPECTION",
    summary: "学校安全检查",
    detail: { targetUnitId: "village-lotus", visits: 3, limit: 2 },
  }),
  violation({ unitId: "dept-health", rule: "UNAPPROVED_MEETING", summary: "医保工作会" }),
  violation({ unitId: "dept-health", rule: "UNAPPROVED_MEETING", summary: "疫苗接种调度会" }),
  violation({ unitId: "township-east", rule: "UNAPPROVED_DOCUMENT", summary: "关于报送材料的通知" }),
];
const lastWeek = { window: "2026-W47", occurredOn: "2026-11-18" };
const openedBefore = [
  violation({ ...lastWeek, unitId: "dept-education", rule: "UNAPPROVED_MEETING", summary: "教育工作会" }),
  violation({ ...lastWeek, unitId: "dept-health", rule: "UNAPPROVED_MEETING", summary: "卫生工作会" }),
  violation({ ...lastWeek, unitId: "dept-health", rule: "OVERDUE_APPROVAL", summary: "冬季防疫检查" }),
];
const unresolved = [
  ...opened,
  violation({
    unitId: "dept-education",
    rule: "UNAPPROVED_MEETING",
    window: "2026-W45",
    occurredOn: "2026-11-03",
    summary: "<script>alert(1)</script> 见 www.evil.example",
    dueAt: "2026-11-27T16:00:00.000Z",
  }),
  violation({
    unitId: "dept-health",
    rule: "MEETING_QUOTA_EXCEEDED",
    window: "2026-W46",
    occurredOn: "2026-11-12",
    summary: "卫生健康工作推进会",
    // 01:00 on 30 November in Shanghai, still 29 November in UTC.
    dueAt: "2026-11-29T17:00:00.000Z",
    detail: { year: 2026, reported: 12, quota: 10 },
  }),
  openedBefore[2] ?? assert.fail("fixture"),
];

const input = (overrides: Partial<SummaryInput> = {}): SummaryInput => ({
  recipient: { name: "市减负督查办公室", emails: ["office@city.gov"] },
  window: "2026-W48",
  previousWindow: "2026-W47",
  now,
  timeZone,
  locale: "zh-CN",
  opened,
  openedBefore,
  unresolved,
  unitNames,
  unreachable: ["village-lotus", "township-east"],
  ...overrides,
});

const locales: Locale[] = ["zh-CN", "en"];

/** The text part's lines from a heading up to the next blank line after its table. */
const tableAfter = (text: string, heading: string): string[] => {
  const start = text.indexOf(`${heading}\n\n`);
  assert.ok(start >= 0, `no heading ${heading}`);
  return (
    text
      .slice(start + heading.length + 2)
      .split("\n\n")[0]
      ?.split("\n") ?? []
  );
};

const visible = (email: { text: string; html: string }): string =>
  `${email.text}\n${email.html.replace(/<[^>]*>/g, " ")}`;

describe("the city-wide summary", () => {
  it.each(locales)("reads as the reviewed %s snapshot, in its text and its HTML", async (locale) => {
    const email = renderSummary(input({ locale }));
    await expect(`Subject: ${email.subject}\n\n${email.text}\n`).toMatchFileSnapshot(
      `./__snapshots__/summary.${locale}.txt`,
    );
    await expect(email.html).toMatchFileSnapshot(`./__snapshots__/summary.${locale}.html`);
  });

  it("goes to the office, with the week's counts against the week before in the subject", () => {
    const email = renderSummary(input());
    assert.deepEqual(email.to, ["office@city.gov"]);
    assert.equal(
      email.subject,
      "【减负督查】2026年第48周全市汇总：新发现 5 项（上周 3 项），逾期 2 项，未整改 8 项",
    );
    assert.equal(
      renderSummary(input({ locale: "en" })).subject,
      "[burden-watch] City summary for week 48 of 2026: 5 new (3 the week before), 2 overdue, 8 unresolved",
    );
  });

  it("counts by rule, in the rules' order, with the change against last week and a total", () => {
    assert.deepEqual(tableAfter(renderSummary(input()).text, "一、按问题类型统计"), [
      "问题类型 | 本周新发现 | 上周 | 变化 | 未整改",
      "未经审批召开会议 | 2 | 2 | 0 | 3",
      "擅自提高会议规格 | 1 | 0 | +1 | 1",
      "会议超出年度计划 | 0 | 0 | 0 | 1",
      "未经审批印发文件 | 1 | 0 | +1 | 1",
      "重复督查检查 | 1 | 0 | +1 | 1",
      "审批超期 | 0 | 1 | -1 | 1",
      "合计 | 5 | 3 | +2 | 8",
    ]);
  });

  it("counts by unit, named, the most overdue and unresolved first", () => {
    assert.deepEqual(tableAfter(renderSummary(input()).text, "二、按单位统计"), [
      "单位 | 本周新发现 | 未整改 | 其中逾期",
      "市卫生健康委员会 | 2 | 4 | 1",
      "市教育局 | 2 | 3 | 1",
      "东城镇 | 1 | 1 | 0",
      "合计 | 5 | 8 | 2",
    ]);
  });

  it("escalates the overdue ones with their due day in Shanghai and the days since", () => {
    const { text } = renderSummary(input());
    const lines = text.slice(text.indexOf("三、逾期未整改，升级督办（2 项）")).split("\n");
    assert.deepEqual(lines.slice(2, 14), [
      "- 市教育局",
      "  问题：未经审批召开会议",
      "  涉及：<script>alert(1)</script> 见 www\u200a.evil\u200a.example",
      "  整改期限：2026年11月28日",
      "  逾期天数：3 天",
      "",
      "- 市卫生健康委员会",
      "  问题：会议超出年度计划",
      "  涉及：卫生健康工作推进会",
      "  整改期限：2026年11月30日",
      "  逾期天数：1 天",
      "",
    ]);
    const en = renderSummary(input({ locale: "en" })).text;
    assert.match(
      en,
      /- 市卫生健康委员会\n {2}Finding: Meeting quota exceeded\n.*\n {2}Due: 30 Nov 2026\n {2}Overdue by: 1 day/,
    );
  });

  it("names the units no digest could reach", () => {
    const { text } = renderSummary(input());
    assert.match(text, /四、未登记收件邮箱的单位\n\n.*请督促其补充：\n\n- 东城镇\n- 荷花村\n/);
    assert.match(renderSummary(input({ unreachable: [] })).text, /四、未登记收件邮箱的单位\n\n无。/);
  });

  it("says so when there is nothing to count, and names a unit by its id when its name is unknown", () => {
    const quiet = renderSummary(input({ opened: [], openedBefore: [], unresolved: [], unreachable: [] }));
    assert.match(
      quiet.text,
      /一、按问题类型统计\n\n无。\n\n二、按单位统计\n\n无。\n\n三、逾期未整改，升级督办（0 项）\n\n无。/,
    );
    assert.match(quiet.html, /<h3>三、逾期未整改，升级督办（0 项）<\/h3>/);
    const unnamed = renderSummary(input({ unitNames: new Map(), unreachable: ["village-lotus"] }));
    assert.match(unnamed.text, /^dept-health \| 2 \| 4 \| 1$/m);
    assert.match(unnamed.text, /^- village-lotus$/m);
  });

  it("escapes what was typed in the HTML part and leaves no link in either part", () => {
    const name = "Dept at evil.com";
    const email = renderSummary(input({ unitNames: new Map([["dept-education", name]]) }));
    assert.ok(!email.html.includes("<script>"));
    assert.match(
      email.html,
      /<td>&#60;script&#62;alert\(1\)&#60;\/script&#62; 见 www\u200a\.evil\u200a\.example<\/td>/,
    );
    assert.match(email.html, /<h3 style="color:#b00020">三、逾期未整改/);
    const linkify: unknown = Reflect.construct(createRequire(import.meta.url)("linkify-it"), []);
    const htmlText = email.html
      .replace(/<[^>]*>/g, " ")
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    for (const text of [email.text, htmlText]) {
      assert.ok(
        typeof linkify === "object" &&
          linkify !== null &&
          "match" in linkify &&
          typeof linkify.match === "function",
      );
      assert.equal(linkify.match(text), null);
      assert.ok(text.replaceAll("\u200a", "").includes(name));
    }
  });

  it("puts no rule code and no English of the en texts into the zh-CN summary", () => {
    const typed = { unresolved: unresolved.filter((v) => !v.summary.includes("script")) };
    const zh = visible(renderSummary(input(typed)));
    assert.doesNotMatch(zh, /[A-Z]{3,}_[A-Z_]+/);
    const english = new Set(visible(renderSummary(input({ ...typed, locale: "en" }))).match(/[A-Za-z]{2,}/g));
    assert.deepEqual(
      [...new Set(zh.match(/[A-Za-z]{2,}/g))].filter((word) => english.has(word)),
      [],
    );
  });
});
