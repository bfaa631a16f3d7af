import type { Clock } from "../platform/clock.ts";
import { readCsvTable } from "../platform/csv.ts";
import {
  BusinessRuleError,
  ConflictError,
  type ErrorDetail,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from "../platform/errors.ts";
import { issueDetails } from "../platform/http/issues.ts";
import type { Caller } from "../platform/roles.ts";
import type { PlanRepository } from "./repository.ts";
import {
  itemUnitFields,
  MAX_PLAN_ITEMS,
  MAX_PLAN_QUOTAS,
  type PlanDraft,
  type PlanDraftBody,
  type PlanItem,
  type PlanKind,
  type PlanRecord,
  type PlanView,
  planItemSchemas,
  planRecordSchema,
  planViewSchema,
  quotaSchema,
} from "./schemas.ts";

/** Which of these unit ids name existing units. */
export type UnitLookup = { existing(ids: readonly string[]): Promise<Set<string>> };

export type PlanDeps = { plans: PlanRepository; units: UnitLookup; clock: Clock };

/**
 * A plan record larger than this is refused (413) before it is written: DynamoDB holds at most
 * 400 KB in one item, and the plan's audit entry carries one full copy of it beside the record's
 * other fields. The schema's bounds and the body limit keep real plans far below it.
 */
const MAX_PLAN_BYTES = 300_000;

/** A problem found in a draft, at the quota or item it is about (`field` within it). */
type Problem = { at: "quotas" | "items"; index: number; field: string; message: string };

/**
 * What the schemas cannot see: ids repeated within the draft, units that do not exist, and an
 * inspection window outside the plan's year.
 */
const problemsOf = async (
  year: number,
  kind: PlanKind,
  draft: PlanDraft,
  units: UnitLookup,
): Promise<Problem[]> => {
  const problems: Problem[] = [];
  const named = new Map<string, { at: Problem["at"]; index: number; field: string }[]>();
  const name = (id: string, at: Problem["at"], index: number, field: string) =>
    named.set(id, [...(named.get(id) ?? []), { at, index, field }]);

  const seenUnits = new Set<string>();
  draft.quotas.forEach((quota, index) => {
    if (seenUnits.has(quota.unitId)) {
      problems.push({
        at: "quotas",
        index,
        field: "unitId",
        message: `unit "${quota.unitId}" has a quota already`,
      });
    }
    seenUnits.add(quota.unitId);
    name(quota.unitId, "quotas", index, "unitId");
  });

  const seenItems = new Set<string>();
  draft.items.forEach((item: PlanItem, index) => {
    if (seenItems.has(item.id)) {
      problems.push({ at: "items", index, field: "id", message: `item id "${item.id}" is used twice` });
    }
    seenItems.add(item.id);
    for (const field of itemUnitFields[kind]) {
      const id: unknown = Reflect.get(item, field);
      if (typeof id === "string") name(id, "items", index, field);
    }
    if ("targetUnitIds" in item) {
      item.targetUnitIds?.forEach((id, target) => {
        name(id, "items", index, `targetUnitIds.${target}`);
      });
    }
    if ("from" in item) {
      for (const field of ["from", "to"] as const) {
        if (!item[field].startsWith(`${year}-`)) {
          problems.push({ at: "items", index, field, message: `${field} must be a day of ${year}` });
        }
      }
    }
  });

  const existing = await units.existing([...named.keys()]);
  for (const [id, places] of named) {
    if (existing.has(id)) continue;
    for (const place of places) problems.push({ ...place, message: `unknown unit "${id}"` });
  }
  return problems.sort((a, b) => a.at.localeCompare(b.at) || a.index - b.index);
};

const pathOf = (problem: Problem) => `${problem.at}.${problem.index}.${problem.field}`;

/** The columns of a plan file: one `record` column says whether a line is a quota or an item. */
export const planCsvColumns = {
  meetings: ["convenerUnitId", "month", "attendeeLevel"],
  documents: ["issuerUnitId", "month"],
  inspections: ["inspectionKind", "leadUnitId", "targetUnitIds", "targetUnitKinds", "from", "to"],
} as const satisfies Record<PlanKind, readonly string[]>;

const commonColumns = ["record", "unitId", "limit", "id", "title"] as const;
const listColumns = new Set(["targetUnitIds", "targetUnitKinds"]);
const numberColumns = new Set(["limit", "month"]);

/** A list in one field: values separated by `;` (or `|`, or spaces), which no id contains. */
const listOf = (value: string): string[] => value.split(/[;|\s]+/).filter((part) => part !== "");

/** A field as the schema expects it: absent when empty, a number or a list where one belongs. */
const fieldValue = (column: string, value: string): unknown => {
  if (value === "") return undefined;
  if (numberColumns.has(column)) return /^-?\d+$/.test(value) ? Number(value) : value;
  if (listColumns.has(column)) return listOf(value);
  return value;
};

const csvFailure = (details: ErrorDetail[]) => {
  const more = details.length > 1 ? ` (and ${details.length - 1} more: see details)` : "";
  return new BusinessRuleError(
    `The file cannot be imported, so nothing was written: ${details[0]?.message ?? ""}${more}`,
    "INVALID_CSV",
    details,
  );
};

const lineDetail = (line: number, messages: string[]): ErrorDetail => ({
  path: `line ${line}`,
  message: `line ${line}: ${messages.join("; ")}`,
});

/** A plan file read into a draft, or every bad line of it (all or nothing). */
const draftFromCsv = (kind: PlanKind, text: string): { draft: PlanDraft; lines: number[] } => {
  const columns = [...commonColumns, ...planCsvColumns[kind]];
  const table = readCsvTable(text, columns, ["record"]);
  const bad = new Map<number, string[]>();
  /** Each problem of a line once, however many checks of its field find it. */
  const complain = (line: number, message: string) => {
    const messages = bad.get(line) ?? [];
    if (!messages.includes(message)) bad.set(line, [...messages, message]);
  };
  for (const error of table.errors) complain(error.line, error.message.replace(/^line \d+: /, ""));

  const draft: PlanDraft = { quotas: [], items: [] };
  const quotaLines: number[] = [];
  const itemLines: number[] = [];
  for (const { line, values } of table.records) {
    const fields = (names: readonly string[]) =>
      Object.fromEntries(
        names
          .map((column) => [column, fieldValue(column, values[column] ?? "")])
          .filter(([, value]) => value !== undefined),
      );
    const record = values.record?.toLowerCase();
    const complainAll = (issues: Parameters<typeof issueDetails>[0], input: unknown) => {
      for (const detail of issueDetails(issues, "line", input)) complain(line, detail.message);
    };
    if (record === "quota") {
      const input = fields(["unitId", "limit"]);
      const parsed = quotaSchema.safeParse(input);
      if (!parsed.success) complainAll(parsed.error.issues, input);
      else {
        draft.quotas.push(parsed.data);
        quotaLines.push(line);
      }
    } else if (record === "item") {
      const input = fields(["id", "title", ...planCsvColumns[kind]]);
      const parsed = planItemSchemas[kind].safeParse(input);
      if (!parsed.success) complainAll(parsed.error.issues, input);
      else {
        draft.items.push(parsed.data);
        itemLines.push(line);
      }
    } else {
      complain(line, `record must be "quota" or "item", not "${values.record ?? ""}"`);
    }
  }
  if (draft.quotas.length > MAX_PLAN_QUOTAS)
    complain(quotaLines[MAX_PLAN_QUOTAS] ?? 1, `a plan holds at most ${MAX_PLAN_QUOTAS} quotas`);
  if (draft.items.length > MAX_PLAN_ITEMS)
    complain(itemLines[MAX_PLAN_ITEMS] ?? 1, `a plan holds at most ${MAX_PLAN_ITEMS} items`);
  if (bad.size > 0) {
    throw csvFailure(
      [...bad].sort(([a], [b]) => a - b).map(([line, messages]) => lineDetail(line, messages)),
    );
  }
  return { draft, lines: [...quotaLines, ...itemLines] };
};

const published = (record: PlanRecord) =>
  new ConflictError(
    `The ${record.year} ${record.kind} plan was published on ${record.publishedAt ?? ""}: it is frozen, and grows only through approved temporary additions`,
    "PLAN_PUBLISHED",
  );

export const makePlanUseCases = ({ plans, units, clock }: PlanDeps) => {
  const view = async (record: PlanRecord): Promise<PlanView> => {
    const [usage, additions] = await Promise.all([
      plans.usage(record.year, record.kind),
      plans.additions(record.year, record.kind),
    ]);
    return planViewSchema.parse({
      ...record,
      quotas: record.quotas.map(({ unitId, limit }) => {
        const used = usage.get(unitId) ?? 0;
        return { unitId, limit, used, remaining: Math.max(0, limit - used) };
      }),
      items: record.items.map((item) => ({ ...item, source: "plan" })),
      additions: additions.map((addition) => ({ ...addition, source: "addition" })),
    });
  };

  /** Writes the draft as the plan's next version; `fail` says what is wrong with which input. */
  const saveDraft = async (
    caller: Caller,
    year: number,
    kind: PlanKind,
    draft: PlanDraft,
    fail: (problems: Problem[]) => Error,
  ): Promise<PlanView> => {
    const previous = await plans.get(year, kind);
    if (previous?.status === "published") throw published(previous);
    const problems = await problemsOf(year, kind, draft, units);
    if (problems.length > 0) throw fail(problems);
    const at = clock.now().toISOString();
    const next = planRecordSchema.parse({
      year,
      kind,
      status: "draft",
      quotas: draft.quotas,
      items: draft.items,
      createdBy: previous?.createdBy ?? caller.sub,
      createdAt: previous?.createdAt ?? at,
      updatedAt: at,
      version: (previous?.version ?? 0) + 1,
    });
    if (Buffer.byteLength(JSON.stringify(next)) > MAX_PLAN_BYTES) {
      throw new PayloadTooLargeError(
        `A plan may take at most ${MAX_PLAN_BYTES} bytes once stored: split its titles shorter`,
      );
    }
    const answer = await view(next);
    await plans.save(previous, next, caller, previous ? "plan.replaced" : "plan.drafted", answer);
    return answer;
  };

  return {
    async get(year: number, kind: PlanKind): Promise<PlanView> {
      const record = await plans.get(year, kind);
      if (!record) throw new NotFoundError(`There is no ${year} ${kind} plan`);
      return view(record);
    },

    async replaceDraft(caller: Caller, year: number, kind: PlanKind, body: PlanDraftBody): Promise<PlanView> {
      const schema = planItemSchemas[kind];
      const details = body.items.flatMap((item, index) => {
        const parsed = schema.safeParse(item);
        if (parsed.success) return [];
        const issues = parsed.error.issues.map((issue) => ({
          ...issue,
          path: ["items", index, ...issue.path],
        }));
        return issueDetails(issues, "body", body);
      });
      if (details.length > 0) {
        const more = details.length > 1 ? ` (and ${details.length - 1} more: see details)` : "";
        throw new ValidationError(`Every item of a ${kind} plan must be a ${kind} item${more}`, details);
      }
      const draft: PlanDraft = { quotas: body.quotas, items: body.items.map((item) => schema.parse(item)) };
      return saveDraft(caller, year, kind, draft, (problems) => {
        const first = problems[0];
        return new BusinessRuleError(
          `${first ? `${pathOf(first)}: ${first.message}` : ""}${problems.length > 1 ? ` (and ${problems.length - 1} more: see details)` : ""}`,
          "INVALID_PLAN",
          problems.map((problem) => ({
            path: pathOf(problem),
            message: `${pathOf(problem)}: ${problem.message}`,
          })),
        );
      });
    },

    async importCsv(caller: Caller, year: number, kind: PlanKind, text: string): Promise<PlanView> {
      const existing = await plans.get(year, kind);
      if (existing?.status === "published") throw published(existing);
      const { draft, lines } = draftFromCsv(kind, text);
      const quotaCount = draft.quotas.length;
      return saveDraft(caller, year, kind, draft, (problems) => {
        const bad = new Map<number, string[]>();
        for (const problem of problems) {
          const line = lines[problem.at === "quotas" ? problem.index : quotaCount + problem.index] ?? 1;
          bad.set(line, [...(bad.get(line) ?? []), problem.message]);
        }
        return csvFailure(
          [...bad].sort(([a], [b]) => a - b).map(([line, messages]) => lineDetail(line, messages)),
        );
      });
    },

    async publish(caller: Caller, year: number, kind: PlanKind): Promise<PlanView> {
      const previous = await plans.get(year, kind);
      if (!previous) throw new NotFoundError(`There is no ${year} ${kind} plan`);
      if (previous.status === "published") throw published(previous);
      const at = clock.now().toISOString();
      const next: PlanRecord = {
        ...previous,
        status: "published",
        updatedAt: at,
        version: previous.version + 1,
        publishedAt: at,
        publishedBy: caller.sub,
      };
      const answer = await view(next);
      try {
        await plans.save(previous, next, caller, "plan.published", answer);
      } catch (error) {
        // Two approvers publishing at once: the one who lost sees the plan published, not a race.
        const now = error instanceof ConflictError ? await plans.get(year, kind) : undefined;
        if (now?.status === "published") throw published(now);
        throw error;
      }
      return answer;
    },
  };
};

export type PlanUseCases = ReturnType<typeof makePlanUseCases>;
