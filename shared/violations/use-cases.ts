import { NotFoundError } from "../platform/errors.ts";
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

  /** Another unit's violation is missing, not forbidden, so its existence does not leak. */
  async listEvidence(caller: Caller, id: string, page: { limit: number; cursor?: string | undefined }) {
    const [violation] = await violations.getMany([id]);
    if (!violation || (!seesAllUnits(caller) && violation.unitId !== caller.unitId)) {
      throw new NotFoundError(`Violation ${id} not found`);
    }
    return violations.listEvidence(id, page.limit, page.cursor);
  },
});
