import type { OutgoingEmail } from "../platform/email.ts";
import { type Locale, unlinkable } from "../platform/email-text.ts";
import type { Unit } from "../units/schemas.ts";
import { formatInstantDay, ruleName, unitLabel, weekName, weekSpan } from "../violations/rule-texts.ts";
import { isOverdue, type ViolationRecord, violationRules } from "../violations/schemas.ts";
import { daysOverdue, type EmailBlock, renderBlocks } from "./digest.ts";

export type SummaryInput = {
  /** The Supervision Office. */
  recipient: Pick<Unit, "name" | "emails">;
  /** The swept ISO week, e.g. 2026-W48, and the one before it. */
  window: string;
  previousWindow: string;
  now: Date;
  timeZone: string;
  locale: Locale;
  /** Violations opened in the swept week, and in the week before it. */
  opened: ViolationRecord[];
  openedBefore: ViolationRecord[];
  /** Every unresolved violation in the city. */
  unresolved: ViolationRecord[];
  unitNames: ReadonlyMap<string, string>;
  /** The ids of units with violations to hear about and no address to send their digest to. */
  unreachable: string[];
};

type Totals = { fresh: number; before: number; overdue: number; unresolved: number };

const text = {
  "zh-CN": {
    subject: (week: string, { fresh, before, overdue, unresolved }: Totals) =>
      `【减负督查】${week}全市汇总：新发现 ${fresh} 项（上周 ${before} 项），逾期 ${overdue} 项，未整改 ${unresolved} 项`,
    greeting: (recipient: string) => `${recipient}：`,
    intro: (week: string, previous: string, { fresh, before, overdue, unresolved }: Totals) =>
      `${week}全市督查汇总如下：本周新发现问题 ${fresh} 项，上周（${previous}）${before} 项；全市尚未整改 ${unresolved} 项，其中逾期 ${overdue} 项。`,
    byRule: "一、按问题类型统计",
    byRuleColumns: ["问题类型", "本周新发现", "上周", "变化", "未整改"],
    byUnit: "二、按单位统计",
    byUnitColumns: ["单位", "本周新发现", "未整改", "其中逾期"],
    overdue: (count: number) => `三、逾期未整改，升级督办（${count} 项）`,
    overdueColumns: ["单位", "问题", "涉及", "整改期限", "逾期天数"],
    days: (days: number) => `${days} 天`,
    unreachable: "四、未登记收件邮箱的单位",
    unreachableIntro: "以下单位有需要告知的问题，但未登记收件邮箱，本周周报无法送达，请督促其补充：",
    total: "合计",
    none: "无。",
    footer: "此邮件由系统自动发送。",
  },
  en: {
    subject: (week: string, { fresh, before, overdue, unresolved }: Totals) =>
      `[burden-watch] City summary for ${week}: ${fresh} new (${before} the week before), ${overdue} overdue, ${unresolved} unresolved`,
    greeting: (recipient: string) => `Dear ${recipient},`,
    intro: (week: string, previous: string, { fresh, before, overdue, unresolved }: Totals) =>
      `The city-wide summary of ${week}: ${fresh} new findings this week against ${before} in ${previous}; ${unresolved} unresolved across the city, ${overdue} of them overdue.`,
    byRule: "1. By rule",
    byRuleColumns: ["Rule", "New this week", "Last week", "Change", "Unresolved"],
    byUnit: "2. By unit",
    byUnitColumns: ["Unit", "New this week", "Unresolved", "Overdue"],
    overdue: (count: number) => `3. Overdue, escalated (${count})`,
    overdueColumns: ["Unit", "Finding", "Titles", "Due", "Overdue by"],
    days: (days: number) => `${days} ${days === 1 ? "day" : "days"}`,
    unreachable: "4. Units with no address",
    unreachableIntro:
      "These units have findings to hear about but no email address, so their digest could not be sent; please have them add one:",
    total: "Total",
    none: "None.",
    footer: "This message was sent automatically.",
  },
} as const;

const change = (now: number, before: number): string =>
  now > before ? `+${now - before}` : String(now - before);

const countBy = (violations: ViolationRecord[], key: (violation: ViolationRecord) => string) => {
  const counts = new Map<string, number>();
  for (const violation of violations) counts.set(key(violation), (counts.get(key(violation)) ?? 0) + 1);
  return (value: string): number => counts.get(value) ?? 0;
};

