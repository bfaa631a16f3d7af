/**
 * The one set of in-memory test doubles for unit tests: repositories that keep records in maps and
 * honour the same optimistic-concurrency contract as DynamoDB, a clock a test can move, and ids in
 * order. Unit tests build use cases from these instead of writing a fake per file.
 */

import type {
  ComplaintChange,
  ComplaintRepository,
  ReceiptLookup,
} from "../../shared/complaints/repository.ts";
import {
  type ComplaintMessage,
  type ComplaintRecord,
  type ForwardRecord,
  isClosed,
  type ReporterIdentity,
} from "../../shared/complaints/schemas.ts";
import type { OccurrenceRecord } from "../../shared/facts/occurrence-record.ts";
import type { FactRepository } from "../../shared/facts/repository.ts";
import { type FactRecord, happenedAt } from "../../shared/facts/schemas.ts";
import type { PlanAddition, PlanKind, PlanRecord } from "../../shared/plans/schemas.ts";
import type { PlaqueDue, PlaqueFilter, PlaqueRepository } from "../../shared/plaques/repository.ts";
import type { Plaque, PlaqueType } from "../../shared/plaques/schemas.ts";
import type { Clock, IdGenerator } from "../../shared/platform/clock.ts";
import type { AuditEntry } from "../../shared/platform/common.ts";
import type { Mailer, OutgoingEmail } from "../../shared/platform/email.ts";
import { ConflictError } from "../../shared/platform/errors.ts";
import type { EmailOutbox } from "../../shared/platform/outbox.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import { happensAt } from "../../shared/requests/kinds/index.ts";
import {
  type Notice,
  pendingNoticeOf,
  quotaExceeded,
  type RequestListQuery,
  type RequestRepository,
  type VetoItemEntry,
} from "../../shared/requests/repository.ts";
import type { RequestRecord } from "../../shared/requests/schemas.ts";
import {
  type DecisionNotices,
  makeRequestUseCases,
  type PlanReader,
} from "../../shared/requests/use-cases.ts";
import type { SecondmentFilter, SecondmentRepository } from "../../shared/secondments/repository.ts";
import type { Secondment } from "../../shared/secondments/schemas.ts";
import type { CounterChange } from "../../shared/stats/counters.ts";
import type { StatsRepository, UnitCounters } from "../../shared/stats/repository.ts";
import type { SweepRepository } from "../../shared/sweeps/repository.ts";
import type { OpenComplaint, OutstandingSecondment, PlaqueToRemove } from "../../shared/sweeps/rules/rule.ts";
import type { SweepRecord } from "../../shared/sweeps/schemas.ts";
import type { UnitRepository } from "../../shared/units/repository.ts";
import type { Unit } from "../../shared/units/schemas.ts";
import type { ViolationRepository } from "../../shared/violations/repository.ts";
import { isOverdue, isUnresolved, type ViolationRecord } from "../../shared/violations/schemas.ts";
import { ruleThresholds } from "./sweep-inputs.ts";

export const fixedClock = (start = "2026-11-27T08:00:00.000Z"): Clock & { set(iso: string): void } => {
  let now = new Date(start);
  return { now: () => new Date(now), set: (iso) => (now = new Date(iso)) };
};

export const sequentialIds = (prefix = "ID"): IdGenerator => {
  let next = 0;
  return { next: () => `${prefix}${String(++next).padStart(4, "0")}` };
};

type Audits = Map<string, AuditEntry[]>;

/** Dated like the store dates it: the instant of the change the entry records. */
const audit = (
  audits: Audits,
  id: string,
  caller: Caller,
  action: string,
  before: object | null,
  after: { updatedAt: string },
) =>
  audits.set(id, [
    ...(audits.get(id) ?? []),
    {
      at: after.updatedAt,
      by: caller.sub,
      role: caller.roles.join(","),
      action,
      before: before ? { ...before } : null,
      after: { ...after },
    },
  ]);

const page = <T>(items: T[]) => ({ items, nextCursor: null });

const inDay = (instant: string, day: string, fromUtc: string, toUtc: string) => {
  const utc = new Date(instant).toISOString();
  return utc.startsWith(day) && utc >= fromUtc && utc < toUtc;
};

