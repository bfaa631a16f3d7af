import type { OutgoingEmail } from "../platform/email.ts";
import { escapeHtml, type Locale, unlinkable } from "../platform/email-text.ts";
import type { Unit } from "../units/schemas.ts";
import type { ViolationRecord } from "../violations/schemas.ts";

const text = {
  "zh-CN": {
    subject: (window: string, count: number) => `【减负督查】${window} 周报：发现 ${count} 项问题`,
    greeting: (unit: string) => `${unit}：`,
    intro: (window: string) => `每周督查在 ${window} 期间发现以下需要贵单位说明或整改的问题：`,
    columns: ["规则", "日期", "说明", "状态"],
    footer: "请登录系统对每项问题作出说明或提交整改情况。此邮件由系统自动发送。",
    status: { open: "待说明", responded: "已说明", rectified: "已整改", dismissed: "已撤销" },
  },
  en: {
    subject: (window: string, count: number) => `[burden-watch] ${window}: ${count} finding(s) for your unit`,
    greeting: (unit: string) => `Dear ${unit},`,
    intro: (window: string) =>
      `The weekly sweep of ${window} found these matters for your unit to answer or correct:`,
    columns: ["Rule", "Date", "What", "Status"],
    footer:
      "Please sign in to respond to each item or report its rectification. This message was sent automatically.",
    status: { open: "open", responded: "responded", rectified: "rectified", dismissed: "dismissed" },
  },
} as const;

/** One unit's weekly digest, as HTML and plain text with the same content. */
export const renderDigest = (
  unit: Pick<Unit, "name" | "emails">,
  window: string,
  violations: ViolationRecord[],
  locale: Locale,
): OutgoingEmail => {
  const words = text[locale];
  const unitName = unlinkable(unit.name);
  const rows = [...violations]
    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id.localeCompare(b.id))
    .map((violation) => [
      violation.rule,
      violation.occurredOn,
      unlinkable(violation.summary),
      words.status[violation.status],
    ]);
  const html = [
    "<!doctype html><html><body>",
    `<p>${escapeHtml(words.greeting(unitName))}</p>`,
    `<p>${escapeHtml(words.intro(window))}</p>`,
    '<table border="1" cellpadding="4" cellspacing="0">',
    `<tr>${words.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join("")}</tr>`,
    ...rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`),
    "</table>",
    `<p>${escapeHtml(words.footer)}</p>`,
    "</body></html>",
  ].join("\n");
  const plain = [
    words.greeting(unitName),
    "",
    words.intro(window),
    "",
    ...rows.map((row) => `- ${row.join(" | ")}`),
    "",
    words.footer,
  ].join("\n");
  return { to: unit.emails, subject: words.subject(window, rows.length), html, text: plain };
};
