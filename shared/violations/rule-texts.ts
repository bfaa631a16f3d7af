/**
 * What a violation says to a reader, in zh-CN or en: each rule's name and a sentence that puts the
 * violation's language-free `detail` into words. Emails render only these, never a rule code, so a
 * zh-CN reader meets no English. Everything here is pure.
 */
import { type AttendeeLevel, attendeeLevels } from "../platform/common.ts";
import { type Locale, unlinkable } from "../platform/email-text.ts";
import { localDay, windowOfWeek } from "../platform/time.ts";
import type { ViolationDetail, ViolationRecord, ViolationRule, ViolationStatus } from "./schemas.ts";

/** Where a sentence's dates fall and what its units are called; an id stands in for a missing name. */
export type TextContext = { locale: Locale; timeZone: string; unitNames?: ReadonlyMap<string, string> };

export type Explained = Pick<ViolationRecord, "rule" | "detail" | "description">;

/** The figures of one violation, already in the reader's words; undefined where the detail lacks one. */
type Figures = {
  number(key: string): number | undefined;
  text(key: string): string | undefined;
  level(key: string): string | undefined;
  unit(key: string): string | undefined;
  day(key: string): string | undefined;
  month(key: string): string | undefined;
};

type RuleText = { name: string; explain(figures: Figures, violation: Explained): string };

type Words = {
  day(year: number, month: number, date: number): string;
  month(year: number, month: number): string;
  week(year: number, week: number): string;
  span(first: string, last: string): string;
  levels: Record<AttendeeLevel, string>;
  statuses: Record<ViolationStatus, string>;
  rules: Record<ViolationRule, RuleText>;
};

