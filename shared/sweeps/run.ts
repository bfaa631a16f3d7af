import { setTimeout as sleepFor } from "node:timers/promises";
import type { FactRepository } from "../facts/repository.ts";
import type { PlanRepository } from "../plans/repository.ts";
import { planKinds } from "../plans/schemas.ts";
import type { Clock, IdGenerator } from "../platform/clock.ts";
import type { Mailer, OutgoingEmail } from "../platform/email.ts";
import type { Locale } from "../platform/email-text.ts";
import { ConflictError, NotFoundError } from "../platform/errors.ts";
import { logger } from "../platform/logger.ts";
import type { EmailOutbox } from "../platform/outbox.ts";
import type { Caller } from "../platform/roles.ts";
import { daysOfWindow, utcDaysBetween, weekBefore, windowOfWeek } from "../platform/time.ts";
import type { RequestRepository } from "../requests/repository.ts";
import type { UnitRepository } from "../units/repository.ts";
import type { Unit } from "../units/schemas.ts";
import type { ViolationRepository } from "../violations/repository.ts";
import {
  EVIDENCE_REFS_KEPT,
  isUnresolved,
  type ViolationCandidate,
  type ViolationRecord,
} from "../violations/schemas.ts";
import { renderDigest } from "./digest.ts";
import { ABANDONED_SWEEP, newSweep, resolveWindow, type SweepTrigger } from "./new-sweep.ts";
import type { SweepRepository } from "./repository.ts";
import { evaluate, inputsNeeded, sweepRules } from "./rules/index.ts";
import type {
  OpenComplaint,
  OutstandingSecondment,
  PlaqueToRemove,
  RuleThresholds,
  SweepContext,
  SweepInputs,
  SweepRule,
} from "./rules/rule.ts";
import { FAILED_SUBJECTS_KEPT, type SweepRecord, type UnsentDigest } from "./schemas.ts";
import { renderSummary } from "./summary.ts";

