/**
 * An in-memory plan repository for unit tests: plan records with the same optimistic-concurrency
 * contract as the store (a new plan must not exist, a next version must follow the one read), the
 * quota counters approvals keep, the counts of what was reported, and the additions approvals add.
 */
import type { PlanRepository } from "../../shared/plans/repository.ts";
import type { PlanAddition, PlanKind, PlanRecord } from "../../shared/plans/schemas.ts";
import { ConflictError } from "../../shared/platform/errors.ts";

export const memoryPlans = (): PlanRepository & {
  records: Map<string, PlanRecord>;
  used: Map<string, Map<string, number>>;
  reported: Map<string, Map<string, number>>;
  added: Map<string, PlanAddition[]>;
  actions: string[];
} => {
  const records = new Map<string, PlanRecord>();
  const used = new Map<string, Map<string, number>>();
  const reported = new Map<string, Map<string, number>>();
  const added = new Map<string, PlanAddition[]>();
  const actions: string[] = [];
  const key = (year: number, kind: PlanKind) => `${year}#${kind}`;
  return {
    records,
    used,
    reported,
    added,
    actions,
    get: async (year, kind) => records.get(key(year, kind)),
    usage: async (year, kind) => new Map(used.get(key(year, kind)) ?? []),
    additions: async (year, kind) => [...(added.get(key(year, kind)) ?? [])],
    snapshot: async (year, kind) => ({
      plan: records.get(key(year, kind)),
      usage: new Map(used.get(key(year, kind)) ?? []),
      reported: new Map(reported.get(key(year, kind)) ?? []),
      additions: [...(added.get(key(year, kind)) ?? [])],
    }),
    sweepView: async (year, kind) => ({
      plan: records.get(key(year, kind)),
      reported: new Map(reported.get(key(year, kind)) ?? []),
      additions: [...(added.get(key(year, kind)) ?? [])],
    }),
    save: async (previous, next, _caller, action) => {
      const current = records.get(key(next.year, next.kind));
      if (current?.version !== previous?.version) throw new ConflictError("changed", "STATE_CHANGED");
      records.set(key(next.year, next.kind), next);
      actions.push(action);
    },
  };
};

/** Units that exist, by id, as the plans context looks them up. */
export const knownUnits = (...ids: string[]) => ({
  existing: async (asked: readonly string[]) => new Set(asked.filter((id) => ids.includes(id))),
});
