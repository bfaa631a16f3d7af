import { createHash } from "node:crypto";
import { config } from "../config.ts";
import { type EventRepository, eventRepository } from "../db/events-repo.ts";
import { type RequestRepository, requestRepository } from "../db/requests-repo.ts";
import { newId } from "../db/store.ts";
import { type DigestOutbox, digestOutbox, type SweepRepository, sweepRepository } from "../db/sweeps-repo.ts";
import { type UnitRepository, unitRepository } from "../db/units-repo.ts";
import { type ViolationRepository, violationRepository } from "../db/violations-repo.ts";
import type { Caller } from "../domain/roles.ts";
import type { SweepRecord } from "../domain/sweeps.ts";
import type { ViolationCandidate, ViolationRecord } from "../domain/violations.ts";
import { renderDigest } from "../email/digest.ts";
import { type Mailer, sesMailer } from "../email/mailer.ts";
import { NotFoundError } from "../errors.ts";
import { logger } from "../logger.ts";
import { newSweep, resolveWindow, type SweepTrigger } from "../sweep/new-sweep.ts";
import { evaluate } from "../sweep/rules/index.ts";
import { type SweepWindow, utcDaysBetween } from "../sweep/window.ts";

/** Everything a sweep run reads and writes; the runner Lambda, the CLI and the tests pass their own. */
export type SweepRunDeps = {
  sweeps: SweepRepository;
  events: EventRepository;
  requests: RequestRepository;
  violations: ViolationRepository;
  units: UnitRepository;
  outbox: DigestOutbox;
  mailer: Mailer;
  now: () => Date;
};

const sweepActor = (startedBy: string): Caller => ({
  sub: startedBy,
  roles: ["supervisor"],
  unitId: undefined,
});

/** Reads only the window: one byDay query per UTC day it touches, never a scan. */
const readFacts = async (window: Pick<SweepWindow, "startUtc" | "endUtc">, deps: SweepRunDeps) => {
  const days = utcDaysBetween(window.startUtc, window.endUtc);
  const [events, requestsInWindow] = await Promise.all([
    Promise.all(days.map((day) => deps.events.occurredOnUtcDay(day, window.startUtc, window.endUtc))),
    Promise.all(days.map((day) => deps.requests.startingOnUtcDay(day, window.startUtc, window.endUtc))),
  ]);
  const facts = events.flat();
  const known = new Set(requestsInWindow.flat().map((request) => request.id));
  const named = facts.flatMap((event) =>
    event.body.requestId !== undefined && !known.has(event.body.requestId) ? [event.body.requestId] : [],
  );
  const requests = [...requestsInWindow.flat(), ...(await deps.requests.getMany(named))];
  return { events: facts, requests };
};

const recordOf = (candidate: ViolationCandidate, sweep: SweepRecord, at: string): ViolationRecord => ({
  ...candidate,
  status: "open",
  window: sweep.window,
  sweepId: sweep.id,
  version: 1,
  createdAt: at,
  updatedAt: at,
});

/** Same window, same unit, same violations: same key, so that digest goes out once. */
const digestKeyOf = (window: string, unitId: string, violations: ViolationRecord[]): string => {
  const ids = violations.map((violation) => violation.id).sort();
  const hash = createHash("sha256").update(ids.join("\n")).digest("base64url").slice(0, 22);
  return `${window}#${unitId}#${hash}`;
};

const sendDigests = async (sweep: SweepRecord, violations: ViolationRecord[], deps: SweepRunDeps) => {
  const unresolved = violations.filter(
    (violation) => violation.status === "open" || violation.status === "responded",
  );
  const byUnit = Map.groupBy(unresolved, (violation) => violation.unitId);
  let sent = 0;
  let failed = 0;
  for (const [unitId, unitViolations] of byUnit) {
    const unit = await deps.units.get(unitId);
    if (!unit || unit.emails.length === 0) {
      logger.warn("no digest address for unit", { unitId, sweepId: sweep.id });
      continue;
    }
    const key = digestKeyOf(sweep.window, unitId, unitViolations);
    if (!(await deps.outbox.claim(key, deps.now()))) continue;
    try {
      const messageId = await deps.mailer.send(
        renderDigest(unit, sweep.window, unitViolations, config().EMAIL_LOCALE),
      );
      await deps.outbox.markSent(key, messageId, deps.now());
      sent += 1;
    } catch {
      await deps.outbox.markFailed(key, deps.now());
      failed += 1;
    }
  }
  return { sent, failed };
};