/**
 * The city-wide summary to the Supervision Office: counts by rule against the week before, counts
 * by unit, the overdue violations (escalated, not counted again as new) and the units no digest
 * could reach.
 */
export const renderSummary = (input: SummaryInput): OutgoingEmail => {
  const { now, timeZone, locale, opened, openedBefore, unresolved, unitNames } = input;
  const words = text[locale];
  const overdue = unresolved.filter((violation) => isOverdue(violation, now));
  const name = (unitId: string): string => unitLabel(unitId, unitNames);
  const totals: Totals = {
    fresh: opened.length,
    before: openedBefore.length,
    overdue: overdue.length,
    unresolved: unresolved.length,
  };

  const openedByRule = countBy(opened, (violation) => violation.rule);
  const beforeByRule = countBy(openedBefore, (violation) => violation.rule);
  const unresolvedByRule = countBy(unresolved, (violation) => violation.rule);
  const ruleRows = violationRules
    .filter((rule) => openedByRule(rule) + beforeByRule(rule) + unresolvedByRule(rule) > 0)
    .map((rule) => [
      ruleName(rule, locale),
      String(openedByRule(rule)),
      String(beforeByRule(rule)),
      change(openedByRule(rule), beforeByRule(rule)),
      String(unresolvedByRule(rule)),
    ]);

  const openedByUnit = countBy(opened, (violation) => violation.unitId);
  const unresolvedByUnit = countBy(unresolved, (violation) => violation.unitId);
  const overdueByUnit = countBy(overdue, (violation) => violation.unitId);
  // Most overdue first: the order the office follows them up in.
  const unitRows = [...new Set([...opened, ...unresolved].map((violation) => violation.unitId))]
    .map((unitId) => ({
      unitId,
      name: name(unitId),
      counts: [openedByUnit(unitId), unresolvedByUnit(unitId), overdueByUnit(unitId)] as const,
    }))
    .sort(
      (a, b) =>
        b.counts[2] - a.counts[2] ||
        b.counts[1] - a.counts[1] ||
        b.counts[0] - a.counts[0] ||
        a.name.localeCompare(b.name, locale) ||
        a.unitId.localeCompare(b.unitId),
    )
    .map(({ name, counts }) => [name, ...counts.map(String)]);

  const overdueRows = [...overdue]
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id))
    .map((violation) => [
      name(violation.unitId),
      ruleName(violation.rule, locale),
      unlinkable(violation.summary),
      formatInstantDay(violation.dueAt, timeZone, locale),
      words.days(daysOverdue(violation.dueAt, now)),
    ]);

  const tableOrNone = (head: readonly string[], rows: string[][], records = false): EmailBlock =>
    rows.length > 0
      ? { kind: "table", head: [...head], rows, records }
      : { kind: "paragraph", text: words.none };

  const blocks: EmailBlock[] = [
    { kind: "paragraph", text: words.greeting(unlinkable(input.recipient.name)) },
    {
      kind: "paragraph",
      text: words.intro(
        weekSpan(input.window, timeZone, locale),
        weekName(input.previousWindow, locale),
        totals,
      ),
    },
    { kind: "heading", text: words.byRule },
    tableOrNone(
      words.byRuleColumns,
      ruleRows.length > 0
        ? [
            ...ruleRows,
            [
              words.total,
              String(opened.length),
              String(openedBefore.length),
              change(opened.length, openedBefore.length),
              String(unresolved.length),
            ],
          ]
        : [],
    ),
    { kind: "heading", text: words.byUnit },
    tableOrNone(
      words.byUnitColumns,
      unitRows.length > 0
        ? [
            ...unitRows,
            [words.total, String(opened.length), String(unresolved.length), String(overdue.length)],
          ]
        : [],
    ),
    { kind: "heading", text: words.overdue(overdue.length), alert: overdue.length > 0 },
    tableOrNone(words.overdueColumns, overdueRows, true),
    { kind: "heading", text: words.unreachable },
    ...(input.unreachable.length > 0
      ? [
          { kind: "paragraph", text: words.unreachableIntro } as const,
          {
            kind: "list",
            items: [...input.unreachable].map(name).sort((a, b) => a.localeCompare(b, locale)),
          } as const,
        ]
      : [{ kind: "paragraph", text: words.none } as const]),
    { kind: "paragraph", text: words.footer },
  ];
  return {
    to: input.recipient.emails,
    subject: words.subject(weekName(input.window, locale), totals),
    ...renderBlocks(blocks, locale),
  };
};
