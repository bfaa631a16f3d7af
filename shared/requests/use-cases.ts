import type { PlanRepository, PlanSnapshot } from "../plans/repository.ts";
import type { Clock, IdGenerator } from "../platform/clock.ts";
import { BusinessRuleError, ConflictError, NotFoundError } from "../platform/errors.ts";
import { type Caller, requireUnit, seesAllUnits } from "../platform/roles.ts";
import {
  additionOf,
  cancellableUntil,
  findingsFor,
  happensAt,
  mayAddToPlan,
  nearbyDaysOf,
  planKindOf,
  type RequestLimits,
  refuseIfBarred,
} from "./kinds/index.ts";
import type { RequestSummary } from "./kinds/kind.ts";
import { yearOf } from "./kinds/plan-findings.ts";
import type { RequestRepository, TransitionEffects, VetoItemEntry } from "./repository.ts";
import {
  type CancelBody,
  canTransition,
  type DecisionBody,
  type ListRequestsQuery,
  type RequestRecord,
  type RequestStatus,
  type SubmitRequestBody,
} from "./schemas.ts";

/** What the requests context reads of the plans: the plan, its additions, and the quota counters. */
export type PlanReader = Pick<PlanRepository, "snapshot">;

/** Tells the submitting unit what was decided; called once the decision is stored. */
export type DecisionNotices = { decided(request: RequestRecord): Promise<void> };

export type RequestDeps = {
  requests: RequestRepository;
  plans: PlanReader;
  notices: DecisionNotices;
  clock: Clock;
  ids: IdGenerator;
  limits: RequestLimits;
  settings: { timeZone: string; decideDays: number };
};

const DAY_MS = 86_400_000;
/** More requests merged into one meeting than this is a new meeting, not a merge. */
const MAX_MERGED = 50;

/** Another unit's record is reported as missing, never as forbidden, so its existence does not leak. */
const visibleTo = (caller: Caller, record: RequestRecord | undefined, id: string): RequestRecord => {
  if (!record || (!seesAllUnits(caller) && record.unitId !== caller.unitId)) {
    throw new NotFoundError(`Request ${id} not found`);
  }
  return record;
};

const alreadyIn = (record: RequestRecord) =>
  new ConflictError(`Request ${record.id} is already ${record.status}`, "STATE_CHANGED");

const summaryOf = (record: RequestRecord, timeZone: string): RequestSummary => ({
  id: record.id,
  unitId: record.unitId,
  kind: record.kind,
  status: record.status,
  title: record.title,
  happensAt: happensAt(record, timeZone),
  ...(record.kind === "meeting" ? { attendeeUnitKinds: record.attendeeUnitKinds } : {}),
});

/** The whitelist register's entry of an approved veto item. */
const registerEntryOf = (
  request: Extract<RequestRecord, { kind: "veto_item" }>,
  approval: { at: string; by: string },
): VetoItemEntry => ({
  requestId: request.id,
  unitId: request.unitId,
  title: request.title,
  form: request.form,
  category: request.category,
  targetUnitKinds: request.targetUnitKinds,
  status: "active",
  approvedAt: approval.at,
  approvedBy: approval.by,
});

