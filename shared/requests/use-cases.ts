import type { Clock, IdGenerator } from "../platform/clock.ts";
import { BusinessRuleError, ConflictError, NotFoundError } from "../platform/errors.ts";
import { type Caller, requireUnit, seesAllUnits } from "../platform/roles.ts";
import { findingsFor, type RequestLimits } from "./kinds/index.ts";
import type { RequestRepository } from "./repository.ts";
import {
  canTransition,
  type DecisionBody,
  type RequestRecord,
  type RequestStatus,
  type SubmitRequestBody,
} from "./schemas.ts";

export type RequestDeps = {
  requests: RequestRepository;
  clock: Clock;
  ids: IdGenerator;
  limits: RequestLimits;
};

/** Another unit's record is reported as missing, never as forbidden, so its existence does not leak. */
const visibleTo = (caller: Caller, record: RequestRecord | undefined, id: string): RequestRecord => {
  if (!record || (!seesAllUnits(caller) && record.unitId !== caller.unitId)) {
    throw new NotFoundError(`Request ${id} not found`);
  }
  return record;
};

export const makeRequestUseCases = (deps: RequestDeps) => {
  const move = async (
    caller: Caller,
    previous: RequestRecord,
    to: RequestStatus,
    extra: Partial<Pick<RequestRecord, "decision">>,
  ): Promise<RequestRecord> => {
    if (!canTransition(previous.status, to)) {
      throw new ConflictError(`Request ${previous.id} is already ${previous.status}`, "STATE_CHANGED");
    }
    const next: RequestRecord = {
      ...previous,
      ...extra,
      status: to,
      version: previous.version + 1,
      updatedAt: deps.clock.now().toISOString(),
    };
    await deps.requests.transition(previous, next, caller, `request.${to}`);
    return next;
  };

  return {
    async submit(caller: Caller, body: SubmitRequestBody): Promise<RequestRecord> {
      const submittedAt = deps.clock.now();
      const at = submittedAt.toISOString();
      const record: RequestRecord = {
        ...body,
        id: deps.ids.next(),
        unitId: requireUnit(caller),
        status: "submitted",
        findings: findingsFor(body, { submittedAt, limits: deps.limits }),
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

    list(
      caller: Caller,
      query: { status?: RequestStatus | undefined; limit: number; cursor?: string | undefined },
    ) {
      return seesAllUnits(caller)
        ? deps.requests.listAll(query.status, query.limit, query.cursor)
        : deps.requests.listByUnit(requireUnit(caller), query.status, query.limit, query.cursor);
    },

    async decide(caller: Caller, id: string, body: DecisionBody): Promise<RequestRecord> {
      const previous = visibleTo(caller, await deps.requests.get(id), id);
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
      if (previous.status !== "submitted") {
        throw new ConflictError(`Request ${previous.id} is already ${previous.status}`, "STATE_CHANGED");
      }
      const blocking = previous.findings.filter((finding) => finding.severity === "blocking");
      if (body.decision === "approve" && blocking.length > 0 && !body.override) {
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
      const to = body.decision === "approve" ? "approved" : "rejected";
      const decision = {
        decision: body.decision,
        ...(body.comment ? { comment: body.comment } : {}),
        ...(body.decision === "approve" && body.override ? { override: body.override } : {}),
        by: caller.sub,
        at: deps.clock.now().toISOString(),
      };
      return move(caller, previous, to, { decision });
    },

    async withdraw(caller: Caller, id: string): Promise<RequestRecord> {
      const previous = await deps.requests.get(id);
      if (!previous || previous.unitId !== caller.unitId) throw new NotFoundError(`Request ${id} not found`);
      return move(caller, previous, "withdrawn", {});
    },
  };
};

export type RequestUseCases = ReturnType<typeof makeRequestUseCases>;
