import { type OccurrenceKey, occurrenceOf } from "../../facts/occurrence.ts";
import type { FactKind, FactOf, FactRecord } from "../../facts/schemas.ts";
import type { SweptRule, ViolationCandidate, ViolationDetail } from "../../violations/schemas.ts";
import { titlesSummary } from "./titles.ts";

/** One thing that happened, with every report of it: what a violation is about. */
export type Occurrence<K extends FactKind> = { key: OccurrenceKey; reports: [FactOf<K>, ...FactOf<K>[]] };

const isKind = <K extends FactKind>(fact: FactRecord, kind: K): fact is FactOf<K> => fact.kind === kind;

export const byText = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);

/**
 * The facts of one kind as occurrences, in id order so a sweep's output does not depend on the
 * order the store answered in: the department's report and each village's of one thing are one.
 */
export const occurrencesOf = <K extends FactKind>(
  facts: readonly FactRecord[],
  kind: K,
  timeZone: string,
): Occurrence<K>[] => {
  const byId = new Map<string, Occurrence<K>>();
  for (const fact of facts) {
    if (!isKind(fact, kind)) continue;
    const key = occurrenceOf(fact, timeZone);
    const found = byId.get(key.id);
    if (found) found.reports.push(fact);
    else byId.set(key.id, { key, reports: [fact] });
  }
  return [...byId.values()].sort((left, right) => byText(left.key.id, right.key.id));
};

/** The earliest instant any report gives: a late or careless report never moves a start later. */
export const earliestMs = (instants: readonly string[]): number => Math.min(...instants.map(Date.parse));

/** The latest of some local days (YYYY-MM-DD sorts as it reads). */
export const latestDay = (days: readonly string[]): string => days.toSorted().at(-1) ?? "";

/** A record behind a violation: a fact, or the request an overdue approval is about. */
type Evidence = { id: string; title: string };

export const violationOf = (
  rule: SweptRule,
  found: {
    subject: string;
    unitId: string;
    occurredOn: string;
    evidence: readonly Evidence[];
    detail?: ViolationDetail;
  },
): ViolationCandidate => ({
  id: `${rule}:${found.subject}`,
  rule,
  unitId: found.unitId,
  subject: found.subject,
  summary: titlesSummary(found.evidence.map((record) => record.title)),
  occurredOn: found.occurredOn,
  ...(found.detail === undefined ? {} : { detail: found.detail }),
  evidence: { factIds: [...new Set(found.evidence.map((record) => record.id))].sort() },
});

/** A violation about one occurrence: named after it, addressed to the unit it is about, on its day. */
export const occurrenceViolation = (
  rule: SweptRule,
  { key }: { key: OccurrenceKey },
  evidence: readonly Evidence[],
  detail?: ViolationDetail,
): ViolationCandidate =>
  violationOf(rule, {
    subject: key.subject,
    unitId: key.subjectUnitId,
    occurredOn: key.day,
    evidence,
    detail,
  });