export const memoryUnits = (initial: Unit[] = []): UnitRepository & { records: Map<string, Unit> } => {
  const records = new Map(initial.map((unit) => [unit.id, unit]));
  return {
    records,
    get: async (id) => records.get(id),
    list: async (limit) => page([...records.values()].slice(0, limit)),
    create: async (unit) => {
      if (records.has(unit.id)) throw new ConflictError(`Unit ${unit.id} already exists`, "ALREADY_EXISTS");
      records.set(unit.id, unit);
    },
    replace: async (previous, next, _caller, ancestors) => {
      const changed = [previous, ...ancestors].some((unit) => records.get(unit.id)?.version !== unit.version);
      if (changed) throw new ConflictError("changed", "STATE_CHANGED");
      records.set(next.id, next);
    },
    all: async () => [...records.values()],
    writeMany: async (changes) => {
      for (const { previous, next, ancestors } of changes) {
        const moved = ancestors.some((unit) => records.get(unit.id)?.version !== unit.version);
        if (records.get(next.id)?.version !== previous?.version || moved)
          throw new ConflictError("changed", "STATE_CHANGED");
        records.set(next.id, next);
      }
    },
  };
};

type QuotaKey = `${number}#${string}#${string}`;
const quotaKey = (year: number, kind: string, unitId: string): QuotaKey => `${year}#${kind}#${unitId}`;

/**
 * Requests, with what their transitions carry along: quota counters (refusing past the limit as
 * the store's condition does), plan additions and the veto-item register.
 */
export const memoryRequests = (
  initial: RequestRecord[] = [],
): RequestRepository & {
  records: Map<string, RequestRecord>;
  audits: Audits;
  quotaUsed: Map<QuotaKey, number>;
  additions: Map<string, { year: number; kind: PlanKind; item: PlanAddition }>;
  register: Map<string, VetoItemEntry>;
  notices: Map<string, Notice>;
} => {
  const records = new Map(initial.map((record) => [record.id, record]));
  const audits: Audits = new Map();
  const quotaUsed = new Map<QuotaKey, number>();
  const additions = new Map<string, { year: number; kind: PlanKind; item: PlanAddition }>();
  const register = new Map<string, VetoItemEntry>();
  const notices = new Map<string, Notice>();
  const listed = (query: RequestListQuery, keep: (record: RequestRecord) => boolean) => {
    const found = [...records.values()]
      .filter(
        (record) =>
          keep(record) &&
          (query.status === undefined || record.status === query.status) &&
          (query.kind === undefined || record.kind === query.kind),
      )
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return page((query.oldestFirst ? found : found.reverse()).slice(0, query.limit));
  };
  const happening = (record: RequestRecord) => happensAt(record, "Asia/Shanghai");
  return {
    records,
    audits,
    quotaUsed,
    additions,
    register,
    notices,
    get: async (id) => records.get(id),
    getWithAudit: async (id) => ({ record: records.get(id), audit: audits.get(id) ?? [] }),
    create: async (record, caller) => {
      if (records.has(record.id)) throw new ConflictError("exists", "ALREADY_EXISTS");
      records.set(record.id, record);
      audit(audits, record.id, caller, "request.submitted", null, record);
    },
    transition: async (previous, next, caller, action, effects = {}) => {
      const { quota, addition, withdrawAddition, vetoEntry, mergeTarget, notice } = effects;
      const changed = [previous, ...(mergeTarget ? [mergeTarget.previous] : [])].some(
        (record) => records.get(record.id)?.version !== record.version,
      );
      if (changed) throw new ConflictError("changed", "STATE_CHANGED");
      const key = quota ? quotaKey(quota.year, quota.kind, quota.unitId) : undefined;
      const used = key ? (quotaUsed.get(key) ?? 0) : 0;
      if (quota && quota.delta > 0 && quota.limit !== undefined && used >= quota.limit) {
        throw quotaExceeded(quota);
      }
      if (quota && key) quotaUsed.set(key, used + quota.delta);
      records.set(next.id, next);
      audit(audits, next.id, caller, action, previous, next);
      if (mergeTarget) {
        records.set(mergeTarget.next.id, mergeTarget.next);
        audit(
          audits,
          mergeTarget.next.id,
          caller,
          "request.merge_received",
          mergeTarget.previous,
          mergeTarget.next,
        );
      }
      if (addition) additions.set(addition.item.requestId, addition);
      if (withdrawAddition) additions.delete(withdrawAddition.requestId);
      if (vetoEntry) register.set(vetoEntry.next.requestId, vetoEntry.next);
      if (notice) notices.set(pendingNoticeOf(next).key, pendingNoticeOf(next));
    },
    listByUnit: async (unitId, query) => listed(query, (record) => record.unitId === unitId),
    listAll: async (query) => listed(query, () => true),
    happeningOnUtcDay: async (day, fromUtc, toUtc) =>
      [...records.values()].filter((record) => inDay(happening(record), day, fromUtc, toUtc)),
    happeningBetween: async (fromUtc, toUtc) =>
      [...records.values()].filter((record) => {
        const utc = new Date(happening(record)).toISOString();
        return utc >= fromUtc && utc < toUtc;
      }),
    waitingSince: async (createdBefore) =>
      [...records.values()].filter(
        (record) => record.status === "submitted" && record.createdAt < createdBefore,
      ),
    vetoItems: async (limit) => page([...register.values()].slice(0, limit)),
    pendingNotices: async (decidedBefore, limit) =>
      [...notices.values()]
        .filter((notice) => notice.status === "pending" && notice.decidedAt < decidedBefore)
        .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt))
        .slice(0, limit),
    noticeDone: async (notice) => void notices.set(notice.key, { ...notice, status: "done" }),
  };
};

