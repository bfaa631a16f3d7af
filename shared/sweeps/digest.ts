import type { OutgoingEmail } from "../platform/email.ts";
import { escapeHtml, type Locale, unlinkable } from "../platform/email-text.ts";
import type { Unit } from "../units/schemas.ts";
import {
  explainViolation,
  formatDay,
  formatInstantDay,
  ruleName,
  statusName,
  weekName,
  weekSpan,
} from "../violations/rule-texts.ts";
import { isOverdue, isUnresolved, type ViolationRecord } from "../violations/schemas.ts";

export type DigestInput = {
  unit: Pick<Unit, "name" | "emails">;
  /** The swept ISO week, e.g. 2026-W48. */
  window: string;
  now: Date;
  timeZone: string;
  locale: Locale;
  /** Every unresolved violation of the unit, whichever week opened it. */
  violations: ViolationRecord[];
  /** The names of units an explanation mentions (an inspection's target). */
  unitNames?: ReadonlyMap<string, string>;
};

const DAY_MS = 86_400_000;
const DUE_SOON_MS = 3 * DAY_MS;

/** Whole days past due, counting a started day, so anything overdue is at least one day late. */
export const daysOverdue = (dueAt: string, now: Date): number =>
  Math.max(1, Math.ceil((now.getTime() - Date.parse(dueAt)) / DAY_MS));

/**
 * What both digests and summaries are made of, so the HTML and the text part are rendered from one
 * list and cannot say different things. A table's text form is a grid, or with `records` one
 * indented block per row, for rows too long to read on one line.
 */
export type EmailBlock =
  | { kind: "paragraph"; text: string }
  | { kind: "heading"; text: string; alert?: boolean }
  | { kind: "table"; head: string[]; rows: string[][]; records?: boolean }
  | { kind: "list"; items: string[] };

const colon: Record<Locale, string> = { "zh-CN": "：", en: ": " };

const htmlOf = (block: EmailBlock): string => {
  switch (block.kind) {
    case "paragraph":
      return `<p>${escapeHtml(block.text)}</p>`;
    case "heading":
      return block.alert
        ? `<h3 style="color:#b00020">${escapeHtml(block.text)}</h3>`
        : `<h3>${escapeHtml(block.text)}</h3>`;
    case "table":
      return [
        '<table border="1" cellpadding="4" cellspacing="0">',
        `<tr>${block.head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join("")}</tr>`,
        ...block.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`),
        "</table>",
      ].join("\n");
    case "list":
      return ["<ul>", ...block.items.map((item) => `<li>${escapeHtml(item)}</li>`), "</ul>"].join("\n");
  }
};

const textOf = (block: EmailBlock, locale: Locale): string => {
  switch (block.kind) {
    case "paragraph":
    case "heading":
      return block.text;
    case "table":
      return block.records
        ? block.rows
            .map(([first, ...rest]) =>
              [
                `- ${first}`,
                ...rest.map((cell, index) => `  ${block.head[index + 1]}${colon[locale]}${cell}`),
              ].join("\n"),
            )
            .join("\n\n")
        : [block.head, ...block.rows].map((row) => row.join(" | ")).join("\n");
    case "list":
      return block.items.map((item) => `- ${item}`).join("\n");
  }
};

/** An email's HTML and text parts, with the same content. */
export const renderBlocks = (blocks: EmailBlock[], locale: Locale): Pick<OutgoingEmail, "html" | "text"> => ({
  html: [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head><body>`,
    ...blocks.map(htmlOf),
    "</body></html>",
  ].join("\n"),
  text: blocks.map((block) => textOf(block, locale)).join("\n\n"),
});

type Section = "overdue" | "new" | "dueSoon" | "earlier";
const sections: Section[] = ["overdue", "new", "dueSoon", "earlier"];

