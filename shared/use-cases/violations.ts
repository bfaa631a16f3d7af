import {
  type ViolationFilter,
  type ViolationRepository,
  violationRepository,
} from "../db/violations-repo.ts";
import { type Caller, requireUnit, seesAllUnits } from "../domain/roles.ts";

/** Departments see only their own unit's violations, whatever unitId they ask for. */
export const listViolations = (
  caller: Caller,
  query: ViolationFilter & { limit: number; cursor?: string | undefined },
  violations: ViolationRepository = violationRepository,
) => {
  const unitId = seesAllUnits(caller) ? query.unitId : requireUnit(caller);
  if (!seesAllUnits(caller) && query.unitId !== undefined && query.unitId !== unitId) {
    return Promise.resolve({ items: [], nextCursor: null });
  }
  return violations.list({ rule: query.rule, status: query.status, unitId }, query.limit, query.cursor);
};