/** The plans as the requests context reads them, counting on the requests fake's quota counters and additions. */
export const memoryPlanReader = (
  requests: ReturnType<typeof memoryRequests>,
  plans: PlanRecord[] = [],
): PlanReader & { plans: PlanRecord[]; usage(year: number, kind: PlanKind): Map<string, number> } => {
  const get = async (year: number, kind: PlanKind) =>
    plans.find((plan) => plan.year === year && plan.kind === kind);
  const usage = (year: number, kind: PlanKind) =>
    new Map(
      [...requests.quotaUsed]
        .filter(([key]) => key.startsWith(`${year}#${kind}#`))
        .map(([key, used]) => [key.split("#")[2] ?? "", used]),
    );
  return {
    plans,
    usage,
    snapshot: async (year, kind) => ({
      plan: await get(year, kind),
      usage: usage(year, kind),
      reported: new Map(),
      additions: [...requests.additions.values()]
        .filter((entry) => entry.year === year && entry.kind === kind)
        .map((entry) => entry.item),
    }),
  };
};

/** Decision notices as they would be sent: one entry per call. */
export const memoryNotices = (): DecisionNotices & { sent: RequestRecord[] } => {
  const sent: RequestRecord[] = [];
  return { sent, decided: async (request) => void sent.push(request) };
};

export const memoryFacts = (
  initial: FactRecord[] = [],
): FactRepository & {
  records: Map<string, FactRecord>;
  occurrences: Map<string, OccurrenceRecord>;
  counted: Map<string, number>;
  daysRead: string[];
} => {
  const records = new Map(initial.map((fact) => [fact.id, fact]));
  const occurrences = new Map<string, OccurrenceRecord>();
  /** occurrences counted against a plan's quota, by `<year>#<kind>#<unit>` */
  const counted = new Map<string, number>();
  const daysRead: string[] = [];
  return {
    records,
    occurrences,
    counted,
    daysRead,
    get: async (id) => records.get(id),
    getOccurrence: async (id) => occurrences.get(id),
    create: async (record, _caller, _quota, { occurrence, countsAgainst }) => {
      records.set(record.id, record);
      const existing = occurrences.get(occurrence.id);
      if (existing) {
        existing.reporters.add(record.unitId);
        return;
      }
      occurrences.set(occurrence.id, { ...occurrence, reporters: new Set(occurrence.reporters) });
      if (countsAgainst) {
        const key = `${countsAgainst.year}#${countsAgainst.kind}#${occurrence.subjectUnitId}`;
        counted.set(key, (counted.get(key) ?? 0) + 1);
      }
    },
    listByUnit: async (unitId, limit) =>
      page([...records.values()].filter((record) => record.unitId === unitId).slice(0, limit)),
    listAll: async (limit) => page([...records.values()].slice(0, limit)),
    happenedOnUtcDay: async (day, fromUtc, toUtc) => {
      daysRead.push(day);
      return [...records.values()].filter((record) => inDay(happenedAt(record), day, fromUtc, toUtc));
    },
    occurrencesAbout: async (unitId, limit) =>
      page(
        [...occurrences.values()]
          .filter((occurrence) => occurrence.subjectUnitId === unitId)
          .sort((a, b) => b.happenedAt.localeCompare(a.happenedAt))
          .slice(0, limit),
      ),
    visitsInMonth: async (month, firstDay, lastDay) =>
      [...occurrences.values()].filter(
        (occurrence) =>
          occurrence.kind === "inspection_visit" &&
          occurrence.day.startsWith(month) &&
          occurrence.day >= firstDay &&
          occurrence.day <= lastDay,
      ),
  };
};

