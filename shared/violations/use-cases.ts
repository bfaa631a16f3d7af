import { type Caller, requireUnit, seesAllUnits } from "../platform/roles.ts";
import type { ViolationFilter, ViolationRepository } from "./repository.ts";

export type ViolationDeps = { violations: ViolationRepository };

export const makeViolationUseCases = ({ violations }: ViolationDeps) => ({
  /** Departments see only their own unit's violations, whatever unitId they ask for. */
  list(caller: Caller, query: ViolationFilter & { limit: number; cursor?: string | undefined }) {
    if (seesAllUnits(caller)) {
      return violations.list(query, query.limit, query.cursor);
    }
    const unitId = requireUnit(caller);
    if (query.unitId !== undefined && query.unitId !== unitId) {
      return Promise.resolve({ items: [], nextCursor: null });
    }
    return violations.list({ ...query, unitId }, query.limit, query.cursor);
  },
});