/** Both sides of a raised aspect, or nothing when the detail lacks either. */
const raised = <T>(approved: T | undefined, held: T | undefined, say: (approved: T, held: T) => string) =>
  approved === undefined || held === undefined ? [] : [say(approved, held)];

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const words: Record<Locale, Words> = {
  "zh-CN": {
    day: (year, month, date) => `${year}年${month}月${date}日`,
    month: (year, month) => `${year}年${month}月`,
    week: (year, week) => `${year}年第${week}周`,
    span: (first, last) => `${first}至${last}`,
    levels: { principal: "主要负责同志", deputy: "分管负责同志", staff: "工作人员" },
    statuses: { open: "待说明", responded: "已说明，待审核", rectified: "已整改", dismissed: "已撤销" },
    rules: {
      UNAPPROVED_MEETING: {
        name: "未经审批召开会议",
        explain: () => "召开全市性会议前未获审批（列入年度计划不能代替审批）。",
      },
      MEETING_STANDARD_RAISED: {
        name: "擅自提高会议规格",
        explain: (f) => {
          const aspects = [
            ...raised(
              f.level("approvedLevel"),
              f.level("heldLevel"),
              (a, h) => `参会人员级别批准为${a}，实际为${h}`,
            ),
            ...raised(
              f.number("approvedAttendees"),
              f.number("heldAttendees"),
              (a, h) => `每单位参会人数批准 ${a} 人，实际 ${h} 人`,
            ),
            ...raised(
              f.number("approvedMinutes"),
              f.number("heldMinutes"),
              (a, h) => `会议时长批准 ${a} 分钟，实际 ${h} 分钟`,
            ),
          ];
          return aspects.length > 0
            ? `会议规格高于批准：${aspects.join("；")}。`
            : "会议的参会人员级别、人数或时长高于批准的规格。";
        },
      },
      LAYERED_MEETING: { name: "层层开会", explain: () => "会议要求下级逐级召开会议、层层传达。" },
      ACCOMPANYING_ATTENDEES: { name: "要求陪会", explain: () => "会议要求有关人员陪同参会。" },
      MEETING_QUOTA_EXCEEDED: {
        name: "会议超出年度计划",
        explain: (f) => {
          const [year, reported, quota] = [f.number("year"), f.number("reported"), f.number("quota")];
          return year === undefined || reported === undefined || quota === undefined
            ? "召开全市性会议的次数超出年度计划。"
            : `${year} 年已召开全市性会议 ${reported} 次，超出年度计划的 ${quota} 次。`;
        },
      },
      UNAPPROVED_DOCUMENT: { name: "未经审批印发文件", explain: () => "印发文件前未获审批。" },
      DOCUMENT_QUOTA_EXCEEDED: {
        name: "发文超出年度计划",
        explain: (f) => {
          const [year, reported, quota] = [f.number("year"), f.number("reported"), f.number("quota")];
          return year === undefined || reported === undefined || quota === undefined
            ? "印发文件的数量超出年度计划。"
            : `${year} 年已印发文件 ${reported} 件，超出年度计划的 ${quota} 件。`;
        },
      },
      OFF_PLAN_INSPECTION: {
        name: "计划外督查检查",
        explain: (f) =>
          `对${f.unit("targetUnitId") ?? "基层单位"}开展的督查检查考核不在年度计划内，也未经批准临时增补。`,
      },
      REPEATED_INSPECTION: {
        name: "重复督查检查",
        explain: (f) => {
          const target = f.unit("targetUnitId") ?? "基层单位";
          const [visits, limit] = [f.number("visits"), f.number("limit")];
          return visits === undefined || limit === undefined
            ? `对${target}督查检查的次数超出规定上限。`
            : `${f.month("month") ?? ""}对${target}开展督查检查 ${visits} 次，超出上限的 ${limit} 次。`;
        },
      },
      OVERDUE_APPROVAL: {
        name: "审批超期",
        explain: (f) => {
          const request = f.text("requestId");
          const decideBy = f.day("decideBy");
          const which = request === undefined ? "申请" : `申请 ${request} `;
          return decideBy === undefined
            ? `${which}超过审批期限仍未作出决定。`
            : `${which}应于${decideBy}前作出审批决定，至今仍未决定。`;
        },
      },
      SECONDMENT_OVERDUE: {
        name: "借调人员逾期未归",
        explain: (f) => {
          const person = f.text("personRef");
          const who = person === undefined ? "借调人员" : `借调人员（登记编号 ${unlinkable(person)}）`;
          const from = f.unit("fromUnitId");
          const returnBy = f.day("returnBy");
          return `${from === undefined ? "" : `从${from}借调的`}${who}${
            returnBy === undefined ? "已超过约定归还日期" : `应于${returnBy}前返回原岗位`
          }，至今未归还。`;
        },
      },
      SECONDMENT_UNCONFIRMED: {
        name: "借调登记未确认",
        explain: (f) => {
          const from = f.unit("fromUnitId") ?? "基层单位";
          const person = f.text("personRef");
          return `${from}登记的借调人员${person === undefined ? "" : `（登记编号 ${unlinkable(person)}）`}，借用单位逾期未确认。`;
        },
      },
      UNADMITTED_PLAQUE: {
        name: "未准入挂牌未摘除",
        explain: (f) => {
          const village = f.unit("villageUnitId") ?? "村级组织";
          const removeBy = f.day("removeBy");
          return `要求${village}悬挂的牌子不在准入目录内，${removeBy === undefined ? "逾期" : `应于${removeBy}前摘除，至今`}仍未摘除。`;
        },
      },
      COMPLAINT_OVERDUE: {
        name: "投诉办理超期",
        explain: (f) => {
          const reference = f.text("reference");
          const which = reference === undefined ? "投诉" : `投诉 ${reference} `;
          const dueAt = f.day("dueAt");
          const what = f.text("stage") === "triage" ? "分办" : "办结";
          return dueAt === undefined
            ? `${which}超过${what}期限。`
            : `${which}应于${dueAt}前${what}，至今仍未${what}。`;
        },
      },
      SUPERVISION_FINDING: {
        name: "督查发现问题",
        explain: (_, violation) =>
          violation.description
            ? unlinkable(violation.description)
            : "督查人员在实地检查、座谈或查阅材料中发现的问题。",
      },
    },
  },
  en: {
    day: (year, month, date) => `${date} ${EN_MONTHS[month - 1]} ${year}`,
    month: (year, month) => `${EN_MONTHS[month - 1]} ${year}`,
    week: (year, week) => `week ${week} of ${year}`,
    span: (first, last) => `${first} to ${last}`,
    levels: { principal: "principal head", deputy: "deputy head in charge", staff: "staff" },
    statuses: {
      open: "open",
      responded: "responded, under review",
      rectified: "rectified",
      dismissed: "dismissed",
    },
    rules: {
      UNAPPROVED_MEETING: {
        name: "Meeting without approval",
        explain: () =>
          "A city-wide meeting was held without an approval decided before it (being on the plan does not replace approval).",
      },
      MEETING_STANDARD_RAISED: {
        name: "Meeting standard raised",
        explain: (f) => {
          const aspects = [
            ...raised(
              f.level("approvedLevel"),
              f.level("heldLevel"),
              (a, h) => `attendee level approved ${a}, held ${h}`,
            ),
            ...raised(
              f.number("approvedAttendees"),
              f.number("heldAttendees"),
              (a, h) => `attendees per unit approved ${a}, held ${h}`,
            ),
            ...raised(
              f.number("approvedMinutes"),
              f.number("heldMinutes"),
              (a, h) => `duration approved ${a} minutes, held ${h} minutes`,
            ),
          ];
          return aspects.length > 0
            ? `The meeting was held above its approved standard: ${aspects.join("; ")}.`
            : "The meeting's attendee level, attendees or duration exceeded what was approved.";
        },
      },
      LAYERED_MEETING: {
        name: "Layered meeting",
        explain: () => "The meeting was relayed down the hierarchy, each level holding its own.",
      },
      ACCOMPANYING_ATTENDEES: {
        name: "Accompanying attendees",
        explain: () => "The meeting required attendees to be accompanied by others.",
      },
      MEETING_QUOTA_EXCEEDED: {
        name: "Meeting quota exceeded",
        explain: (f) => {
          const [year, reported, quota] = [f.number("year"), f.number("reported"), f.number("quota")];
          return year === undefined || reported === undefined || quota === undefined
            ? "More city-wide meetings were held than the yearly plan allows."
            : `${reported} city-wide meetings held in ${year}, above the yearly plan of ${quota}.`;
        },
      },
      UNAPPROVED_DOCUMENT: {
        name: "Document without approval",
        explain: () => "A document was issued without prior approval.",
      },
      DOCUMENT_QUOTA_EXCEEDED: {
        name: "Document quota exceeded",
        explain: (f) => {
          const [year, reported, quota] = [f.number("year"), f.number("reported"), f.number("quota")];
          return year === undefined || reported === undefined || quota === undefined
            ? "More documents were issued than the yearly plan allows."
            : `${reported} documents issued in ${year}, above the yearly plan of ${quota}.`;
        },
      },
      OFF_PLAN_INSPECTION: {
        name: "Off-plan inspection",
        explain: (f) =>
          `The inspection of ${f.unit("targetUnitId") ?? "a grassroots unit"} matches no plan item and no approved temporary addition.`,
      },
      REPEATED_INSPECTION: {
        name: "Repeated inspection",
        explain: (f) => {
          const target = f.unit("targetUnitId") ?? "A grassroots unit";
          const [visits, limit] = [f.number("visits"), f.number("limit")];
          const month = f.month("month");
          return visits === undefined || limit === undefined
            ? `${target} was inspected more often than allowed.`
            : `${target} was inspected ${visits} times${month ? ` in ${month}` : ""}, above the limit of ${limit}.`;
        },
      },
      OVERDUE_APPROVAL: {
        name: "Overdue approval",
        explain: (f) => {
          const request = f.text("requestId");
          const decideBy = f.day("decideBy");
          const which = request === undefined ? "A request" : `Request ${request}`;
          return decideBy === undefined
            ? `${which} is still pending past its approval deadline.`
            : `${which} was to be decided by ${decideBy} and is still pending.`;
        },
      },
      SECONDMENT_OVERDUE: {
        name: "Seconded staff not returned",
        explain: (f) => {
          const person = f.text("personRef");
          const who =
            person === undefined ? "A seconded person" : `The seconded person ${unlinkable(person)}`;
          const from = f.unit("fromUnitId");
          const returnBy = f.day("returnBy");
          return `${who}${from === undefined ? "" : ` from ${from}`} ${
            returnBy === undefined ? "is past the agreed return date" : `was to be back by ${returnBy}`
          } and has not returned.`;
        },
      },
      SECONDMENT_UNCONFIRMED: {
        name: "Secondment not confirmed",
        explain: (f) => {
          const from = f.unit("fromUnitId") ?? "A grassroots unit";
          const person = f.text("personRef");
          return `${from} registered a secondment${person === undefined ? "" : ` (${unlinkable(person)})`} that the borrowing department has not confirmed in time.`;
        },
      },
      UNADMITTED_PLAQUE: {
        name: "Unadmitted plaque not removed",
        explain: (f) => {
          const village = f.unit("villageUnitId") ?? "a village";
          const removeBy = f.day("removeBy");
          return `A plaque of no admitted type, demanded of ${village}, ${
            removeBy === undefined ? "is past its removal deadline" : `was to be removed by ${removeBy}`
          } and is still up.`;
        },
      },
      COMPLAINT_OVERDUE: {
        name: "Complaint handling overdue",
        explain: (f) => {
          const reference = f.text("reference");
          const which = reference === undefined ? "A complaint" : `Complaint ${reference}`;
          const dueAt = f.day("dueAt");
          const what = f.text("stage") === "triage" ? "triaged" : "closed";
          return dueAt === undefined
            ? `${which} is past its deadline to be ${what}.`
            : `${which} was to be ${what} by ${dueAt} and still is not.`;
        },
      },
      SUPERVISION_FINDING: {
        name: "Supervision finding",
        explain: (_, violation) =>
          violation.description
            ? unlinkable(violation.description)
            : "Found by a supervisor in a site inspection, a discussion or reviewed materials.",
      },
    },
  },
};