/** Violations with their audit trails, listed in each partition's order as the store lists them. */
export const memoryViolations = (
  initial: ViolationRecord[] = [],
): ViolationRepository & {
  records: Map<string, ViolationRecord>;
  audits: Audits;
  evidence: Map<string, Set<string>>;
  /** what a keyed POST would replay, by violation id, as the last write gave it */
  answers: Map<string, unknown>;
} => {
  const records = new Map(initial.map((violation) => [violation.id, violation]));
  const audits: Audits = new Map();
  const answers = new Map<string, unknown>();
  const evidence = new Map<string, Set<string>>();
  const byDueAt = (a: ViolationRecord, b: ViolationRecord) =>
    Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id);
  const createIfAbsent = async (record: ViolationRecord, caller: Caller) => {
    if (records.has(record.id)) return false;
    records.set(record.id, record);
    audit(audits, record.id, caller, "violation.opened", null, record);
    return true;
  };
  return {
    records,
    audits,
    evidence,
    answers,
    create: async (record, caller, answer) => {
      if (!(await createIfAbsent(record, caller))) throw new ConflictError("exists", "ALREADY_EXISTS");
      answers.set(record.id, answer);
    },
    createIfAbsent,
    putEvidence: async (id, factIds) => {
      evidence.set(id, new Set([...(evidence.get(id) ?? []), ...factIds]));
    },
    listEvidence: async (id, limit) =>
      page(
        [...(evidence.get(id) ?? [])]
          .sort()
          .slice(0, limit)
          .map((factId) => ({ factId })),
      ),
    replace: async (previous, next, caller, action, answer) => {
      if (records.get(previous.id)?.version !== previous.version) {
        throw new ConflictError(`Violation ${previous.id} changed meanwhile`, "STATE_CHANGED");
      }
      records.set(next.id, next);
      answers.set(next.id, answer ?? next);
      audit(audits, next.id, caller, action, previous, next);
    },
    get: async (id) => ({ record: records.get(id), audit: audits.get(id) ?? [] }),
    getMany: async (ids) => ids.flatMap((id) => records.get(id) ?? []),
    list: async (filter, limit) =>
      page(
        [...records.values()]
          .filter(
            (record) =>
              (filter.unitId === undefined || record.unitId === filter.unitId) &&
              (filter.status === undefined || record.status === filter.status) &&
              (filter.rule === undefined || record.rule === filter.rule) &&
              (filter.window === undefined || record.window === filter.window) &&
              (filter.overdue === undefined || isOverdue(record, filter.overdue.now) === filter.overdue.is),
          )
          .sort(byDueAt)
          .slice(0, limit),
      ),
    unresolved: async () =>
      [...records.values()].filter((record) => isUnresolved(record.status)).sort(byDueAt),
    openedIn: async (window) =>
      [...records.values()]
        .filter((record) => record.window === window)
        .sort((a, b) => a.rule.localeCompare(b.rule) || a.id.localeCompare(b.id)),
    overdueAt: async (now) => [...records.values()].filter((record) => isOverdue(record, now)).sort(byDueAt),
  };
};

