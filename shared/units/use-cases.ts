import type { Clock } from "../platform/clock.ts";
import { readCsvTable } from "../platform/csv.ts";
import { BusinessRuleError, type ErrorDetail, NotFoundError } from "../platform/errors.ts";
import { issueDetails } from "../platform/http/issues.ts";
import type { Caller } from "../platform/roles.ts";
import type { UnitChange, UnitRepository } from "./repository.ts";
import {
  type CreateUnitInput,
  createUnitSchema,
  type Unit,
  type UnitImportSummary,
  type UpdateUnitInput,
} from "./schemas.ts";

export type UnitDeps = { units: UnitRepository; clock: Clock };

/**
 * How far up a parent chain is followed. A city's hierarchy is a handful of levels deep; a longer
 * chain is a mistake, and stopping here keeps every walk (and any future one) bounded.
 */
const MAX_PARENT_DEPTH = 32;

const parentRule = (message: string, code: string, detail: string) =>
  new BusinessRuleError(message, code, [{ path: "parentId", message: detail }]);

/** The columns of a units file; emails are separated by `;` (or spaces) within their field. */
export const unitCsvColumns = ["id", "name", "kind", "parentId", "emails"] as const;

const sameFields = (a: Unit, b: CreateUnitInput): boolean =>
  a.name === b.name &&
  a.kind === b.kind &&
  a.parentId === b.parentId &&
  a.emails.length === b.emails.length &&
  a.emails.every((email, index) => email === b.emails[index]);

const invalidCsv = (bad: Map<number, string[]>) => {
  const details: ErrorDetail[] = [...bad]
    .sort(([a], [b]) => a - b)
    .map(([line, messages]) => ({ path: `line ${line}`, message: `line ${line}: ${messages.join("; ")}` }));
  const more = details.length > 1 ? ` (and ${details.length - 1} more: see details)` : "";
  return new BusinessRuleError(
    `The file cannot be imported, so nothing was written: ${details[0]?.message ?? ""}${more}`,
    "INVALID_CSV",
    details,
  );
};

/** The well-formed units of a file, each with its line, and what is wrong with each other line. */
const unitsFromCsv = (text: string) => {
  const table = readCsvTable(text, unitCsvColumns, ["id", "name", "kind"]);
  const bad = new Map<number, string[]>();
  /** Each problem of a line once, however many checks of its field find it. */
  const complain = (line: number, message: string) => {
    const messages = bad.get(line) ?? [];
    if (!messages.includes(message)) bad.set(line, [...messages, message]);
  };
  for (const error of table.errors) complain(error.line, error.message.replace(/^line \d+: /, ""));
  const rows: { line: number; input: CreateUnitInput }[] = [];
  const lineOf = new Map<string, number>();
  for (const { line, values } of table.records) {
    const raw = {
      id: values.id,
      name: values.name,
      kind: values.kind,
      ...(values.parentId ? { parentId: values.parentId } : {}),
      emails: (values.emails ?? "").split(/[;,\s]+/).filter((email) => email !== ""),
    };
    const parsed = createUnitSchema.safeParse(raw);
    if (!parsed.success) {
      for (const detail of issueDetails(parsed.error.issues, "line", raw)) complain(line, detail.message);
      continue;
    }
    const earlier = lineOf.get(parsed.data.id);
    if (earlier !== undefined) {
      complain(line, `unit "${parsed.data.id}" is on line ${earlier} already`);
      continue;
    }
    lineOf.set(parsed.data.id, line);
    rows.push({ line, input: parsed.data });
  }
  return { rows, bad };
};