const parseDay = (day: string): [number, number, number] => {
  const [year = 0, month = 1, date = 1] = day.split("-").map(Number);
  return [year, month, date];
};

/** A local day (YYYY-MM-DD) as the reader writes it: 2026年11月20日, or 20 Nov 2026. */
export const formatDay = (day: string, locale: Locale): string => words[locale].day(...parseDay(day));

/** The local day of an instant in the deployment's zone, as the reader writes it. */
export const formatInstantDay = (instant: string, timeZone: string, locale: Locale): string =>
  formatDay(localDay(instant, timeZone), locale);

/** An ISO week label (2026-W48) as the reader says it: 2026年第48周, or week 48 of 2026. */
export const weekName = (label: string, locale: Locale): string => {
  const [year = "", week = ""] = label.split("-W");
  return words[locale].week(Number(year), Number(week));
};

/** A week's name with its first and last local day. */
export const weekSpan = (label: string, timeZone: string, locale: Locale): string => {
  const { firstDay } = windowOfWeek(label, timeZone);
  const lastDay = new Date(Date.parse(`${firstDay}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const span = words[locale].span(formatDay(firstDay, locale), formatDay(lastDay, locale));
  return locale === "zh-CN"
    ? `${weekName(label, locale)}（${span}）`
    : `${weekName(label, locale)} (${span})`;
};

/** A unit by its name, or by its id when no name is known; typed by an administrator, so never a link. */
export const unitLabel = (unitId: string, unitNames: ReadonlyMap<string, string> | undefined): string =>
  unlinkable(unitNames?.get(unitId) ?? unitId);

export const ruleName = (rule: ViolationRule, locale: Locale): string => words[locale].rules[rule].name;

export const statusName = (status: ViolationStatus, locale: Locale): string => words[locale].statuses[status];

const figuresOf = (detail: ViolationDetail | undefined, context: TextContext): Figures => {
  const language = words[context.locale];
  const text = (key: string): string | undefined => {
    const value = detail?.[key];
    return value === undefined || value === "" ? undefined : String(value);
  };
  return {
    text,
    number(key) {
      const value = text(key);
      return value !== undefined && Number.isFinite(Number(value)) ? Number(value) : undefined;
    },
    // An unknown level is left out rather than shown as its code.
    level(key) {
      const level = attendeeLevels.find((known) => known === detail?.[key]);
      return level && language.levels[level];
    },
    unit(key) {
      const id = text(key);
      return id === undefined ? undefined : unitLabel(id, context.unitNames);
    },
    // A date alone is already a local day; an instant is placed in the zone first.
    day(key) {
      const value = text(key);
      if (value === undefined) return undefined;
      return /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? formatDay(value, context.locale)
        : Number.isNaN(Date.parse(value))
          ? undefined
          : formatInstantDay(value, context.timeZone, context.locale);
    },
    month(key) {
      const value = text(key);
      if (value === undefined || !/^\d{4}-\d{2}$/.test(value)) return undefined;
      const [year, month] = parseDay(value);
      return language.month(year, month);
    },
  };
};

/** One sentence on what was found, from the violation's figures; a rule's general sentence when they are missing. */
export const explainViolation = (violation: Explained, context: TextContext): string =>
  words[context.locale].rules[violation.rule].explain(figuresOf(violation.detail, context), violation);