export const makeRequestUseCases = (deps: RequestDeps) => {
  const { timeZone } = deps.settings;

  /** The plan a request counts against: its kind's plan for the local year it happens in. */
  const planOf = (record: SubmitRequestBody & { createdAt: string }) => {
    const kind = planKindOf(record);
    return kind ? { kind, year: yearOf(happensAt(record, timeZone), timeZone) } : undefined;
  };

  /** The plan a request counts against as it stands, with the unit's quota in it and its use. */
  const planStateOf = async (record: SubmitRequestBody & { createdAt: string }, unitId: string) => {
    const target = planOf(record);
    const snapshot: PlanSnapshot = target
      ? await deps.plans.snapshot(target.year, target.kind)
      : { plan: undefined, usage: new Map(), reported: new Map(), additions: [] };
    const limit = snapshot.plan?.quotas.find((quota) => quota.unitId === unitId)?.limit;
    const quota = limit === undefined ? undefined : { limit, used: snapshot.usage.get(unitId) ?? 0 };
    return { target, plan: snapshot.plan, additions: snapshot.additions, quota };
  };

  const nearbyOf = async (body: SubmitRequestBody, at: string, id: string): Promise<RequestSummary[]> => {
    const days = nearbyDaysOf(body);
    if (days === undefined) return [];
    const center = Date.parse(at);
    const found = await deps.requests.happeningBetween(
      new Date(center - days * DAY_MS).toISOString(),
      new Date(center + days * DAY_MS + 1).toISOString(),
    );
    return found
      .filter(
        (other) =>
          other.id !== id &&
          other.kind === body.kind &&
          (other.status === "submitted" || other.status === "approved"),
      )
      .map((other) => summaryOf(other, timeZone));
  };

  /** What a move sets besides the status: the same on every kind of request. */
  type MoveFields = Partial<Pick<RequestRecord, "decision" | "cancellation">>;
  type Decision = NonNullable<RequestRecord["decision"]>;

  const next = (previous: RequestRecord, to: RequestStatus, extra: MoveFields): RequestRecord => {
    if (!canTransition(previous.status, to)) throw alreadyIn(previous);
    return {
      ...previous,
      ...extra,
      status: to,
      version: previous.version + 1,
      updatedAt: deps.clock.now().toISOString(),
    };
  };

  const requireIndependent = (caller: Caller, previous: RequestRecord) => {
    if (previous.createdBy === caller.sub) {
      throw new BusinessRuleError("Nobody may decide their own request (four eyes)", "OWN_REQUEST");
    }
    // A colleague of the same unit is not the independent second pair of eyes the rule asks for.
    if (caller.unitId !== undefined && previous.unitId === caller.unitId) {
      throw new BusinessRuleError(
        "Nobody may decide a request of their own unit: an approver of another unit decides it (four eyes)",
        "OWN_UNIT",
      );
    }
  };

  const approve = async (caller: Caller, previous: RequestRecord, body: DecisionBody, decision: Decision) => {
    const blocking = previous.findings.filter((finding) => finding.severity === "blocking");
    if (blocking.length > 0 && !body.override) {
      throw new BusinessRuleError(
        `This request has ${blocking.length} blocking finding(s): ${blocking.map((finding) => finding.code).join(", ")}. Reject it, or approve with override.reason explaining why`,
        "BLOCKING_FINDINGS",
        [
          {
            path: "override.reason",
            message: "override.reason is required to approve over a blocking finding",
          },
        ],
      );
    }
    const { target, plan, quota } = await planStateOf(previous, previous.unitId);
    const approved = next(previous, "approved", { decision });
    const effects: TransitionEffects = {};
    if (target) {
      // Approval counts against the quota even when overridden; only the limit is lifted.
      effects.quota = {
        ...target,
        unitId: previous.unitId,
        delta: 1,
        limit: body.override ? undefined : quota?.limit,
      };
      const item = additionOf(previous, previous, { plan, timeZone });
      if (item) {
        effects.addition = {
          ...target,
          item: { ...item, requestId: previous.id, addedAt: approved.updatedAt },
        };
      }
    }
    if (previous.kind === "veto_item") {
      effects.vetoEntry = { next: registerEntryOf(previous, { at: approved.updatedAt, by: caller.sub }) };
    }
    await deps.requests.transition(previous, approved, caller, "request.approved", {
      ...effects,
      notice: true,
    });
    return approved;
  };

  const merge = async (caller: Caller, previous: RequestRecord, mergeInto: string, decision: Decision) => {
    const refuse = (message: string) =>
      new BusinessRuleError(message, "INVALID_MERGE", [{ path: "mergeInto", message }]);
    if (previous.kind !== "meeting")
      throw refuse("Only meeting requests are merged: reject this one instead");
    if (mergeInto === previous.id) throw refuse("mergeInto must name another meeting request");
    const target = await deps.requests.get(mergeInto);
    if (target?.kind !== "meeting" || !["submitted", "approved"].includes(target.status)) {
      throw refuse(`mergeInto must name a submitted or approved meeting request ("${mergeInto}" is not one)`);
    }
    if ((target.mergedFrom?.length ?? 0) >= MAX_MERGED) {
      throw refuse(`Request ${mergeInto} already absorbs ${MAX_MERGED} others: plan a new meeting instead`);
    }
    const merged = next(previous, "merged", { decision });
    const at = merged.updatedAt;
    const joined: RequestRecord = {
      ...target,
      mergedFrom: [...(target.mergedFrom ?? []), previous.id],
      version: target.version + 1,
      updatedAt: at,
    };
    await deps.requests.transition(previous, merged, caller, "request.merged", {
      mergeTarget: { previous: target, next: joined },
      notice: true,
    });
    return merged;
  };

  return {
    async submit(caller: Caller, body: SubmitRequestBody): Promise<RequestRecord> {
      const unitId = requireUnit(caller);
      refuseIfBarred(body);
      const submittedAt = deps.clock.now();
      const at = submittedAt.toISOString();
      const id = deps.ids.next();
      const dated = { ...body, createdAt: at };
      // One round of reads in parallel: the plan's state and the nearby requests.
      const [{ plan, additions, quota }, nearby] = await Promise.all([
        planStateOf(dated, unitId),
        nearbyOf(body, happensAt(dated, timeZone), id),
      ]);
      const record: RequestRecord = {
        ...body,
        id,
        unitId,
        status: "submitted",
        findings: findingsFor(body, {
          submittedAt,
          limits: deps.limits,
          timeZone,
          unitId,
          plan,
          additions,
          quota,
          nearby,
        }),
        decideBy: new Date(submittedAt.getTime() + deps.settings.decideDays * DAY_MS).toISOString(),
        createdBy: caller.sub,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await deps.requests.create(record, caller);
      return record;
    },

    async get(caller: Caller, id: string) {
      const { record, audit } = await deps.requests.getWithAudit(id);
      return { ...visibleTo(caller, record, id), audit };
    },

    list(caller: Caller, query: ListRequestsQuery) {
      // The approver's queue reads oldest first: whoever waited longest is decided first.
      const oldestFirst = (query.order ?? (query.status === "submitted" ? "oldest" : "newest")) === "oldest";
      const listing = {
        kind: query.kind,
        status: query.status,
        limit: query.limit,
        cursor: query.cursor,
        oldestFirst,
      };
      return seesAllUnits(caller)
        ? deps.requests.listAll(listing)
        : deps.requests.listByUnit(requireUnit(caller), listing);
    },

    async decide(caller: Caller, id: string, body: DecisionBody): Promise<RequestRecord> {
      const previous = visibleTo(caller, await deps.requests.get(id), id);
      requireIndependent(caller, previous);
      if (previous.status !== "submitted") throw alreadyIn(previous);
      const decision = {
        decision: body.decision,
        ...(body.comment ? { comment: body.comment } : {}),
        ...(body.decision === "approve" && body.override ? { override: body.override } : {}),
        ...(body.mergeInto ? { mergeInto: body.mergeInto } : {}),
        by: caller.sub,
        at: deps.clock.now().toISOString(),
      };
      const decided =
        body.decision === "approve"
          ? await approve(caller, previous, body, decision)
          : body.decision === "merge" && body.mergeInto !== undefined
            ? await merge(caller, previous, body.mergeInto, decision)
            : next(previous, "rejected", { decision });
      if (decided.status === "rejected") {
        await deps.requests.transition(previous, decided, caller, "request.rejected", { notice: true });
      }
      await deps.notices.decided(decided);
      return decided;
    },

    async withdraw(caller: Caller, id: string): Promise<RequestRecord> {
      const previous = await deps.requests.get(id);
      if (!previous || previous.unitId !== caller.unitId) throw new NotFoundError(`Request ${id} not found`);
      const withdrawn = next(previous, "withdrawn", {});
      await deps.requests.transition(previous, withdrawn, caller, "request.withdrawn");
      return withdrawn;
    },

    /**
     * The submitting department calls an approved matter off before it happens; the quota it used
     * is given back and a temporary addition leaves the plan, in the same transaction.
     */
    async cancel(caller: Caller, id: string, body: CancelBody): Promise<RequestRecord> {
      const previous = await deps.requests.get(id);
      if (!previous || previous.unitId !== caller.unitId) throw new NotFoundError(`Request ${id} not found`);
      const now = deps.clock.now();
      const cancelled = next(previous, "cancelled", {
        cancellation: { reason: body.reason, by: caller.sub, at: now.toISOString() },
      });
      const until = cancellableUntil(previous, timeZone);
      if (until !== undefined && now.getTime() >= Date.parse(until)) {
        throw new BusinessRuleError(
          `It is too late to cancel: the ${previous.kind === "meeting" ? "meeting started" : "inspection began"} at ${until}`,
          "ALREADY_STARTED",
        );
      }
      const target = planOf(previous);
      const effects: TransitionEffects = {};
      if (target) {
        effects.quota = { ...target, unitId: previous.unitId, delta: -1 };
        if (mayAddToPlan(previous)) effects.withdrawAddition = { ...target, requestId: previous.id };
      }
      if (previous.kind === "veto_item") {
        const entry = registerEntryOf(previous, {
          at: previous.decision?.at ?? previous.updatedAt,
          by: previous.decision?.by ?? "",
        });
        effects.vetoEntry = {
          previous: entry,
          next: { ...entry, status: "cancelled", cancelledAt: cancelled.updatedAt },
        };
      }
      await deps.requests.transition(previous, cancelled, caller, "request.cancelled", effects);
      return cancelled;
    },

    vetoItems: (query: { limit: number; cursor?: string | undefined }) =>
      deps.requests.vetoItems(query.limit, query.cursor),
  };
};

export type RequestUseCases = ReturnType<typeof makeRequestUseCases>;
