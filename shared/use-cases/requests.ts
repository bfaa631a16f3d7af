import { config } from "../config.ts";
import { type RequestRepository, requestRepository } from "../db/requests-repo.ts";
import { newId, nowIso } from "../db/store.ts";
import {
  canTransition,
  type DecisionBody,
  type Finding,
  type RequestRecord,
  type RequestStatus,
  type SubmitRequestBody,
} from "../domain/requests.ts";
import { type Caller, requireUnit, seesAllUnits } from "../domain/roles.ts";
import { BusinessRuleError, ConflictError, NotFoundError } from "../errors.ts";
import { meetingFindings } from "../rules/meeting-findings.ts";

export type RequestDeps = { requests: RequestRepository; now: () => Date };

const defaults: RequestDeps = { requests: requestRepository, now: () => new Date() };

const findingsFor = (body: SubmitRequestBody, submittedAt: Date): Finding[] => {
  const { MEETING_MAX_MINUTES, MEETING_MIN_NOTICE_HOURS } = config();
  switch (body.kind) {
    case "meeting":
      return meetingFindings(body, submittedAt, {
        maxMinutes: MEETING_MAX_MINUTES,
        minNoticeHours: MEETING_MIN_NOTICE_HOURS,
      });
  }
};

/** Another unit's record is reported as missing, never as forbidden, so its existence does not leak. */
const visibleTo = (caller: Caller, record: RequestRecord | undefined, id: string): RequestRecord => {
  if (!record || (!seesAllUnits(caller) && record.unitId !== caller.unitId)) {
    throw new NotFoundError(`Request ${id} not found`);
  }
  return record;
};

export const submitRequest = async (
  caller: Caller,
  body: SubmitRequestBody,
  deps: RequestDeps = defaults,
): Promise<RequestRecord> => {
  const submittedAt = deps.now();
  const at = submittedAt.toISOString();
  const record: RequestRecord = {
    id: newId(),
    unitId: requireUnit(caller),
    submittedBy: caller.sub,
    status: "submitted",
    body,
    findings: findingsFor(body, submittedAt),
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await deps.requests.create(record, caller);
  return record;
};

export const getRequest = async (caller: Caller, id: string, deps: RequestDeps = defaults) => {
  const { record, audit } = await deps.requests.getWithAudit(id);
  return { ...visibleTo(caller, record, id), audit };
};

export const listRequests = (
  caller: Caller,
  query: { status?: RequestStatus | undefined; limit: number; cursor?: string | undefined },
  deps: RequestDeps = defaults,
) =>
  seesAllUnits(caller)
    ? deps.requests.listAll(query.status, query.limit, query.cursor)
    : deps.requests.listByUnit(requireUnit(caller), query.status, query.limit, query.cursor);

const move = async (
  caller: Caller,
  previous: RequestRecord,
  to: RequestStatus,
  action: string,
  extra: Partial<RequestRecord>,
  deps: RequestDeps,
): Promise<RequestRecord> => {
  if (!canTransition(previous.status, to)) {
    throw new ConflictError(`Request ${previous.id} is already ${previous.status}`, "STATE_CHANGED");
  }
  const next: RequestRecord = {
    ...previous,
    ...extra,
    status: to,
    version: previous.version + 1,
    updatedAt: nowIso(),
  };
  await deps.requests.transition(previous, next, caller, action);
  return next;
};

export const decideRequest = async (
  caller: Caller,
  id: string,
  body: DecisionBody,
  deps: RequestDeps = defaults,
): Promise<RequestRecord> => {
  const previous = visibleTo(caller, await deps.requests.get(id), id);
  if (previous.submittedBy === caller.sub) {
    throw new BusinessRuleError("Nobody may decide their own request (four eyes)", "OWN_REQUEST");
  }
  const to = body.decision === "approve" ? "approved" : "rejected";
  const at = deps.now().toISOString();
  return move(
    caller,
    previous,
    to,
    `request.${to}`,
    { decision: { decision: body.decision, comment: body.comment, by: caller.sub, at } },
    deps,
  );
};

export const withdrawRequest = async (
  caller: Caller,
  id: string,
  deps: RequestDeps = defaults,
): Promise<RequestRecord> => {
  const previous = await deps.requests.get(id);
  if (!previous || previous.unitId !== caller.unitId) throw new NotFoundError(`Request ${id} not found`);
  return move(caller, previous, "withdrawn", "request.withdrawn", {}, deps);
};