export const makeUnitUseCases = ({ units, clock }: UnitDeps) => {
  /**
   * The parent must exist, and the unit must not end up among its own ancestors: following the
   * parents from the new one must never lead back to the unit, or the hierarchy (and every walk up
   * it) would loop.
   */
  const requireParent = async (parentId: string | undefined, selfId: string): Promise<Unit[]> => {
    if (parentId === undefined) return [];
    if (parentId === selfId) {
      throw parentRule(
        "A unit cannot be its own parent",
        "INVALID_PARENT",
        "parentId must name another unit",
      );
    }
    let ancestor = await units.get(parentId);
    if (!ancestor) {
      throw parentRule(
        `Parent unit ${parentId} does not exist`,
        "INVALID_PARENT",
        `no unit has the id "${parentId}"`,
      );
    }
    const ancestors: Unit[] = [];
    for (let depth = 1; ancestor; depth++) {
      if (ancestor.id === selfId) {
        throw parentRule(
          `${parentId} is under ${selfId}: a unit cannot be placed under one of its own sub-units`,
          "PARENT_CYCLE",
          `parentId must not name ${selfId} or one of its sub-units ("${parentId}" is under ${selfId})`,
        );
      }
      if (depth > MAX_PARENT_DEPTH) {
        throw parentRule(
          `The chain of parents above ${parentId} is more than ${MAX_PARENT_DEPTH} units long`,
          "PARENT_CYCLE",
          `parentId must name a unit at most ${MAX_PARENT_DEPTH} levels below the top of the hierarchy`,
        );
      }
      ancestors.push(ancestor);
      ancestor = ancestor.parentId === undefined ? undefined : await units.get(ancestor.parentId);
    }
    return ancestors;
  };

  return {
    async create(caller: Caller, input: CreateUnitInput): Promise<Unit> {
      await requireParent(input.parentId, input.id);
      const at = clock.now().toISOString();
      const unit: Unit = { ...input, createdBy: caller.sub, createdAt: at, updatedAt: at, version: 1 };
      await units.create(unit, caller);
      return unit;
    },

    async update(caller: Caller, id: string, input: UpdateUnitInput): Promise<Unit> {
      const previous = await units.get(id);
      if (!previous) throw new NotFoundError(`Unit ${id} not found`);
      const ancestors = await requireParent(input.parentId, id);
      const next: Unit = {
        id,
        ...input,
        createdBy: previous.createdBy,
        createdAt: previous.createdAt,
        updatedAt: clock.now().toISOString(),
        version: previous.version + 1,
      };
      await units.replace(previous, next, caller, ancestors);
      return next;
    },

    async get(id: string): Promise<Unit> {
      const unit = await units.get(id);
      if (!unit) throw new NotFoundError(`Unit ${id} not found`);
      return unit;
    },

    list: (page: { limit: number; cursor?: string | undefined }) => units.list(page.limit, page.cursor),

    /**
     * Creates or updates every unit of a CSV file by id. All or nothing: every line is checked
     * (its fields, its parent among the file's units and the existing ones, no cycle) before
     * anything is written, and one bad line writes nothing. The writes then take several
     * transactions for a large file, parents before their sub-units; should one fail midway, the
     * same file imported again finishes the work, since each line creates or updates by id.
     */
    async importCsv(caller: Caller, text: string): Promise<UnitImportSummary> {
      const { rows, bad } = unitsFromCsv(text);
      const existing = new Map((await units.all()).map((unit) => [unit.id, unit]));
      const parentOf = new Map<string, string | undefined>(
        [...existing.values()].map((unit) => [unit.id, unit.parentId]),
      );
      for (const { input } of rows) parentOf.set(input.id, input.parentId);

      const depthOf = new Map<string, number>();
      for (const { line, input } of rows) {
        if (input.parentId === undefined) {
          depthOf.set(input.id, 0);
          continue;
        }
        if (!parentOf.has(input.parentId)) {
          bad.set(line, [`unknown parent unit "${input.parentId}"`]);
          continue;
        }
        let depth = 0;
        for (let at: string | undefined = input.parentId; at !== undefined; at = parentOf.get(at)) {
          depth += 1;
          if (at === input.id) {
            bad.set(line, [`parentId "${input.parentId}" is ${input.id} or one of its sub-units: a cycle`]);
            break;
          }
          if (depth > MAX_PARENT_DEPTH) {
            bad.set(line, [
              `the chain of parents above "${input.parentId}" is more than ${MAX_PARENT_DEPTH} units long`,
            ]);
            break;
          }
        }
        depthOf.set(input.id, depth);
      }
      if (bad.size > 0) throw invalidCsv(bad);

      const at = clock.now().toISOString();
      const created: string[] = [];
      const updated: string[] = [];
      let unchanged = 0;
      const changes: Omit<UnitChange, "ancestors">[] = [];
      // Parents first, so that whatever part of a large import is written holds together.
      const ordered = [...rows].sort(
        (a, b) => (depthOf.get(a.input.id) ?? 0) - (depthOf.get(b.input.id) ?? 0),
      );
      for (const { input } of ordered) {
        const previous = existing.get(input.id);
        if (previous && sameFields(previous, input)) {
          unchanged += 1;
          continue;
        }
        const stamps = previous
          ? { createdBy: previous.createdBy, createdAt: previous.createdAt, version: previous.version + 1 }
          : { createdBy: caller.sub, createdAt: at, version: 1 };
        (previous ? updated : created).push(input.id);
        changes.push({ previous, next: { ...input, ...stamps, updatedAt: at } });
      }
      const summary: UnitImportSummary = {
        created: created.length,
        updated: updated.length,
        unchanged,
        createdIds: created,
        updatedIds: updated,
      };
      // The cycle check above read every unit at once; the writes check that the units above each
      // written one are still as read (or as this import writes them), or a concurrent move could
      // close a cycle the check did not see.
      const expected = new Map(existing);
      for (const { next } of changes) expected.set(next.id, next);
      const ancestorsOf = (unit: Unit): Unit[] => {
        const chain: Unit[] = [];
        for (let above = unit.parentId; above !== undefined; above = expected.get(above)?.parentId) {
          const ancestor = expected.get(above);
          if (!ancestor || chain.length > MAX_PARENT_DEPTH) break;
          chain.push(ancestor);
        }
        return chain;
      };
      await units.writeMany(
        changes.map((change) => ({ ...change, ancestors: ancestorsOf(change.next) })),
        caller,
        summary,
      );
      return summary;
    },
  };
};

export type UnitUseCases = ReturnType<typeof makeUnitUseCases>;