/** Counter items by year and unit, moved as `counterUpdates` would move them, and the reads made. */
export const memoryStats = (): StatsRepository & {
  add(changes: readonly CounterChange[]): void;
  reads: { year: number; unitId: string | undefined }[];
} => {
  const years = new Map<number, Map<string, Record<string, number>>>();
  const reads: { year: number; unitId: string | undefined }[] = [];
  return {
    reads,
    add: (changes) => {
      for (const { year, unitId, deltas } of changes) {
        const units = years.get(year) ?? new Map<string, Record<string, number>>();
        const figures = units.get(unitId) ?? {};
        for (const [figure, delta] of Object.entries(deltas))
          figures[figure] = (figures[figure] ?? 0) + delta;
        units.set(unitId, figures);
        years.set(year, units);
      }
    },
    countersOf: async (year, unitId) => {
      reads.push({ year, unitId });
      return [...(years.get(year) ?? new Map<string, Record<string, number>>())]
        .filter(([id]) => unitId === undefined || id === unitId)
        .map(([id, figures]): UnitCounters => ({ unitId: id, figures: { ...figures } }));
    },
  };
};

export const memorySweeps = (): SweepRepository & { saved: SweepRecord[] } => {
  const saved: SweepRecord[] = [];
  return {
    saved,
    get: async (id) => saved.findLast((sweep) => sweep.id === id),
    list: async (limit) =>
      page(
        [...new Map(saved.map((sweep) => [sweep.id, sweep])).values()]
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
          .slice(0, limit),
      ),
    save: async (record) => {
      saved.push(record);
    },
    runningBetween: async (fromUtc, toUtc) => {
      const latest = new Map(saved.map((sweep) => [sweep.id, sweep]));
      return [...latest.values()].filter(
        (sweep) => sweep.status === "running" && sweep.createdAt >= fromUtc && sweep.createdAt < toUtc,
      );
    },
    abandon: async (sweep, reason, now) => {
      const current = saved.findLast((candidate) => candidate.id === sweep.id);
      if (
        current?.status !== "running" ||
        current.deadline !== sweep.deadline ||
        current.deadline === undefined ||
        Date.parse(current.deadline) >= now.getTime()
      ) {
        return false;
      }
      saved.push({ ...current, status: "failed", error: reason, updatedAt: now.toISOString() });
      return true;
    },
  };
};

type OutboxEntry = { status: "sending" | "sent" | "failed"; token?: string; leaseUntil?: number };

/** The outbox's lease protocol over a map: a claim holds until released, sent, or its lease ends. */
export const memoryOutbox = (): EmailOutbox & { entries: Map<string, OutboxEntry> } => {
  const entries = new Map<string, OutboxEntry>();
  return {
    entries,
    claim: async (key, token, now, leaseUntil) => {
      const entry = entries.get(key);
      if (entry?.status === "sent") return { claimed: false, status: "sent" };
      if (entry?.status === "sending" && (entry.leaseUntil ?? 0) > now.getTime()) {
        return {
          claimed: false,
          status: "sending",
          leaseUntil: new Date(entry.leaseUntil ?? 0).toISOString(),
        };
      }
      entries.set(key, { status: "sending", token, leaseUntil: leaseUntil.getTime() });
      return { claimed: true, token };
    },
    markSent: async (key) => {
      entries.set(key, { status: "sent" });
    },
    release: async (key, token) => {
      if (entries.get(key)?.token === token) entries.set(key, { status: "failed" });
    },
  };
};

export const memoryMailer = (
  refuse: (email: OutgoingEmail) => boolean = () => false,
): Mailer & { sent: OutgoingEmail[] } => {
  const sent: OutgoingEmail[] = [];
  return {
    sent,
    send: async (email) => {
      // Worded like SES's own refusals, which quote the recipients.
      if (refuse(email)) throw new Error(`Email address is not verified: ${email.to.join(", ")}`);
      sent.push(email);
      return `message-${sent.length}`;
    },
  };
};

/**
 * The same object, with every method call it receives recorded, so a test can say which parts of a
 * dependency were used (or that none was): `calls` holds the method names, `log` names and arguments.
 */