/** Everything a sweep run reads and writes; the runner Lambda, the CLI and the tests pass their own. */
export type SweepRunDeps = {
  sweeps: SweepRepository;
  facts: FactRepository;
  requests: RequestRepository;
  plans: Pick<PlanRepository, "sweepView">;
  violations: ViolationRepository;
  units: UnitRepository;
  complaints: { unclosed(): Promise<OpenComplaint[]> };
  secondments: { outstanding(): Promise<OutstandingSecondment[]> };
  plaques: { toRemove(): Promise<PlaqueToRemove[]> };
  outbox: EmailOutbox;
  mailer: Mailer;
  clock: Clock;
  ids: IdGenerator;
  settings: {
    timeZone: string;
    locale: Locale;
    runnerTimeoutSeconds: number;
    thresholds: RuleThresholds;
    /** Days a violation has to be corrected from when it is opened. */
    violationDueDays: number;
    approvingUnitId: string;
    /** The Supervision Office, which gets the city-wide summary. */
    supervisionUnitId: string;
  };
  rules?: readonly SweepRule[];
  /** How the runner waits for another run's claim on a digest; tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
};

/**
 * How long a claim on one digest holds. One send is bounded by the SES client's timeouts (two
 * attempts of at most 2 s to connect and 5 s to answer) and marking it sent by DynamoDB's (two
 * tries of two 3 s attempts): a run that still holds a claim after this long has crashed, and its
 * digest may be taken over. Lambda retries a failed invocation after about a minute, by when the
 * claims of the failed attempt have lapsed.
 */
export const DIGEST_LEASE_MS = 30_000;
const CLAIM_POLL_MS = 500;
const MARK_SENT_ATTEMPTS = 2;

const sweepActor = (createdBy: string): Caller => ({
  sub: createdBy,
  roles: ["supervisor"],
  unitId: undefined,
});

/**
 * One digest per unit per window, whatever a re-run finds: a re-run sends only what an earlier
 * run could not, so nobody gets the same week twice.
 */
const digestKeyOf = (window: string, unitId: string): string => `${window}#${unitId}`;

type Outcome = Omit<SweepRecord["counts"], "factsRead"> & {
  unsentDigests: UnsentDigest[];
  failedSubjects: string[];
};

const describeFailure = (error: unknown) => {
  if (!(error instanceof Error)) return { name: typeof error };
  const metadata = "$metadata" in error ? error.$metadata : undefined;
  const status =
    typeof metadata === "object" && metadata !== null && "httpStatusCode" in metadata
      ? metadata.httpStatusCode
      : undefined;
  return { name: error.name, ...(typeof status === "number" ? { httpStatus: status } : {}) };
};

const problemsOf = (outcome: Outcome): string | undefined => {
  const parts = [
    ...(outcome.unsentDigests.length > 0
      ? [
          `${outcome.unsentDigests.length} digest(s) not sent (${outcome.unsentDigests
            .map((digest) => `${digest.unitId}: ${digest.reason}`)
            .join(", ")})`,
        ]
      : []),
    ...(outcome.subjectsFailed > 0 ? [`${outcome.subjectsFailed} violation(s) not written`] : []),
  ];
  return parts.length > 0 ? `${parts.join(" and ")}; run the sweep again` : undefined;
};

export const makeSweepRunner = (deps: SweepRunDeps) => {
  const rules = deps.rules ?? sweepRules;
  const needed = inputsNeeded(rules);
  const sleep = deps.sleep ?? ((ms: number) => sleepFor(ms));

  /**
   * Reads only what the rules need, and for the window only: one byDay query per UTC day for
   * facts and requests, the plans of the window's years, the visits of its months so far, the
   * approval queue and the units. Never a scan, so a table's years of history cost nothing.
   */
  const readInputs = async (sweep: SweepRecord): Promise<{ inputs: SweepInputs; context: SweepContext }> => {
    const { timeZone } = deps.settings;
    const days = daysOfWindow(windowOfWeek(sweep.window, timeZone));
    const utcDays = utcDaysBetween(sweep.windowStartUtc, sweep.windowEndUtc);
    const perUtcDay = <T>(read: (day: string) => Promise<T[]>) =>
      Promise.all(utcDays.map(read)).then((lists) => lists.flat());
    const years = [...new Set(days.map((day) => Number(day.slice(0, 4))))];
    const months = Map.groupBy(days, (day) => day.slice(0, 7));
    const [
      facts,
      requests,
      pendingRequests,
      plans,
      units,
      monthVisits,
      openComplaints,
      outstandingSecondments,
      plaquesToRemove,
    ] = await Promise.all([
      needed.has("facts")
        ? perUtcDay((day) => deps.facts.happenedOnUtcDay(day, sweep.windowStartUtc, sweep.windowEndUtc))
        : [],
      // A request covers only what happens on its own days, so one outside the window covers
      // nothing in it, even when a report names it.
      needed.has("requests")
        ? perUtcDay((day) => deps.requests.happeningOnUtcDay(day, sweep.windowStartUtc, sweep.windowEndUtc))
        : [],
      needed.has("pendingRequests") ? deps.requests.waitingSince(sweep.windowEndUtc) : [],
      needed.has("plans")
        ? Promise.all(
            years.flatMap((year) =>
              planKinds.map(async (kind) => ({ year, kind, ...(await deps.plans.sweepView(year, kind)) })),
            ),
          )
        : [],
      // Every run reads the units: digests go to their addresses.
      deps.units.all(),
      needed.has("monthVisits")
        ? Promise.all(
            [...months].map(([month, inWindow]) =>
              deps.facts.visitsInMonth(month, `${month}-01`, inWindow.at(-1) ?? `${month}-31`),
            ),
          ).then((lists) =>
            // Every visit names its target; an occurrence without one is not a visit to count.
            lists
              .flat()
              .flatMap(({ id, subjectUnitId, targetUnitId, day, happenedAt }) =>
                targetUnitId === undefined
                  ? []
                  : [{ id, leadUnitId: subjectUnitId, targetUnitId, day, visitedAt: happenedAt }],
              ),
          )
        : [],
      // The registers and complaints are read whole: their queues hold only what is still open.
      needed.has("openComplaints") ? deps.complaints.unclosed() : [],
      needed.has("outstandingSecondments") ? deps.secondments.outstanding() : [],
      needed.has("plaquesToRemove") ? deps.plaques.toRemove() : [],
    ]);
    return {
      inputs: {
        facts,
        requests,
        pendingRequests,
        plans,
        units: new Map(units.map((unit) => [unit.id, unit])),
        monthVisits,
        openComplaints,
        outstandingSecondments,
        plaquesToRemove,
      },
      context: {
        timeZone,
        thresholds: deps.settings.thresholds,
        window: { label: sweep.window, startUtc: sweep.windowStartUtc, endUtc: sweep.windowEndUtc, days },
        approvingUnitId: deps.settings.approvingUnitId,
        supervisionUnitId: deps.settings.supervisionUnitId,
      },
    };
  };

  /** Marks the sweeps whose runner ended without finishing them, so none reads as running forever. */
  const abandonStale = async (self: string, now: Date) => {
    const fortnightAgo = new Date(now.getTime() - 14 * 86_400_000).toISOString();
    const running = await deps.sweeps.runningBetween(fortnightAgo, now.toISOString());
    for (const sweep of running) {
      if (sweep.id === self || sweep.deadline === undefined || Date.parse(sweep.deadline) >= now.getTime()) {
        continue;
      }
      if (await deps.sweeps.abandon(sweep, ABANDONED_SWEEP, now)) {
        logger.warn("sweep abandoned by its runner marked failed", { sweepId: sweep.id });
      }
    }
  };

  /**
   * Opens the violation, or brings its evidence up to date when later reports added to it. Every
   * reference goes beside the record; the record keeps the count and the first few. Answers the
   * violation as it now stands, and whether this call opened it.
   */
  const writeViolation = async (
    candidate: ViolationCandidate,
    existing: ViolationRecord | undefined,
    sweep: SweepRecord,
    at: string,
  ): Promise<{ violation: ViolationRecord | undefined; opened: boolean }> => {
    const factIds = [...new Set(candidate.evidence.factIds)].sort();
    if (existing && existing.evidence.count >= factIds.length) return { violation: existing, opened: false };
    const evidence = { count: factIds.length, factIds: factIds.slice(0, EVIDENCE_REFS_KEPT) };
    await deps.violations.putEvidence(candidate.id, factIds);
    const actor = sweepActor(sweep.createdBy);
    if (!existing) {
      const record: ViolationRecord = {
        ...candidate,
        evidence,
        status: "open",
        dueAt: new Date(Date.parse(at) + deps.settings.violationDueDays * 86_400_000).toISOString(),
        window: sweep.window,
        sweepId: sweep.id,
        createdBy: sweep.createdBy,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      if (await deps.violations.createIfAbsent(record, actor)) return { violation: record, opened: true };
      // It exists after all: opened by another run meanwhile, or resolved in an earlier week (which
      // the queues read up front do not hold). Its evidence may still be the smaller.
      const [stored] = await deps.violations.getMany([candidate.id]);
      if (!stored) return { violation: undefined, opened: false };
      return { violation: (await writeViolation(candidate, stored, sweep, at)).violation, opened: false };
    }
    const next = {
      ...existing,
      summary: candidate.summary,
      ...(candidate.detail ? { detail: candidate.detail } : {}),
      evidence,
      updatedAt: at,
      version: existing.version + 1,
    };
    try {
      await deps.violations.replace(existing, next, actor, "violation.evidence_added");
      return { violation: next, opened: false };
    } catch (error) {
      // Another run changed it meanwhile; whichever wrote, the next sweep sees the same facts.
      if (!(error instanceof ConflictError)) throw error;
      return { violation: existing, opened: false };
    }
  };

  const markSent = async (key: string, messageId: string) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await deps.outbox.markSent(key, messageId, deps.clock.now());
        return;
      } catch (error) {
        if (attempt >= MARK_SENT_ATTEMPTS) throw error;
        await sleep(200 * attempt);
      }
    }
  };

  /**
   * Sends one digest at most once: claimed with a lease before sending, marked sent after. A claim
   * held by another run is waited out (that run either sends or its lease ends) while this run has
   * time to send after it.
   */
  const deliver = async (
    key: string,
    email: OutgoingEmail,
    deadline: Date,
    context: { unitId: string; sweepId: string },
  ): Promise<"sent" | "already_sent" | UnsentDigest["reason"]> => {
    const token = deps.ids.next();
    for (let waited = false; ; waited = true) {
      const now = deps.clock.now();
      if (now.getTime() + DIGEST_LEASE_MS > deadline.getTime()) {
        return waited ? "claimed_by_another_run" : "out_of_time";
      }
      const claim = await deps.outbox.claim(key, token, now, new Date(now.getTime() + DIGEST_LEASE_MS));
      if (claim.claimed) break;
      if (claim.status === "sent") return "already_sent";
      const heldFor = Date.parse(claim.leaseUntil) - now.getTime();
      await sleep(Math.max(50, Math.min(heldFor, CLAIM_POLL_MS)));
    }
    let messageId: string;
    try {
      messageId = await deps.mailer.send(email);
    } catch (error) {
      // The cause by name and status only: SES's messages can quote the recipients' addresses.
      logger.error("digest not sent", { ...context, cause: describeFailure(error) });
      await deps.outbox.release(key, token, deps.clock.now()).catch((releaseError: unknown) => {
        logger.error("digest claim not released; it lapses with its lease", {
          ...context,
          cause: describeFailure(releaseError),
        });
      });
      return "send_failed";
    }
    try {
      await markSent(key, messageId);
    } catch (error) {
      logger.error("digest sent but not recorded; a run after its lease may send it again", {
        ...context,
        messageId,
        cause: describeFailure(error),
      });
      return "sent_not_recorded";
    }
    return "sent";
  };

  /**
   * One digest to each unit with something unresolved (new this week, still open, overdue, due
   * soon), then the city-wide summary to the Supervision Office. Each goes out once per content.
   */
  const sendEmails = async (
    sweep: SweepRecord,
    units: Map<string, Unit>,
    deadline: Date,
    found: {
      unresolved: ViolationRecord[];
      opened: ViolationRecord[];
      previousWindow: string;
      openedBefore: ViolationRecord[];
    },
  ) => {
    const { timeZone, locale, supervisionUnitId } = deps.settings;
    const { unresolved, opened, previousWindow, openedBefore } = found;
    const now = deps.clock.now();
    const unitNames = new Map([...units.values()].map((unit) => [unit.id, unit.name]));
    let sent = 0;
    const unsent: UnsentDigest[] = [];
    const send = async (key: string, email: OutgoingEmail, unitId: string) => {
      const result = await deliver(key, email, deadline, { unitId, sweepId: sweep.id });
      if (result === "sent") sent += 1;
      else if (result !== "already_sent") unsent.push({ unitId, reason: result });
    };
    const unreachable: string[] = [];
    for (const [unitId, violations] of Map.groupBy(unresolved, (violation) => violation.unitId)) {
      const unit = units.get(unitId);
      if (!unit || unit.emails.length === 0) {
        logger.warn("no digest address for unit", { unitId, sweepId: sweep.id });
        unreachable.push(unitId);
        continue;
      }
      await send(
        digestKeyOf(sweep.window, unitId),
        renderDigest({ unit, window: sweep.window, now, timeZone, locale, violations, unitNames }),
        unitId,
      );
    }
    const office = units.get(supervisionUnitId);
    if (!office || office.emails.length === 0) {
      logger.warn("no address for the city-wide summary", { unitId: supervisionUnitId, sweepId: sweep.id });
    } else {
      await send(
        digestKeyOf(sweep.window, `${supervisionUnitId}#summary`),
        renderSummary({
          recipient: office,
          window: sweep.window,
          previousWindow,
          now,
          timeZone,
          locale,
          opened,
          openedBefore,
          unresolved,
          unitNames,
          unreachable: unreachable.sort(),
        }),
        supervisionUnitId,
      );
    }
    return { sent, unsent };
  };

  /** A dry run reports what a real run would open, and writes and sends nothing. */
  const preview = async (candidates: ViolationCandidate[]): Promise<Outcome> => {
    const existing = await deps.violations.getMany(candidates.map((candidate) => candidate.id));
    const open = existing.filter((violation) => violation.status === "open").length;
    const created = candidates.length - existing.length;
    return {
      newViolations: created,
      openViolations: open + created,
      emailsSent: 0,
      emailsFailed: 0,
      subjectsFailed: 0,
      unsentDigests: [],
      failedSubjects: [],
    };
  };

  /**
   * Writes the candidates and sends the emails. What the emails list is read before writing, in
   * three Queries (every unresolved violation, this week's and last week's), and brought up to date
   * with what this run wrote: the indexes may not show a write yet, and no violation is read twice.
   */
  const apply = async (
    sweep: SweepRecord,
    candidates: ViolationCandidate[],
    units: Map<string, Unit>,
    deadline: Date,
  ): Promise<Outcome> => {
    const at = deps.clock.now().toISOString();
    const previousWindow = weekBefore(sweep.window, deps.settings.timeZone);
    const [unresolved, opened, openedBefore] = await Promise.all([
      deps.violations.unresolved(),
      deps.violations.openedIn(sweep.window),
      deps.violations.openedIn(previousWindow),
    ]);
    const known = new Map([...opened, ...unresolved].map((violation) => [violation.id, violation]));
    const written = new Map<string, ViolationRecord>();
    let created = 0;
    const failed: string[] = [];
    // One subject's failure (a throttled write, an item the table refuses) must not stop the others.
    for (const candidate of candidates) {
      try {
        const { violation, opened: isNew } = await writeViolation(
          candidate,
          known.get(candidate.id),
          sweep,
          at,
        );
        if (isNew) created += 1;
        if (violation) written.set(violation.id, violation);
      } catch (error) {
        failed.push(candidate.id);
        logger.error("violation not written; the next run retries it", {
          violationId: candidate.id,
          sweepId: sweep.id,
          cause: describeFailure(error),
        });
      }
    }
    const current = (list: ViolationRecord[], extra: ViolationRecord[]) => [
      ...new Map(
        [...list, ...extra].map((violation) => [violation.id, written.get(violation.id) ?? violation]),
      ).values(),
    ];
    const writtenList = [...written.values()];
    const emails = await sendEmails(sweep, units, deadline, {
      unresolved: current(unresolved, writtenList).filter((violation) => isUnresolved(violation.status)),
      opened: current(
        opened,
        writtenList.filter((violation) => violation.window === sweep.window),
      ),
      previousWindow,
      openedBefore,
    });
    return {
      newViolations: created,
      openViolations: writtenList.filter((violation) => violation.status === "open").length,
      emailsSent: emails.sent,
      emailsFailed: emails.unsent.length,
      subjectsFailed: failed.length,
      unsentDigests: emails.unsent,
      failedSubjects: failed.sort().slice(0, FAILED_SUBJECTS_KEPT),
    };
  };

  /**
   * Evaluates every rule over a recorded sweep's window, opens new violations and sends digests.
   * `timeLeftMs` is how long the invocation running it has before it is stopped (a Lambda's
   * remaining time); without it, a whole runner timeout.
   */
  const execute = async (recorded: SweepRecord, timeLeftMs?: number): Promise<SweepRecord> => {
    const started = deps.clock.now();
    const runUntil = new Date(started.getTime() + (timeLeftMs ?? deps.settings.runnerTimeoutSeconds * 1000));
    // A re-run starts clean: what an earlier attempt failed at is redone or reported anew.
    const { error: _error, unsentDigests: _unsent, failedSubjects: _failed, ...base } = recorded;
    const sweep: SweepRecord = {
      ...base,
      status: "running",
      deadline: runUntil.toISOString(),
      updatedAt: started.toISOString(),
    };
    await deps.sweeps.save(sweep);
    try {
      await abandonStale(sweep.id, started);
      const { inputs, context } = await readInputs(sweep);
      const candidates = evaluate(inputs, context, rules);
      const { unsentDigests, failedSubjects, ...counts } = sweep.dryRun
        ? await preview(candidates)
        : await apply(sweep, candidates, inputs.units, runUntil);
      const problems = problemsOf({ unsentDigests, failedSubjects, ...counts });
      const finished = deps.clock.now();
      const result: SweepRecord = {
        ...sweep,
        status: problems ? "failed" : "completed",
        counts: { factsRead: inputs.facts.length, ...counts },
        durationMs: finished.getTime() - started.getTime(),
        ...(problems ? { error: problems } : {}),
        ...(unsentDigests.length > 0 ? { unsentDigests } : {}),
        ...(failedSubjects.length > 0 ? { failedSubjects } : {}),
        updatedAt: finished.toISOString(),
      };
      await deps.sweeps.save(result);
      return result;
    } catch (error) {
      const finished = deps.clock.now();
      await deps.sweeps.save({
        ...sweep,
        status: "failed",
        error: "The sweep stopped on an internal error; run it again",
        durationMs: finished.getTime() - started.getTime(),
        updatedAt: finished.toISOString(),
      });
      throw error;
    }
  };

  return {
    execute,

    /**
     * The runner's entry for a sweep the API recorded. A delivery of a sweep that already
     * completed changes nothing; a failed or unfinished one is run again.
     */
    async runRecorded(sweepId: string, timeLeftMs?: number): Promise<SweepRecord> {
      const sweep = await deps.sweeps.get(sweepId);
      if (!sweep) throw new NotFoundError(`Sweep ${sweepId} not found`);
      if (sweep.status === "completed") return sweep;
      return execute(sweep, timeLeftMs);
    },

    /** A sweep started by the schedule or the command line: recorded and run in one go. */
    async run(input: {
      window?: string | undefined;
      /** The instant the default window is counted back from; a late scheduled delivery passes its own. */
      asOf?: Date | undefined;
      dryRun: boolean;
      trigger: SweepTrigger;
      createdBy: string;
      timeLeftMs?: number | undefined;
    }): Promise<SweepRecord> {
      const now = deps.clock.now();
      const window = resolveWindow(input.window, input.asOf ?? now, deps.settings.timeZone);
      const sweep = newSweep(deps.ids.next(), window, input, now, deps.settings.runnerTimeoutSeconds);
      return execute(sweep, input.timeLeftMs);
    },
  };
};

export type SweepRunner = ReturnType<typeof makeSweepRunner>;
