import { createHash } from "node:crypto";
import type { FactRepository } from "../facts/repository.ts";
import type { Clock, IdGenerator } from "../platform/clock.ts";
import type { Mailer } from "../platform/email.ts";
import { NotFoundError } from "../platform/errors.ts";
import { logger } from "../platform/logger.ts";
import type { Caller } from "../platform/roles.ts";
import { type SweepWindow, utcDaysBetween } from "../platform/time.ts";
import type { RequestRepository } from "../requests/repository.ts";
import type { UnitRepository } from "../units/repository.ts";
import type { ViolationRepository } from "../violations/repository.ts";
import type { ViolationCandidate, ViolationRecord } from "../violations/schemas.ts";
import { type Locale, renderDigest } from "./digest.ts";
import { newSweep, resolveWindow, type SweepTrigger } from "./new-sweep.ts";
import type { DigestOutbox, SweepRepository } from "./repository.ts";
import { evaluate, inputsNeeded, sweepRules } from "./rules/index.ts";
import type { SweepInputs, SweepRule } from "./rules/rule.ts";
import type { SweepRecord } from "./schemas.ts";

/** Everything a sweep run reads and writes; the runner Lambda, the CLI and the tests pass their own. */
export type SweepRunDeps = {
  sweeps: SweepRepository;
  facts: FactRepository;
  requests: RequestRepository;
  violations: ViolationRepository;
  units: UnitRepository;
  outbox: DigestOutbox;
  mailer: Mailer;
  clock: Clock;
  ids: IdGenerator;
  settings: { timeZone: string; locale: Locale };
  rules?: readonly SweepRule[];
};

const sweepActor = (createdBy: string): Caller => ({
  sub: createdBy,
  roles: ["supervisor"],
  unitId: undefined,
});

/** Same window, same unit, same violations: same key, so that digest goes out once. */
const digestKeyOf = (window: string, unitId: string, violations: ViolationRecord[]): string => {
  const ids = violations.map((violation) => violation.id).sort();
  const hash = createHash("sha256").update(ids.join("\n")).digest("base64url").slice(0, 22);
  return `${window}#${unitId}#${hash}`;
};

type Outcome = Omit<SweepRecord["counts"], "factsRead">;

const describeFailure = (error: unknown) => {
  if (!(error instanceof Error)) return { name: typeof error };
  const metadata = "$metadata" in error ? error.$metadata : undefined;
  const status =
    typeof metadata === "object" && metadata !== null && "httpStatusCode" in metadata
      ? metadata.httpStatusCode
      : undefined;
  return { name: error.name, ...(typeof status === "number" ? { httpStatus: status } : {}) };
};