export const recordingCalls = <T extends object>(
  target: T,
): T & { calls: string[]; log: [method: string, args: unknown[]][] } => {
  const calls: string[] = [];
  const log: [string, unknown[]][] = [];
  const proxy = new Proxy(target, {
    get(object, property, receiver) {
      if (property === "calls") return calls;
      if (property === "log") return log;
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        log.push([String(property), args]);
        return Reflect.apply(value, object, args);
      };
    },
  });
  return proxy as T & { calls: string[]; log: [string, unknown[]][] };
};

/** A sweep run's dependencies, all in memory, on a clock that waiting for a digest's claim moves. */
export const memorySweepRunDeps = (
  seed: {
    facts?: FactRecord[];
    requests?: RequestRecord[];
    violations?: ViolationRecord[];
    units?: Unit[];
    plans?: PlanRecord[];
    openComplaints?: OpenComplaint[];
    outstandingSecondments?: OutstandingSecondment[];
    plaquesToRemove?: PlaqueToRemove[];
    refuse?: (email: OutgoingEmail) => boolean;
    now?: string;
  } = {},
) => {
  const clock = fixedClock(seed.now);
  const facts = memoryFacts(seed.facts);
  const plans = seed.plans ?? [];
  return {
    sweeps: memorySweeps(),
    facts,
    requests: memoryRequests(seed.requests),
    plans: {
      sweepView: async (year: number, kind: PlanKind) => ({
        plan: plans.find((plan) => plan.year === year && plan.kind === kind),
        reported: new Map(
          [...facts.counted]
            .filter(([key]) => key.startsWith(`${year}#${kind}#`))
            .map(([key, count]) => [key.split("#")[2] ?? "", count]),
        ),
        additions: [],
      }),
    },
    violations: memoryViolations(seed.violations),
    units: memoryUnits(seed.units),
    complaints: { unclosed: async () => seed.openComplaints ?? [] },
    secondments: { outstanding: async () => seed.outstandingSecondments ?? [] },
    plaques: { toRemove: async () => seed.plaquesToRemove ?? [] },
    outbox: memoryOutbox(),
    mailer: memoryMailer(seed.refuse),
    clock,
    ids: sequentialIds("S"),
    settings: {
      timeZone: "Asia/Shanghai",
      locale: "en" as const,
      runnerTimeoutSeconds: 300,
      thresholds: ruleThresholds,
      violationDueDays: 14,
      approvingUnitId: "city-office",
      supervisionUnitId: "supervision-office",
    },
    sleep: async (ms: number) => {
      clock.set(new Date(clock.now().getTime() + ms).toISOString());
    },
  };
};

/**
 * The requests context on in-memory fakes, as a unit test builds it: the deployment's default
 * limits and settings, a clock the test moves, ids R0001, R0002, ...
 */
export const memoryRequestContext = (
  seed: { requests?: RequestRecord[]; plans?: PlanRecord[]; now?: string } = {},
) => {
  const requests = memoryRequests(seed.requests);
  const plans = memoryPlanReader(requests, seed.plans);
  const notices = memoryNotices();
  const clock = fixedClock(seed.now ?? "2026-11-20T00:00:00.000Z");
  const useCases = makeRequestUseCases({
    requests,
    plans,
    notices,
    clock,
    ids: sequentialIds("R"),
    limits: { meetingMaxMinutes: 90, meetingMinNoticeHours: 72, documentMaxPages: 10 },
    settings: { timeZone: "Asia/Shanghai", decideDays: 5 },
  });
  return { requests, plans, notices, clock, useCases };
};

/** The counter changes of every write, in order, as the store would add them in its transactions. */
const countedIn = (counted: CounterChange[], changes: readonly CounterChange[]) =>
  void counted.push(...changes.filter((change) => Object.values(change.deltas).some((delta) => delta !== 0)));

