import { type EventRepository, eventRepository } from "../db/events-repo.ts";
import { type RequestRepository, requestRepository } from "../db/requests-repo.ts";
import { newId } from "../db/store.ts";
import { type UnitRepository, unitRepository } from "../db/units-repo.ts";
import type { EventRecord, ReportEventBody } from "../domain/events.ts";
import { type Caller, hasRole, requireUnit, seesAllUnits } from "../domain/roles.ts";
import { BusinessRuleError } from "../errors.ts";

export type EventDeps = {
  events: EventRepository;
  units: UnitRepository;
  requests: RequestRepository;
  now: () => Date;
};

const defaults: EventDeps = {
  events: eventRepository,
  units: unitRepository,
  requests: requestRepository,
  now: () => new Date(),
};

/** Clocks disagree a little; a fact reported as a few minutes in the future is still plausible. */
const CLOCK_SKEW_MS = 5 * 60_000;

const rule = (message: string, code: string, path: string) =>
  new BusinessRuleError(message, code, [{ path, message }]);

export const reportEvent = async (
  caller: Caller,
  body: ReportEventBody,
  deps: EventDeps = defaults,
): Promise<EventRecord> => {
  const reporterUnitId = requireUnit(caller);
  const now = deps.now();
  if (Date.parse(body.heldAt) > now.getTime() + CLOCK_SKEW_MS) {
    throw rule("A meeting cannot be reported before it is held", "NOT_YET_HAPPENED", "heldAt");
  }
  if (body.convenerUnitId !== reporterUnitId && !hasRole(caller, "grassroots")) {
    throw rule(
      "A department reports only the meetings its own unit convened",
      "NOT_OWN_MEETING",
      "convenerUnitId",
    );
  }
  const [convener, request] = await Promise.all([
    deps.units.get(body.convenerUnitId),
    body.requestId === undefined ? undefined : deps.requests.get(body.requestId),
  ]);
  if (!convener) {
    throw rule(`Unit ${body.convenerUnitId} does not exist`, "UNKNOWN_UNIT", "convenerUnitId");
  }
  if (body.requestId !== undefined && request?.unitId !== body.convenerUnitId) {
    throw rule(`No request ${body.requestId} of ${body.convenerUnitId}`, "UNKNOWN_REQUEST", "requestId");
  }
  const record: EventRecord = {
    id: newId(),
    reporterUnitId,
    reportedBy: caller.sub,
    body,
    createdAt: now.toISOString(),
  };
  await deps.events.create(record, caller);
  return record;
};

export const listEvents = (
  caller: Caller,
  query: { limit: number; cursor?: string | undefined },
  deps: EventDeps = defaults,
) => {
  if (seesAllUnits(caller)) return deps.events.listAll(query.limit, query.cursor);
  return deps.events.listByUnit(requireUnit(caller), query.limit, query.cursor);
};