export const makeSweepRunner = (deps: SweepRunDeps) => {
  const rules = deps.rules ?? sweepRules;
  const needed = inputsNeeded(rules);

  /** Reads only the window, and only what the rules need: one byDay query per UTC day, never a scan. */
  const readInputs = async (window: Pick<SweepWindow, "startUtc" | "endUtc">): Promise<SweepInputs> => {
    const days = utcDaysBetween(window.startUtc, window.endUtc);
    const perDay = <T>(read: (day: string) => Promise<T[]>) =>
      Promise.all(days.map(read)).then((lists) => lists.flat());
    const [facts, requestsInWindow] = await Promise.all([
      needed.has("facts")
        ? perDay((day) => deps.facts.happenedOnUtcDay(day, window.startUtc, window.endUtc))
        : [],
      needed.has("requests")
        ? perDay((day) => deps.requests.happeningOnUtcDay(day, window.startUtc, window.endUtc))
        : [],
    ]);
    if (!needed.has("requests")) return { facts, requests: [] };
    const known = new Set(requestsInWindow.map((request) => request.id));
    const named = facts.flatMap((fact) =>
      fact.requestId !== undefined && !known.has(fact.requestId) ? [fact.requestId] : [],
    );
    return { facts, requests: [...requestsInWindow, ...(await deps.requests.getMany(named))] };
  };

  const recordOf = (candidate: ViolationCandidate, sweep: SweepRecord, at: string): ViolationRecord => ({
    ...candidate,
    status: "open",
    window: sweep.window,
    sweepId: sweep.id,
    createdBy: sweep.createdBy,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });

  const sendDigests = async (sweep: SweepRecord, violations: ViolationRecord[]) => {
    const unresolved = violations.filter(
      (violation) => violation.status === "open" || violation.status === "responded",
    );
    let sent = 0;
    let failed = 0;
    for (const [unitId, unitViolations] of Map.groupBy(unresolved, (violation) => violation.unitId)) {
      const unit = await deps.units.get(unitId);
      if (!unit || unit.emails.length === 0) {
        logger.warn("no digest address for unit", { unitId, sweepId: sweep.id });
        continue;
      }
      const key = digestKeyOf(sweep.window, unitId, unitViolations);
      if (!(await deps.outbox.claim(key, deps.clock.now()))) continue;
      try {
        const messageId = await deps.mailer.send(
          renderDigest(unit, sweep.window, unitViolations, deps.settings.locale),
        );
        await deps.outbox.markSent(key, messageId, deps.clock.now());
        sent += 1;
      } catch (error) {
        // The cause by name and status only: SES's messages can quote the recipients' addresses.
        logger.error("digest not sent", { unitId, sweepId: sweep.id, cause: describeFailure(error) });
        await deps.outbox.markFailed(key, deps.clock.now());
        failed += 1;
      }
    }
    return { sent, failed };
  };

  /** A dry run reports what a real run would open, and writes and sends nothing. */
  const preview = async (candidates: ViolationCandidate[]): Promise<Outcome> => {
    const existing = await deps.violations.getMany(candidates.map((candidate) => candidate.id));
    const open = existing.filter((violation) => violation.status === "open").length;
    const created = candidates.length - existing.length;
    return { newViolations: created, openViolations: open + created, emailsSent: 0, emailsFailed: 0 };
  };

  const apply = async (
    sweep: SweepRecord,
    candidates: ViolationCandidate[],
    at: string,
  ): Promise<Outcome> => {
    const actor = sweepActor(sweep.createdBy);
    let created = 0;
    for (const candidate of candidates) {
      if (await deps.violations.createIfAbsent(recordOf(candidate, sweep, at), actor)) created += 1;
    }
    const current = await deps.violations.getMany(candidates.map((candidate) => candidate.id));
    const emails = await sendDigests(sweep, current);
    return {
      newViolations: created,
      openViolations: current.filter((violation) => violation.status === "open").length,
      emailsSent: emails.sent,
      emailsFailed: emails.failed,
    };
  };

  /** Evaluates every rule over a recorded sweep's window, opens new violations and sends digests. */
  const execute = async (sweep: SweepRecord): Promise<SweepRecord> => {
    const started = deps.clock.now();
    try {
      const inputs = await readInputs({ startUtc: sweep.windowStartUtc, endUtc: sweep.windowEndUtc });
      const candidates = evaluate(inputs, deps.settings.timeZone, rules);
      const outcome = sweep.dryRun
        ? await preview(candidates)
        : await apply(sweep, candidates, started.toISOString());
      const finished = deps.clock.now();
      const result: SweepRecord = {
        ...sweep,
        status: outcome.emailsFailed > 0 ? "failed" : "completed",
        counts: { factsRead: inputs.facts.length, ...outcome },
        durationMs: finished.getTime() - started.getTime(),
        ...(outcome.emailsFailed > 0
          ? { error: `${outcome.emailsFailed} digest(s) could not be sent; run the sweep again` }
          : {}),
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

    /** The runner's entry for a sweep the API recorded. */
    async runRecorded(sweepId: string): Promise<SweepRecord> {
      const sweep = await deps.sweeps.get(sweepId);
      if (!sweep) throw new NotFoundError(`Sweep ${sweepId} not found`);
      return execute(sweep);
    },

    /** A sweep started by the schedule or the command line: recorded and run in one go. */
    async run(input: {
      window?: string | undefined;
      /** The instant the default window is counted back from; a late scheduled delivery passes its own. */
      asOf?: Date | undefined;
      dryRun: boolean;
      trigger: SweepTrigger;
      createdBy: string;
    }): Promise<SweepRecord> {
      const now = deps.clock.now();
      const window = resolveWindow(input.window, input.asOf ?? now, deps.settings.timeZone);
      const sweep = newSweep(deps.ids.next(), window, input, now);
      await deps.sweeps.save(sweep);
      return execute(sweep);
    },
  };
};

export type SweepRunner = ReturnType<typeof makeSweepRunner>;