/** The secondment register, listed in each partition's order as the store lists it. */
export const memorySecondments = (
  initial: Secondment[] = [],
): SecondmentRepository & { records: Map<string, Secondment>; audits: Audits; counted: CounterChange[] } => {
  const records = new Map(initial.map((record) => [record.id, record]));
  const audits: Audits = new Map();
  const counted: CounterChange[] = [];
  const listed = (filter: SecondmentFilter) => {
    const found = [...records.values()].filter(
      (record) =>
        (filter.borrower === undefined || record.toUnitId === filter.borrower) &&
        (filter.lender === undefined || record.fromUnitId === filter.lender) &&
        (filter.status === undefined || record.status === filter.status),
    );
    return filter.borrower === undefined && filter.lender === undefined && filter.status !== undefined
      ? found.sort((a, b) => a.returnBy.localeCompare(b.returnBy) || a.id.localeCompare(b.id))
      : found.sort((a, b) => b.startDate.localeCompare(a.startDate) || b.id.localeCompare(a.id));
  };
  return {
    records,
    audits,
    counted,
    get: async (id) => records.get(id),
    getWithAudit: async (id) => ({ record: records.get(id), audit: audits.get(id) ?? [] }),
    create: async (record, caller, counters) => {
      if (records.has(record.id)) throw new ConflictError("exists", "ALREADY_EXISTS");
      records.set(record.id, record);
      audit(audits, record.id, caller, "secondment.registered", null, record);
      countedIn(counted, counters);
    },
    replace: async (previous, next, caller, action, counters) => {
      if (records.get(previous.id)?.version !== previous.version) {
        throw new ConflictError(`Secondment ${previous.id} changed meanwhile`, "STATE_CHANGED");
      }
      records.set(next.id, next);
      audit(audits, next.id, caller, action, previous, next);
      countedIn(counted, counters);
    },
    list: async (filter, limit) => page(listed(filter).slice(0, limit)),
    outstanding: async () =>
      [...records.values()]
        .filter((record) => record.status !== "returned")
        .sort((a, b) => a.returnBy.localeCompare(b.returnBy) || a.id.localeCompare(b.id)),
  };
};