type Outcome = Omit<SweepRecord["counts"], "eventsRead">;

/** A dry run reports what a real run would open, and writes and sends nothing. */
const preview = async (candidates: ViolationCandidate[], deps: SweepRunDeps): Promise<Outcome> => {
  const existing = await deps.violations.getMany(candidates.map((candidate) => candidate.id));
  const open = existing.filter((violation) => violation.status === "open").length;
  const created = candidates.length - existing.length;
  return { newViolations: created, openViolations: open + created, emailsSent: 0, emailsFailed: 0 };
};

const apply = async (
  sweep: SweepRecord,
  candidates: ViolationCandidate[],
  at: string,
  deps: SweepRunDeps,
): Promise<Outcome> => {
  const actor = sweepActor(sweep.startedBy);
  let created = 0;
  for (const candidate of candidates) {
    if (await deps.violations.createIfAbsent(recordOf(candidate, sweep, at), actor)) created += 1;
  }
  const current = await deps.violations.getMany(candidates.map((candidate) => candidate.id));
  const emails = await sendDigests(sweep, current, deps);
  return {
    newViolations: created,
    openViolations: current.filter((violation) => violation.status === "open").length,
    emailsSent: emails.sent,
    emailsFailed: emails.failed,
  };
};

/** Evaluates every rule over a recorded sweep's window, opens new violations and sends digests. */
export const executeSweep = async (sweep: SweepRecord, deps: SweepRunDeps): Promise<SweepRecord> => {
  const started = deps.now();
  try {
    const facts = await readFacts({ startUtc: sweep.windowStartUtc, endUtc: sweep.windowEndUtc }, deps);
    const candidates = evaluate({ ...facts, timeZone: config().TIME_ZONE });
    const outcome = sweep.dryRun
      ? await preview(candidates, deps)
      : await apply(sweep, candidates, started.toISOString(), deps);
    const finished = deps.now();
    const result: SweepRecord = {
      ...sweep,
      status: outcome.emailsFailed > 0 ? "failed" : "completed",
      counts: { eventsRead: facts.events.length, ...outcome },
      durationMs: finished.getTime() - started.getTime(),
      ...(outcome.emailsFailed > 0
        ? { error: `${outcome.emailsFailed} digest(s) could not be sent; run the sweep again` }
        : {}),
      updatedAt: finished.toISOString(),
    };
    await deps.sweeps.save(result);
    return result;
  } catch (error) {
    const finished = deps.now();
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

export const defaultSweepRunDeps = (): SweepRunDeps => ({
  sweeps: sweepRepository,
  events: eventRepository,
  requests: requestRepository,
  violations: violationRepository,
  units: unitRepository,
  outbox: digestOutbox,
  mailer: sesMailer,
  now: () => new Date(),
});

/** The runner's entry for a sweep the API recorded. */
export const runRecordedSweep = async (sweepId: string, deps: SweepRunDeps = defaultSweepRunDeps()) => {
  const sweep = await deps.sweeps.get(sweepId);
  if (!sweep) throw new NotFoundError(`Sweep ${sweepId} not found`);
  return executeSweep(sweep, deps);
};

/** A sweep started by the schedule or the command line: recorded and run in one go. */
export const runSweep = async (
  input: {
    window?: string | undefined;
    /** The instant the default window is counted back from; a late scheduled delivery passes its own. */
    asOf?: Date | undefined;
    dryRun: boolean;
    trigger: SweepTrigger;
    startedBy: string;
  },
  deps: SweepRunDeps = defaultSweepRunDeps(),
): Promise<SweepRecord> => {
  const now = deps.now();
  const window = resolveWindow(input.window, input.asOf ?? now, config().TIME_ZONE);
  const sweep = newSweep(newId(), window, input, now);
  await deps.sweeps.save(sweep);
  return executeSweep(sweep, deps);
};