const text = {
  "zh-CN": {
    subject: (week: string, fresh: number, overdue: number, total: number) =>
      `【减负督查】${week}周报：新发现 ${fresh} 项，逾期 ${overdue} 项，共 ${total} 项未整改`,
    greeting: (unit: string) => `${unit}：`,
    intro: (week: string, total: number) =>
      total === 0
        ? `每周督查已完成${week}的检查。贵单位目前没有尚未整改的问题。`
        : `每周督查已完成${week}的检查。贵单位共有 ${total} 项问题尚未整改，请逐项作出说明或报送整改情况。`,
    numbers: ["一", "二", "三", "四"],
    heading: (number: string, title: string) => `${number}、${title}`,
    sections: {
      overdue: (count: number) => `已逾期（${count} 项，请立即整改）`,
      new: (count: number) => `本周新发现（${count} 项）`,
      dueSoon: (count: number) => `三日内到期（${count} 项）`,
      earlier: (count: number) => `此前各周尚未整改（${count} 项）`,
    },
    overdueFlag: (days: number) => `【已逾期 ${days} 天】`,
    columns: ["问题", "发生日期", "涉及", "情况", "状态", "整改期限"],
    footer: "请登录系统对每项问题作出说明或提交整改情况。此邮件由系统自动发送。",
  },
  en: {
    subject: (week: string, fresh: number, overdue: number, total: number) =>
      `[burden-watch] Digest for ${week}: ${fresh} new, ${overdue} overdue, ${total} unresolved`,
    greeting: (unit: string) => `Dear ${unit},`,
    intro: (week: string, total: number) =>
      total === 0
        ? `The weekly sweep of ${week} is done. Your unit has no unresolved findings.`
        : `The weekly sweep of ${week} is done. Your unit has ${total} unresolved ${total === 1 ? "finding" : "findings"}: please respond to each or report its rectification.`,
    numbers: ["1", "2", "3", "4"],
    heading: (number: string, title: string) => `${number}. ${title}`,
    sections: {
      overdue: (count: number) => `Overdue (${count}): please rectify now`,
      new: (count: number) => `New this week (${count})`,
      dueSoon: (count: number) => `Due within three days (${count})`,
      earlier: (count: number) => `Still open from earlier weeks (${count})`,
    },
    overdueFlag: (days: number) => `[OVERDUE ${days} ${days === 1 ? "day" : "days"}] `,
    columns: ["Finding", "Date", "Titles", "What was found", "Status", "Due"],
    footer:
      "Please sign in to respond to each item or report its rectification. This message was sent automatically.",
  },
} as const;

/**
 * Each violation goes to the first section it fits. "New" is the swept week or later: a
 * supervisor's finding recorded since the week ended has not been in any digest either. Week
 * labels (2026-W48) compare as strings.
 */
const sectionOf = (violation: ViolationRecord, window: string, now: Date): Section => {
  if (isOverdue(violation, now)) return "overdue";
  if (violation.window >= window) return "new";
  if (Date.parse(violation.dueAt) - now.getTime() <= DUE_SOON_MS) return "dueSoon";
  return "earlier";
};

/** Deadlines first where a deadline is the point, otherwise in the order things happened. */
const orderWithin: Record<Section, (a: ViolationRecord, b: ViolationRecord) => number> = {
  overdue: (a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id),
  new: (a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id.localeCompare(b.id),
  dueSoon: (a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id),
  earlier: (a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id.localeCompare(b.id),
};

/**
 * One unit's weekly digest: its overdue violations first, then those new this week, those due
 * within three days and those still open from earlier weeks, each violation once.
 */
export const renderDigest = (input: DigestInput): OutgoingEmail => {
  const { window, now, timeZone, locale } = input;
  const words = text[locale];
  const grouped = new Map<Section, ViolationRecord[]>(sections.map((section) => [section, []]));
  for (const violation of input.violations.filter((candidate) => isUnresolved(candidate.status))) {
    grouped.get(sectionOf(violation, window, now))?.push(violation);
  }
  const present = sections.flatMap((section) => {
    const violations = (grouped.get(section) ?? []).sort(orderWithin[section]);
    return violations.length > 0 ? [{ section, violations }] : [];
  });
  const count = (section: Section): number => grouped.get(section)?.length ?? 0;
  const total = sections.reduce((sum, section) => sum + count(section), 0);

  const row = (violation: ViolationRecord, section: Section): string[] => [
    `${section === "overdue" ? words.overdueFlag(daysOverdue(violation.dueAt, now)) : ""}${ruleName(violation.rule, locale)}`,
    formatDay(violation.occurredOn, locale),
    unlinkable(violation.summary),
    explainViolation(violation, { locale, timeZone, unitNames: input.unitNames }),
    statusName(violation.status, locale),
    formatInstantDay(violation.dueAt, timeZone, locale),
  ];
  const blocks: EmailBlock[] = [
    { kind: "paragraph", text: words.greeting(unlinkable(input.unit.name)) },
    { kind: "paragraph", text: words.intro(weekSpan(window, timeZone, locale), total) },
    ...present.flatMap(({ section, violations }, index): EmailBlock[] => [
      {
        kind: "heading",
        text: words.heading(words.numbers[index] ?? "", words.sections[section](violations.length)),
        alert: section === "overdue",
      },
      {
        kind: "table",
        head: [...words.columns],
        rows: violations.map((violation) => row(violation, section)),
        records: true,
      },
    ]),
    { kind: "paragraph", text: words.footer },
  ];
  return {
    to: input.unit.emails,
    subject: words.subject(weekName(window, locale), count("new"), count("overdue"), total),
    ...renderBlocks(blocks, locale),
  };
};