/** Plaque types and the plaque register, listed in each partition's order as the store lists them. */
export const memoryPlaques = (
  seed: { types?: PlaqueType[]; plaques?: Plaque[] } = {},
): PlaqueRepository & {
  types: Map<string, PlaqueType>;
  records: Map<string, Plaque>;
  audits: Audits;
  counted: CounterChange[];
} => {
  const types = new Map((seed.types ?? []).map((type) => [type.id, type]));
  const records = new Map((seed.plaques ?? []).map((record) => [record.id, record]));
  const audits: Audits = new Map();
  const counted: CounterChange[] = [];
  const changed = (what: string) => new ConflictError(`${what} changed meanwhile`, "STATE_CHANGED");
  const listed = (filter: PlaqueFilter) =>
    [...records.values()]
      .filter(
        (record) =>
          (filter.villageUnitId === undefined || record.villageUnitId === filter.villageUnitId) &&
          (filter.issuingUnitId === undefined || record.issuingUnitId === filter.issuingUnitId) &&
          (filter.status === undefined || record.status === filter.status),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  return {
    types,
    records,
    audits,
    counted,
    getType: async (id) => types.get(id),
    listTypes: async (limit) => page([...types.values()].slice(0, limit)),
    allTypes: async () => [...types.values()],
    createType: async (type, caller) => {
      if (types.has(type.id)) throw new ConflictError("exists", "ALREADY_EXISTS");
      types.set(type.id, type);
      audit(audits, type.id, caller, "plaque_type.created", null, type);
    },
    replaceType: async (previous, next, caller) => {
      if (types.get(previous.id)?.version !== previous.version) throw changed(`Plaque type ${previous.id}`);
      types.set(next.id, next);
      audit(audits, next.id, caller, "plaque_type.updated", previous, next);
    },
    get: async (id) => records.get(id),
    getWithAudit: async (id) => ({ record: records.get(id), audit: audits.get(id) ?? [] }),
    create: async (record, caller, counters) => {
      if (records.has(record.id)) throw new ConflictError("exists", "ALREADY_EXISTS");
      records.set(record.id, record);
      audit(audits, record.id, caller, "plaque.registered", null, record);
      countedIn(counted, counters);
    },
    replace: async (previous, next, caller, action, counters) => {
      if (records.get(previous.id)?.version !== previous.version) throw changed(`Plaque ${previous.id}`);
      records.set(next.id, next);
      audit(audits, next.id, caller, action, previous, next);
      countedIn(counted, counters);
    },
    list: async (filter, limit) => page(listed(filter).slice(0, limit)),
    toRemove: async () =>
      [...records.values()]
        .filter(
          (record): record is PlaqueDue => record.status === "to_remove" && record.removeBy !== undefined,
        )
        .sort((a, b) => a.removeBy.localeCompare(b.removeBy) || a.id.localeCompare(b.id)),
  };
};

/**
 * Complaints with everything their transactions carry: receipts' hashes, identities kept apart,
 * messages, forwards, counters and the answers keyed POSTs would replay. A change whose complaint
 * moved on since it was read is refused as the store refuses it (STATE_CHANGED).
 */
export const memoryComplaints = (): ComplaintRepository & {
  records: Map<string, ComplaintRecord>;
  audits: Audits;
  receipts: Map<string, ReceiptLookup>;
  identities: Map<string, ReporterIdentity>;
  messageLog: Map<string, ComplaintMessage[]>;
  forwards: Map<string, ForwardRecord>;
  counters: CounterChange[];
  /** what a keyed POST would replay, in the order the writes gave them */
  answers: unknown[];
} => {
  const records = new Map<string, ComplaintRecord>();
  const audits: Audits = new Map();
  const receipts = new Map<string, ReceiptLookup>();
  const identities = new Map<string, ReporterIdentity>();
  const messageLog = new Map<string, ComplaintMessage[]>();
  const forwards = new Map<string, ForwardRecord>();
  const counters: CounterChange[] = [];
  const answers: unknown[] = [];
  const apply = (change: ComplaintChange, caller: Caller) => {
    const { previous, next, action, message, forward } = change;
    if (records.get(previous.id)?.version !== previous.version) {
      throw new ConflictError(`Complaint ${previous.id} changed meanwhile`, "STATE_CHANGED");
    }
    records.set(next.id, next);
    audit(audits, next.id, caller, action, previous, next);
    if (message) messageLog.set(next.id, [...(messageLog.get(next.id) ?? []), message]);
    if (forward) {
      forwards.set(forward.id, forward);
      audit(audits, forward.id, caller, "forward.sent", null, forward);
    }
    counters.push(...(change.counters ?? []));
  };
  return {
    records,
    audits,
    receipts,
    identities,
    messageLog,
    forwards,
    counters,
    answers,
    file: async ({ record, receiptHash, identity, counters: changes }, caller, answer) => {
      if (records.has(record.id)) throw new ConflictError("exists", "ALREADY_EXISTS");
      records.set(record.id, record);
      audit(audits, record.id, caller, "complaint.received", null, record);
      receipts.set(receiptHash, { receiptHash, complaintId: record.id });
      if (identity) identities.set(record.id, identity);
      counters.push(...changes);
      answers.push(answer);
    },
    get: async (id) => records.get(id),
    getWithTrail: async (id) => ({
      record: records.get(id),
      messages: messageLog.get(id) ?? [],
      audit: audits.get(id) ?? [],
    }),
    messages: async (id) => messageLog.get(id) ?? [],
    receipt: async (hash) => receipts.get(hash),
    identity: async (id) => identities.get(id),
    change: async (change, caller, answer) => {
      apply(change, caller);
      answers.push(answer ?? change.next);
    },
    changeAfter: async (change, caller) => apply(change, caller),
    list: async (status, limit) =>
      page(
        [...records.values()]
          .filter((record) => status === undefined || record.status === status)
          .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id))
          .slice(0, limit),
      ),
    unclosed: async () =>
      [...records.values()]
        .filter((record) => !isClosed(record.status))
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)),
    getForward: async (id) => forwards.get(id),
    getForwards: async (ids) => ids.flatMap((id) => forwards.get(id) ?? []),
    forwardsTo: async (unitId, limit) =>
      page(
        [...forwards.values()]
          .filter((forward) => forward.unitId === unitId)
          .sort((a, b) => b.forwardedAt.localeCompare(a.forwardedAt))
          .slice(0, limit),
      ),
    answerForward: async (previous, next, caller, answer) => {
      if (forwards.get(previous.id)?.version !== previous.version) {
        throw new ConflictError(`Forward ${previous.id} changed meanwhile`, "STATE_CHANGED");
      }
      forwards.set(next.id, next);
      audit(audits, next.id, caller, "forward.answered", previous, next);
      answers.push(answer);
    },
  };
};
