/**
 * Sweep benchmark (DESIGN.md §7): a sweep reads within 1.25x of the capacity of the items in its
 * window, and takes the same time whether the table holds one year of history or ten. It never
 * scans.
 *
 * Two tables in one DynamoDB Local (in memory), created from the CDK table definition, hold the
 * same city and the same recent weeks; the ten-year table also holds nine earlier years. Items are
 * built with the entities' own `toItem` (units, plans, facts, occurrences, requests, violations,
 * sweeps), the plans' own addition items and the shape of their USED# and REPORTED# counters,
 * and written by BatchWrite:
 *   - 200 units: 3 offices, 37 departments, 20 townships, 140 villages
 *   - every year touched: published meetings, documents and inspections plans (100, 300 and 90
 *     items, a quota per department, three departments with a quota they pass), the counters of
 *     the approvals (USED#) and of the occurrences (REPORTED#) written, and the approved temporary
 *     additions
 *   - full volume in the swept ISO week (the one before today in TIME_ZONE), the four weeks before
 *     it and the current week so far, per week: 95 meetings (the convening department, 9 times in
 *     10, and 10 summoned grassroots units report each), 140 documents (the issuer and 5
 *     receivers), 60 inspection visits (the lead department and the target): about 2,000 facts
 *     and 300 occurrences; an approved request for 92% of meetings, approved temporary documents
 *     and inspections, a few rejected requests, and 6 pending requests a week in the last two
 *   - thinner history in every week before those, back to one year (both tables) or ten (the
 *     second): 3 meetings (3 summoned units), 4 documents (2 receivers) and 3 visits a week, about
 *     30 facts, with their requests: 515 such weeks in the ten-year table against 47, in the same
 *     byUnit, byType and byStatus partitions, the plans of their years and byDay partitions of
 *     other days
 *   - every past week: its completed sweep record and 10 violations (5 in thin weeks), resolved
 *     (rectified or dismissed) once more than 8 weeks old
 * Audit entries, evidence items and the daily report counters are not written: they sit in their
 * record's own partition or under a primary key, in no index the sweep reads.
 *
 * Measured, per table:
 *   read capacity  one metered run: every read the runner sends through the document client
 *                  (shared/platform/store/client.ts) is billed as DynamoDB bills it, from the sizes
 *                  of the items it returned: per Query or Scan page ceil(bytes / 4 KB) read units,
 *                  per GetItem and per BatchGetItem key ceil(item bytes / 4 KB) (a missing item
 *                  still one), at least one unit per call, halved when eventually consistent. A
 *                  query whose filter dropped items is billed at least what DynamoDB Local reports
 *                  for it, since only that figure counts the dropped items. DynamoDB Local's own
 *                  ConsumedCapacity is printed beside it: it reports 0 for BatchGetItem.
 *   window items   the same formula over the items the sweep needs, each read raw once with one
 *                  eventually consistent Query per partition: the window's facts and requests
 *                  (byDay), the plans of its years (plan, REPORTED#, ADDITION#), the visits of its
 *                  months so far, the pending requests, the units, the violations the emails list
 *                  (unresolved, opened this week and last) and the sweeps of the last fortnight.
 *   sweep time     median wall time of full runs (`run`, not a dry run: violations, evidence,
 *                  outbox claims and the sweep record are written, the mailer only counts), the
 *                  two tables interleaved in shuffled order each round. After every run the items
 *                  it wrote are deleted, so each run starts from the same table; every run must
 *                  open the same violations and send the same emails.
 *
 *   npm run bench -- [--sweeps 11]
 */
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { OccurrenceRecord } from "../../shared/facts/occurrence-record.ts";
import type { FactRecord, ReportFactBody } from "../../shared/facts/schemas.ts";
import type { PlanAddition, PlanKind, PlanRecord } from "../../shared/plans/schemas.ts";
import { config, reloadConfig } from "../../shared/platform/config.ts";
import {
  daysOfWindow,
  localDay,
  localMidnightUtc,
  previousWeek,
  utcDaysBetween,
  weekBefore,
  weekLabelOf,
  windowOfWeek,
} from "../../shared/platform/time.ts";
import type { RequestRecord } from "../../shared/requests/schemas.ts";
import type { SweepRecord } from "../../shared/sweeps/schemas.ts";
import type { Unit } from "../../shared/units/schemas.ts";
import type { ViolationRecord } from "../../shared/violations/schemas.ts";
import { localDynamoClient, startDynamoDb } from "../local/dynamodb.ts";
import { applyLocalEnvironment, LOCAL_CREDENTIALS } from "../local/env.ts";
import { findFreePort } from "../local/ports.ts";
import { ensureTable } from "../local/table.ts";
import { formatTable, median, ms, percentile, shuffled, times, verdict } from "./stats.ts";

const CAPACITY_TARGET = 1.25;
const TIME_TARGET = 1.1;
/**
 * Runs per table. Other processes share the machine and one run's time varies by a third from the
 * next; with fewer runs, the ratio of the medians of two identical tables strays past 1.10.
 */
const DEFAULT_SWEEPS = 11;

const { values } = parseArgs({
  options: { sweeps: { type: "string", default: String(DEFAULT_SWEEPS) } },
  strict: false,
  allowPositionals: true,
});
const requested = Number(values.sweeps);
const sweeps = Number.isInteger(requested) && requested > 0 ? requested : DEFAULT_SWEEPS;

type Item = Record<string, unknown>;

const isRecord = (value: unknown): value is Item =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// ---- billing -------------------------------------------------------------------------------

const utf8 = (text: string): number => Buffer.byteLength(text, "utf8");

/** A number's stored size: one byte per two significant digits, plus one. */
const numberBytes = (value: number | bigint): number => {
  const digits = String(value)
    .replace(/^-/, "")
    .replace(/e.*$/i, "")
    .replace(".", "")
    .replace(/^0+/, "")
    .replace(/0+$/, "");
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
};

/** An attribute value's size as DynamoDB counts it (lists and maps: 3 bytes, 1 more per element). */
const valueBytes = (value: unknown): number => {
  if (typeof value === "string") return utf8(value);
  if (typeof value === "number" || typeof value === "bigint") return numberBytes(value);
  if (typeof value === "boolean" || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, member) => sum + valueBytes(member), 0);
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 0);
  if (isRecord(value)) {
    return (
      3 + Object.entries(value).reduce((sum, [name, inner]) => sum + 1 + utf8(name) + valueBytes(inner), 0)
    );
  }
  return 0;
};

const itemBytes = (item: Item): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);

/** Read units for one read of `bytes`: 4 KB units, at least one, half as many when eventually consistent. */
const readUnits = (bytes: number, consistent: boolean): number =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

// ---- the meter on the document client ------------------------------------------------------

type ReadCost = { calls: number; items: number; rcu: number };

/** What one run sent: its reads billed by label (when metering reads), and every key it wrote. */
type Meter = {
  reads?: {
    byLabel: Map<string, ReadCost>;
    scans: number;
    /** DynamoDB Local's own ConsumedCapacity where it gives one, and the formula for the same calls. */
    reportedByLocal: number;
    formulaForReported: number;
  };
  written: Map<string, { table: string; key: Item }>;
};

let meter: Meter | undefined;

const readCommands = new Set(["QueryCommand", "ScanCommand", "GetItemCommand", "BatchGetItemCommand"]);
const writeCommands = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "TransactWriteItemsCommand",
  "BatchWriteItemCommand",
]);

/** A partition named by its kind, not its instance: FACT#2026-11-16 reads as FACT#<day>. */
const shapeOf = (value: unknown): string =>
  String(value)
    .replace(/\d{4}-W\d{2}/g, "<week>")
    .replace(/\d{4}-\d{2}-\d{2}/g, "<day>")
    .replace(/\d{4}-\d{2}(?!\d)/g, "<month>")
    .replace(/#\d{4}#/g, "#<year>#");

/** The value a key condition compares the partition key with: the first `= :name`. */
const partitionValue = (input: Item): unknown => {
  const placeholder = /=\s*(:\w+)/.exec(String(input.KeyConditionExpression ?? ""))?.[1];
  const values = input.ExpressionAttributeValues;
  return placeholder && isRecord(values) ? values[placeholder] : undefined;
};

const reportedUnits = (consumed: unknown): number | undefined => {
  const entries = Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed];
  const units = entries.map((entry) => (isRecord(entry) ? Number(entry.CapacityUnits ?? 0) : 0));
  return units.length === 0 ? undefined : units.reduce((sum, value) => sum + value, 0);
};

const itemsOf = (value: unknown): Item[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/** The read units a call consumed by the formula, and the label it is listed under. */
const billRead = (
  command: string,
  input: Item,
  output: Item,
): { label: string; items: number; rcu: number } => {
  const consistent = input.ConsistentRead === true;
  if (command === "QueryCommand" || command === "ScanCommand") {
    const items = itemsOf(output.Items);
    const formula = readUnits(
      items.reduce((sum, item) => sum + itemBytes(item), 0),
      consistent,
    );
    const filtered = Number(output.ScannedCount ?? 0) > Number(output.Count ?? 0);
    const local = reportedUnits(output.ConsumedCapacity) ?? 0;
    const where = command === "ScanCommand" ? "" : ` ${shapeOf(partitionValue(input))}`;
    return {
      label: `${command.replace("Command", "")} ${String(input.IndexName ?? "table")}${where}${consistent ? " (consistent)" : ""}`,
      items: items.length,
      rcu: filtered ? Math.max(formula, local) : formula,
    };
  }
  if (command === "GetItemCommand") {
    const item = isRecord(output.Item) ? output.Item : undefined;
    const key = isRecord(input.Key) ? input.Key : {};
    return {
      label: `GetItem ${shapeOf(key.pk).split("#")[0]}${consistent ? " (consistent)" : ""}`,
      items: item ? 1 : 0,
      rcu: readUnits(item ? itemBytes(item) : 0, consistent),
    };
  }
  // BatchGetItem: every key requested and processed is billed as a GetItem of it.
  const requestItems = isRecord(input.RequestItems) ? input.RequestItems : {};
  const responses = isRecord(output.Responses) ? output.Responses : {};
  const unprocessed = isRecord(output.UnprocessedKeys) ? output.UnprocessedKeys : {};
  let items = 0;
  let rcu = 0;
  let label = "BatchGetItem";
  for (const [table, request] of Object.entries(requestItems)) {
    if (!isRecord(request)) continue;
    const keys = itemsOf(request.Keys);
    const found = itemsOf(responses[table]);
    const left = isRecord(unprocessed[table]) ? itemsOf(unprocessed[table].Keys).length : 0;
    const tableConsistent = request.ConsistentRead === true;
    items += found.length;
    rcu += found.reduce((sum, item) => sum + readUnits(itemBytes(item), tableConsistent), 0);
    rcu += Math.max(0, keys.length - found.length - left) * readUnits(0, tableConsistent);
    label = `BatchGetItem ${shapeOf(keys[0]?.pk).split("#")[0]}${tableConsistent ? " (consistent)" : ""}`;
  }
  return { label, items, rcu };
};

/** The keys a write command writes, with their tables. */
const writtenKeys = (command: string, input: Item): { table: string; key: Item }[] => {
  const table = String(input.TableName ?? "");
  const keyOf = (item: unknown) => (isRecord(item) ? { pk: item.pk, sk: item.sk } : undefined);
  const found: { table: string; key: Item | undefined }[] = [];
  if (command === "PutItemCommand") found.push({ table, key: keyOf(input.Item) });
  if (command === "UpdateItemCommand" || command === "DeleteItemCommand")
    found.push({ table, key: keyOf(input.Key) });
  if (command === "TransactWriteItemsCommand") {
    for (const entry of itemsOf(input.TransactItems)) {
      for (const [kind, operation] of Object.entries(entry)) {
        if (!isRecord(operation) || kind === "ConditionCheck") continue;
        found.push({
          table: String(operation.TableName ?? ""),
          key: keyOf(kind === "Put" ? operation.Item : operation.Key),
        });
      }
    }
  }
  if (command === "BatchWriteItemCommand" && isRecord(input.RequestItems)) {
    for (const [batchTable, requests] of Object.entries(input.RequestItems)) {
      for (const request of itemsOf(requests)) {
        const put = isRecord(request.PutRequest) ? request.PutRequest.Item : undefined;
        const remove = isRecord(request.DeleteRequest) ? request.DeleteRequest.Key : undefined;
        found.push({ table: batchTable, key: keyOf(put ?? remove) });
      }
    }
  }
  return found.flatMap(({ table: where, key }) => (key ? [{ table: where, key }] : []));
};

// ---- the city -------------------------------------------------------------------------------

/** A seeded generator: every run of the bench builds a city of the same shape. */
const random = (() => {
  let state = 0x5eed_c17e;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const between = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const chance = (probability: number): boolean => random() < probability;
const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
};
const sample = <T>(items: readonly T[], count: number): T[] => {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) {
    const [item] = pool.splice(Math.floor(random() * pool.length), 1);
    if (item !== undefined) chosen.push(item);
  }
  return chosen;
};
const pad = (value: number, width: number): string => String(value).padStart(width, "0");
const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

type Volume = {
  meetings: number;
  meetingReporters: number;
  documents: number;
  documentReporters: number;
  visits: number;
  rejected: number;
  /** Opened by the week's sweep, for a past week. */
  violations: number;
};
const FULL: Volume = {
  meetings: 95,
  meetingReporters: 10,
  documents: 140,
  documentReporters: 5,
  visits: 60,
  rejected: 3,
  violations: 10,
};
const THIN: Volume = {
  meetings: 3,
  meetingReporters: 3,
  documents: 4,
  documentReporters: 2,
  visits: 3,
  rejected: 1,
  violations: 5,
};
const FULL_WEEKS_BEFORE = 4;
const UNRESOLVED_FOR_WEEKS = 8;
const PENDING_PER_WEEK = 6;
const ONE_YEAR_WEEKS = 52;
const TEN_YEARS_WEEKS = 520;

const histories = [
  { name: "1 year", table: "bench-sweep-1y", weeks: ONE_YEAR_WEEKS },
  { name: "10 years", table: "bench-sweep-10y", weeks: TEN_YEARS_WEEKS },
] as const;
type History = (typeof histories)[number];

const useTable = (table: string) => {
  process.env.TABLE_NAME = table;
  reloadConfig();
};

process.env.POWERTOOLS_LOG_LEVEL ??= "ERROR";
const db = await startDynamoDb({ port: await findFreePort() });
try {
  applyLocalEnvironment({
    dynamodbEndpoint: db.endpoint,
    // The bench sends no mail through SES and invokes no function: those endpoints point nowhere.
    sesEndpoint: "http://127.0.0.1:9",
    lambdaEndpoint: "http://127.0.0.1:9",
  });
  /**
   * The bench's own writes and raw reads go through a client of their own, with patient timeouts
   * for bulk loading: the app's client (shared/platform/store/client.ts, bounded for a 29 s
   * gateway) is the one the sweep uses and the meter watches.
   */
  const bench = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: db.endpoint,
      region: process.env.AWS_REGION ?? "us-east-1",
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 5,
      requestHandler: { requestTimeout: 60_000 },
    }),
  );
  // Imported only now: the runner's logger reads POWERTOOLS_LOG_LEVEL as it loads.
  const { dynamoClient } = await import("../../shared/platform/store/client.ts");
  const { factEntity, occurrenceEntity } = await import("../../shared/facts/repository.ts");
  const { occurrenceOf } = await import("../../shared/facts/occurrence.ts");
  const { planEntity, additionPut, occurrenceReported, quotaUse } = await import(
    "../../shared/plans/repository.ts"
  );
  const { requestEntity } = await import("../../shared/requests/repository.ts");
  const { unitEntity } = await import("../../shared/units/repository.ts");
  const { violationEntity } = await import("../../shared/violations/repository.ts");
  const { sweptRules } = await import("../../shared/violations/schemas.ts");
  const { sweepEntity } = await import("../../shared/sweeps/repository.ts");
  const { makeSweepRunner } = await import("../../shared/sweeps/run.ts");
  const { awsSweepRunDeps } = await import("../../shared/sweeps/runner-deps.ts");

  const { TIME_ZONE: timeZone, APPROVING_UNIT_ID, SUPERVISION_UNIT_ID } = config();
  const now = new Date();
  const window = previousWeek(now, timeZone);

  dynamoClient().middlewareStack.add(
    (next, context) => async (args) => {
      const active = meter;
      const command = context.commandName ?? "";
      if (!active || !isRecord(args.input)) return next(args);
      const input: Item = args.input;
      // A command the meter cannot bill or undo (TransactGetItems, PartiQL) would go uncounted.
      if (!readCommands.has(command) && !writeCommands.has(command)) {
        throw new Error(`the sweep sent ${command}, which the bench neither bills nor undoes`);
      }
      for (const { table, key } of writtenKeys(command, input)) {
        active.written.set(`${table}|${String(key.pk)}|${String(key.sk)}`, { table, key });
      }
      const reads = active.reads;
      if (!reads || !readCommands.has(command)) return next(args);
      const result = await next({ ...args, input: { ...args.input, ReturnConsumedCapacity: "TOTAL" } });
      const output: Item = isRecord(result.output) ? result.output : {};
      const { label, items, rcu } = billRead(command, input, output);
      const cost = reads.byLabel.get(label) ?? { calls: 0, items: 0, rcu: 0 };
      reads.byLabel.set(label, { calls: cost.calls + 1, items: cost.items + items, rcu: cost.rcu + rcu });
      if (command === "ScanCommand") reads.scans += 1;
      const local = reportedUnits(output.ConsumedCapacity);
      if (local !== undefined && command !== "BatchGetItemCommand") {
        reads.reportedByLocal += local;
        reads.formulaForReported += rcu;
      }
      return result;
    },
    { step: "initialize", name: "benchSweepMeter" },
  );

  // ---- units and plans -----------------------------------------------------------------------
  const cityBorn = `${now.getUTCFullYear() - 11}-01-01T00:00:00.000Z`;
  const departments = Array.from({ length: 37 }, (_, index) => `dept-${pad(index + 1, 2)}`);
  /** Departments with inspection items on every plan; the others inspect only with a temporary addition. */
  const inspecting = departments.slice(0, 30);
  const notInspecting = departments.slice(30);
  const townships = Array.from({ length: 20 }, (_, index) => `township-${pad(index + 1, 2)}`);
  const villages = Array.from({ length: 140 }, (_, index) => `village-${pad(index + 1, 3)}`);
  const grassroots = [...townships, ...villages];
  const unitOf = (id: string, kind: Unit["kind"], parentId?: string): Unit => ({
    id,
    name: `${id.replaceAll("-", " ")} (bench)`,
    kind,
    ...(parentId ? { parentId } : {}),
    emails: [`${id}@bench.example.gov`],
    createdBy: "bench-admin",
    createdAt: cityBorn,
    updatedAt: cityBorn,
    version: 1,
  });
  const units: Unit[] = [
    ...[APPROVING_UNIT_ID, SUPERVISION_UNIT_ID, "organization-office"].map((id) => unitOf(id, "office")),
    ...departments.map((id) => unitOf(id, "department", APPROVING_UNIT_ID)),
    ...townships.map((id) => unitOf(id, "township")),
    ...villages.map((id, index) => unitOf(id, "village", townships[index % townships.length])),
  ];

  const buildPlans = (year: number) => {
    const server = {
      year,
      status: "published" as const,
      createdBy: "bench-approver",
      createdAt: `${year - 1}-12-01T02:00:00.000Z`,
      updatedAt: `${year - 1}-12-20T02:00:00.000Z`,
      publishedAt: `${year - 1}-12-20T02:00:00.000Z`,
      publishedBy: "bench-approver",
      version: 2,
    };
    const quotas = (limit: number, tight: readonly string[], tightLimit: number) =>
      departments.map((unitId) => ({ unitId, limit: tight.includes(unitId) ? tightLimit : limit }));
    const plans = {
      meetings: {
        ...server,
        kind: "meetings" as const,
        quotas: quotas(60, departments.slice(0, 3), 10),
        items: Array.from({ length: 100 }, (_, index) => ({
          id: `meeting-${year}-${pad(index + 1, 3)}`,
          title: `Planned coordination meeting ${index + 1} of ${year}`,
          convenerUnitId: departments[index % departments.length] ?? "",
          month: (index % 12) + 1,
          attendeeLevel: "staff" as const,
        })),
      },
      documents: {
        ...server,
        kind: "documents" as const,
        quotas: quotas(150, departments.slice(3, 6), 15),
        items: Array.from({ length: 300 }, (_, index) => ({
          id: `document-${year}-${pad(index + 1, 3)}`,
          title: `Planned work notice ${index + 1} of ${year}`,
          issuerUnitId: departments[index % departments.length] ?? "",
          month: (index % 12) + 1,
        })),
      },
      inspections: {
        ...server,
        kind: "inspections" as const,
        quotas: quotas(200, [], 200),
        items: Array.from({ length: 90 }, (_, index) => ({
          id: `inspection-${year}-${pad(index + 1, 3)}`,
          title: `Planned inspection ${index + 1} of ${year}`,
          inspectionKind: pick(["supervision", "inspection", "assessment"] as const),
          leadUnitId: inspecting[index % inspecting.length] ?? "",
          ...(index < 45
            ? { targetUnitKinds: ["township" as const, "village" as const] }
            : { targetUnitIds: sample(grassroots, 20) }),
          from: `${year}-01-01`,
          to: `${year}-12-31`,
        })),
      },
    } satisfies Record<PlanKind, PlanRecord>;
    return plans;
  };
  const plansOfYear = new Map<number, ReturnType<typeof buildPlans>>();
  const plansOf = (year: number) => {
    const plans = plansOfYear.get(year) ?? buildPlans(year);
    plansOfYear.set(year, plans);
    return plans;
  };

  // ---- weeks of facts, requests, violations and sweeps ----------------------------------------
  type Counter = {
    counter: "reported" | "used";
    year: number;
    kind: PlanKind;
    unitId: string;
    count: number;
  };
  const tally = (part: Part, counter: Omit<Counter, "count">) => {
    const key = `${counter.counter}|${counter.year}|${counter.kind}|${counter.unitId}`;
    part.counters.set(key, { ...counter, count: (part.counters.get(key)?.count ?? 0) + 1 });
  };

  type Part = {
    items: Item[];
    occurrences: Map<string, OccurrenceRecord>;
    /** A plan's counters: occurrences reported and approvals used, by `<counter>|<year>|<kind>|<unit>`. */
    counters: Map<string, Counter>;
    additions: { year: number; kind: PlanKind; addition: PlanAddition }[];
    years: Set<number>;
    facts: number;
    requests: number;
    violations: number;
  };
  const newPart = (): Part => ({
    items: [],
    occurrences: new Map(),
    counters: new Map(),
    additions: [],
    years: new Set(),
    facts: 0,
    requests: 0,
    violations: 0,
  });

  const midnights = new Map<string, number>();
  const at = (day: string, minutes: number): Date => {
    const midnight = midnights.get(day) ?? localMidnightUtc(day, timeZone).getTime();
    midnights.set(day, midnight);
    return new Date(midnight + minutes * 60_000);
  };
  /** Facts are reported an hour to two days after they happen, never after now. */
  const reportedAfter = (instant: Date): Date =>
    new Date(Math.min(instant.getTime() + between(60, 48 * 60) * 60_000, now.getTime() - 60_000));
  const hasHappened = (instant: Date) => instant.getTime() < now.getTime() - HOUR_MS;
  const iso = (instant: Date | number) => new Date(instant).toISOString();

  /** A request; an approved one counts against its plan's quota in the year it happens. */
  const addRequest = (part: Part, record: RequestRecord, plan?: { year: number; kind: PlanKind }) => {
    part.items.push(requestEntity.toItem(record));
    part.requests += 1;
    if (plan && record.status === "approved")
      tally(part, { counter: "used", ...plan, unitId: record.unitId });
  };

  const approvedFields = (unitId: string, createdAt: Date, decidedAt: Date) => ({
    id: ulid(createdAt.getTime()),
    unitId,
    status: "approved" as const,
    findings: [],
    decideBy: iso(createdAt.getTime() + 5 * DAY_MS),
    decision: { decision: "approve" as const, by: "bench-approver", at: iso(decidedAt) },
    createdBy: `bench-${unitId}`,
    createdAt: iso(createdAt),
    updatedAt: iso(decidedAt),
    version: 2,
  });

  const meetingBody = (title: string, startsAt: Date) => ({
    kind: "meeting" as const,
    title,
    startsAt: iso(startsAt),
    durationMinutes: 60,
    format: chance(0.5) ? ("video" as const) : ("in_person" as const),
    attendeeLevel: "staff" as const,
    attendeesPerUnit: 1,
    attendeeUnitKinds: ["township" as const, "village" as const],
    relayed: false,
    accompanyingAttendees: false,
    reason: "Coordinate this week's work with the townships and villages",
  });

  /**
   * Every report of one matter, and the occurrence they belong to, as the fact repository's
   * transactions leave them: the first report creates the occurrence and counts it against its
   * plan's quota, a later one joins its reporters.
   */
  const addReports = (
    part: Part,
    happened: Date,
    reports: readonly { reporter: string; body: ReportFactBody }[],
    weekFacts: string[],
  ) => {
    const records = reports
      .map(({ reporter, body }): FactRecord => {
        const createdAt = iso(reportedAfter(happened));
        return {
          ...body,
          id: ulid(Date.parse(createdAt)),
          unitId: reporter,
          createdBy: `bench-${reporter}`,
          createdAt,
          updatedAt: createdAt,
          version: 1,
        };
      })
      .sort((left, right) => left.createdAt.localeCompare(right.createdAt));
    const [first] = records;
    const last = records.at(-1);
    if (!first || !last) return;
    for (const record of records) {
      part.items.push(factEntity.toItem(record));
      weekFacts.push(record.id);
    }
    part.facts += records.length;
    const key = occurrenceOf(first, timeZone);
    const known = part.occurrences.get(key.id);
    if (known) {
      for (const record of records) known.reporters.add(record.unitId);
      if (last.createdAt > known.lastReportedAt) known.lastReportedAt = last.createdAt;
      if (first.createdAt < known.firstReportedAt) {
        known.firstReportedAt = first.createdAt;
        known.firstReportId = first.id;
      }
      return;
    }
    part.occurrences.set(key.id, {
      id: key.id,
      kind: key.kind,
      subjectUnitId: key.subjectUnitId,
      title: first.title,
      happenedAt: iso(happened),
      day: key.day,
      ...(first.kind === "inspection_visit" ? { targetUnitId: first.targetUnitId } : {}),
      reporters: new Set(records.map((record) => record.unitId)),
      firstReportId: first.id,
      firstReportedAt: first.createdAt,
      lastReportedAt: last.createdAt,
    });
    const planKind =
      key.kind === "meeting_held" ? "meetings" : key.kind === "document_issued" ? "documents" : undefined;
    if (planKind) {
      tally(part, {
        counter: "reported",
        year: Number(key.day.slice(0, 4)),
        kind: planKind,
        unitId: key.subjectUnitId,
      });
    }
  };

  /** A meeting request approved days before the meeting; one in ten was off the plan and added to it. */
  const approvedMeeting = (part: Part, convener: string, title: string, start: Date): RequestRecord => {
    const createdAt = new Date(start.getTime() - between(4 * 24, 10 * 24) * HOUR_MS);
    const decidedAt = new Date(createdAt.getTime() + between(2, 72) * HOUR_MS);
    const record: RequestRecord = {
      ...meetingBody(title, start),
      ...approvedFields(convener, createdAt, decidedAt),
    };
    const plan = { year: Number(localDay(start, timeZone).slice(0, 4)), kind: "meetings" as const };
    addRequest(part, record, plan);
    if (chance(0.1)) {
      part.additions.push({
        ...plan,
        addition: {
          id: record.id,
          title,
          convenerUnitId: convener,
          requestId: record.id,
          addedAt: iso(decidedAt),
        },
      });
    }
    return record;
  };

  const generateWeek = (part: Part, offset: number, volume: Volume) => {
    const monday = addDays(window.firstDay, offset * 7);
    const label = weekLabelOf(at(monday, 12 * 60), timeZone);
    const days = daysOfWindow({ firstDay: monday });
    const workdays = days.slice(0, 5);
    for (const day of days) part.years.add(Number(day.slice(0, 4)));
    const weekFacts: string[] = [];
    const officeHours = (day: string) => at(day, 30 * between(17, 34));

    for (let index = 0; index < volume.meetings; index += 1) {
      const convener = pick(departments);
      const day = pick(workdays);
      const start = officeHours(day);
      if (!hasHappened(start)) continue;
      const title = `Coordination meeting ${label} ${convener} ${index + 1}`;
      const request = chance(0.92) ? approvedMeeting(part, convener, title, start) : undefined;
      const held = {
        kind: "meeting_held" as const,
        convenerUnitId: convener,
        title,
        heldAt: iso(start),
        durationMinutes: chance(0.05) ? 120 : 60,
        attendeeLevel: chance(0.03) ? ("deputy" as const) : ("staff" as const),
        attendeesPerUnit: 1,
        relayed: chance(0.01),
        accompanyingAttendees: chance(0.01),
      };
      const summoned = sample(grassroots, volume.meetingReporters);
      const reporters = chance(0.9) ? [convener, ...summoned] : summoned;
      addReports(
        part,
        start,
        reporters.map((reporter) => {
          const cites = request && (reporter === convener || chance(0.5));
          return { reporter, body: { ...held, ...(cites ? { requestId: request.id } : {}) } };
        }),
        weekFacts,
      );
    }

    for (let index = 0; index < volume.documents; index += 1) {
      const issuer = pick(departments);
      const day = pick(workdays);
      const issued = officeHours(day);
      if (!hasHappened(issued)) continue;
      const year = Number(day.slice(0, 4));
      const leave = random();
      let title = `Unplanned notice ${label} ${issuer} ${index + 1}`;
      let cited: { planItemId?: string; requestId?: string } = {};
      if (leave < 0.85) {
        const item = pick(plansOf(year).documents.items.filter((entry) => entry.issuerUnitId === issuer));
        title = item.title;
        cited = { planItemId: item.id };
      } else if (leave < 0.95) {
        title = `Temporary notice ${label} ${issuer} ${index + 1}`;
        const draftingStartsOn = addDays(day, -between(3, 10));
        const createdAt = new Date(at(draftingStartsOn, 0).getTime() - 2 * DAY_MS + between(8, 16) * HOUR_MS);
        const decidedAt = new Date(createdAt.getTime() + between(2, 20) * HOUR_MS);
        const record: RequestRecord = {
          kind: "document",
          title,
          docType: "notice",
          pages: between(1, 8),
          audienceUnitKinds: ["township", "village"],
          draftingStartsOn,
          reason: "A matter the annual plan could not foresee",
          ...approvedFields(issuer, createdAt, decidedAt),
        };
        const plan = { year: Number(draftingStartsOn.slice(0, 4)), kind: "documents" as const };
        addRequest(part, record, plan);
        part.additions.push({
          ...plan,
          addition: {
            id: record.id,
            title,
            issuerUnitId: issuer,
            draftingStartsOn,
            requestId: record.id,
            addedAt: iso(decidedAt),
          },
        });
        cited = { requestId: record.id };
      }
      const document = {
        kind: "document_issued" as const,
        issuerUnitId: issuer,
        title,
        docNumber: `${issuer}-${label}-${index + 1}`,
        issuedAt: iso(issued),
        pages: between(1, 12),
      };
      const receivers = sample(grassroots, volume.documentReporters);
      const reporters = chance(0.95) ? [issuer, ...receivers] : receivers;
      addReports(
        part,
        issued,
        reporters.map((reporter) => ({
          reporter,
          body: { ...document, ...(reporter === issuer ? cited : {}) },
        })),
        weekFacts,
      );
    }

    for (let index = 0; index < volume.visits; index += 1) {
      const onPlan = chance(0.95);
      const lead = pick(onPlan ? inspecting : notInspecting);
      const target = pick(grassroots);
      const day = pick(workdays);
      const visited = officeHours(day);
      if (!hasHappened(visited)) continue;
      const year = Number(day.slice(0, 4));
      let title = `Unannounced check ${label} ${lead} ${index + 1}`;
      let cited: { planItemId?: string; requestId?: string } = {};
      if (onPlan) {
        const item = pick(
          plansOf(year).inspections.items.filter(
            (entry) => entry.leadUnitId === lead && "targetUnitKinds" in entry,
          ),
        );
        title = item.title;
        cited = { planItemId: item.id };
      } else if (chance(0.5)) {
        title = `Temporary inspection ${label} ${lead} ${index + 1}`;
        const createdAt = new Date(visited.getTime() - between(5 * 24, 10 * 24) * HOUR_MS);
        const decidedAt = new Date(createdAt.getTime() + between(2, 48) * HOUR_MS);
        const dates = { from: addDays(day, -2), to: addDays(day, 2) };
        const record: RequestRecord = {
          kind: "inspection",
          title,
          inspectionKind: "inspection",
          targetUnitIds: [target],
          ...dates,
          reason: "A safety complaint to follow up on site",
          ...approvedFields(lead, createdAt, decidedAt),
        };
        const plan = { year: Number(dates.from.slice(0, 4)), kind: "inspections" as const };
        addRequest(part, record, plan);
        part.additions.push({
          ...plan,
          addition: {
            id: record.id,
            title,
            inspectionKind: "inspection",
            leadUnitId: lead,
            targetUnitIds: [target],
            ...dates,
            requestId: record.id,
            addedAt: iso(decidedAt),
          },
        });
        cited = { requestId: record.id };
      }
      const visit = {
        kind: "inspection_visit" as const,
        leadUnitId: lead,
        targetUnitId: target,
        title,
        inspectionKind: "inspection" as const,
        visitedAt: iso(visited),
      };
      const leadReports = chance(0.9);
      const reporters = [...(leadReports ? [lead] : []), ...(!leadReports || chance(0.9) ? [target] : [])];
      addReports(
        part,
        visited,
        reporters.map((reporter) => ({ reporter, body: { ...visit, ...(reporter === lead ? cited : {}) } })),
        weekFacts,
      );
    }

    for (let index = 0; index < volume.rejected; index += 1) {
      const unitId = pick(departments);
      const start = officeHours(pick(workdays));
      const createdAt = new Date(start.getTime() - between(4 * 24, 10 * 24) * HOUR_MS);
      const decidedAt = new Date(createdAt.getTime() + between(2, 72) * HOUR_MS);
      if (!hasHappened(decidedAt)) continue;
      addRequest(part, {
        ...meetingBody(`Proposed meeting ${label} ${unitId} ${index + 1}`, start),
        ...approvedFields(unitId, createdAt, decidedAt),
        status: "rejected",
        decision: {
          decision: "reject",
          comment: "Hold it within the monthly meeting",
          by: "bench-approver",
          at: iso(decidedAt),
        },
      });
    }

    // The approval queue holds only recent requests: older ones were all decided.
    if (offset >= 0) {
      for (let index = 0; index < PENDING_PER_WEEK; index += 1) {
        const unitId = pick(departments);
        const createdAt = officeHours(pick(workdays));
        if (!hasHappened(createdAt)) continue;
        const { decision: _decision, ...submitted } = approvedFields(unitId, createdAt, createdAt);
        addRequest(part, {
          ...meetingBody(
            `Requested meeting ${label} ${unitId} ${index + 1}`,
            new Date(createdAt.getTime() + 14 * DAY_MS),
          ),
          ...submitted,
          status: "submitted",
          version: 1,
        });
      }
    }

    if (offset < 0) {
      const { startUtc, endUtc } = windowOfWeek(label, timeZone);
      const ranAt = at(addDays(monday, 7), 8 * 60);
      const sweep: SweepRecord = {
        id: ulid(ranAt.getTime()),
        window: label,
        windowStartUtc: startUtc,
        windowEndUtc: endUtc,
        dryRun: false,
        status: "completed",
        trigger: "schedule",
        createdBy: "schedule",
        counts: {
          factsRead: weekFacts.length,
          newViolations: volume.violations,
          openViolations: volume.violations,
          emailsSent: volume.violations + 1,
          emailsFailed: 0,
          subjectsFailed: 0,
        },
        durationMs: between(2_000, 9_000),
        createdAt: iso(ranAt),
        updatedAt: iso(ranAt.getTime() + 10_000),
      };
      part.items.push(sweepEntity.toItem(sweep));
      const resolvedBy = { by: "bench-supervisor", at: iso(ranAt.getTime() + 20 * DAY_MS) };
      for (let index = 0; index < volume.violations; index += 1) {
        const rule = pick(sweptRules);
        const subject = `bench-${label}-${index + 1}`;
        const status: ViolationRecord["status"] =
          -offset <= UNRESOLVED_FOR_WEEKS
            ? pick(["open", "open", "responded", "rectified"] as const)
            : chance(0.8)
              ? "rectified"
              : "dismissed";
        const evidence = weekFacts.slice(index * 3, index * 3 + between(1, 3));
        const violation: ViolationRecord = {
          id: `${rule}:${subject}`,
          rule,
          unitId: rule === "OVERDUE_APPROVAL" ? APPROVING_UNIT_ID : pick(departments),
          subject,
          summary: `Reported matter ${index + 1} of ${label}`,
          occurredOn: pick(days),
          evidence: { count: evidence.length, factIds: evidence },
          status,
          dueAt: iso(ranAt.getTime() + 14 * DAY_MS),
          ...(status === "open" ? {} : { response: { text: "We have corrected it.", ...resolvedBy } }),
          ...(status === "rectified" || status === "dismissed"
            ? { resolution: { outcome: status, reason: "Checked on site", ...resolvedBy } }
            : {}),
          window: label,
          sweepId: sweep.id,
          createdBy: "schedule",
          createdAt: sweep.createdAt,
          updatedAt: status === "open" ? sweep.createdAt : resolvedBy.at,
          version: status === "open" ? 1 : status === "responded" ? 2 : 3,
        };
        part.items.push(violationEntity.toItem(violation));
        part.violations += 1;
      }
    }
  };

  const recent = newPart();
  const olderYears = newPart();
  for (let offset = 1; offset > -ONE_YEAR_WEEKS; offset -= 1) {
    generateWeek(recent, offset, offset >= -FULL_WEEKS_BEFORE ? FULL : THIN);
  }
  for (let offset = -ONE_YEAR_WEEKS; offset > -TEN_YEARS_WEEKS; offset -= 1)
    generateWeek(olderYears, offset, THIN);

  /** A plan's counter item as its repository's update keeps it, at the count of what was written. */
  const counterItem = ({ counter, year, kind, unitId, count }: Counter): Item => {
    const update = (
      counter === "used"
        ? quotaUse({ year, kind, unitId, delta: count })
        : occurrenceReported(year, kind, unitId)
    ).Update;
    if (!update?.Key) throw new Error("a plan's counter is no longer kept by an update");
    return { ...update.Key, unitId, entity: update.ExpressionAttributeValues?.[":entity"], [counter]: count };
  };

  const tableItems = (parts: readonly Part[]): Item[] => {
    const years = [...new Set(parts.flatMap((part) => [...part.years]))];
    const counters = new Map<string, Counter>();
    for (const part of parts) {
      for (const [key, counter] of part.counters) {
        counters.set(key, { ...counter, count: (counters.get(key)?.count ?? 0) + counter.count });
      }
    }
    return [
      ...units.map((unit) => unitEntity.toItem(unit)),
      ...years.flatMap((year) => Object.values(plansOf(year)).map((plan) => planEntity.toItem(plan))),
      ...[...counters.values()].map(counterItem),
      ...parts.flatMap((part) =>
        part.additions.map(({ year, kind, addition }) => {
          const item = additionPut(year, kind, addition).Put?.Item;
          if (!item) throw new Error("additionPut no longer puts an item");
          return item;
        }),
      ),
      ...parts.flatMap((part) => [
        ...part.items,
        ...[...part.occurrences.values()].map((occurrence) => occurrenceEntity.toItem(occurrence)),
      ]),
    ];
  };

  type WriteRequests = NonNullable<BatchWriteCommandInput["RequestItems"]>[string];
  /** BatchWrite, 25 requests a call from `senders` in parallel, sending again what DynamoDB left unprocessed. */
  const batchWrite = async (table: string, all: WriteRequests, senders: number) => {
    const batches: WriteRequests[] = [];
    for (let offset = 0; offset < all.length; offset += 25) batches.push(all.slice(offset, offset + 25));
    let next = 0;
    const sender = async () => {
      for (let batch = batches[next++]; batch; batch = batches[next++]) {
        let requests = batch;
        while (requests.length > 0) {
          const result = await bench.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
          requests = result.UnprocessedItems?.[table] ?? [];
        }
      }
    };
    await Promise.all(Array.from({ length: senders }, sender));
  };

  const contents = new Map<History, { items: number; parts: Part[] }>();
  const writeStarted = performance.now();
  await Promise.all(
    histories.map(async (history) => {
      const client = localDynamoClient(db.endpoint);
      try {
        await ensureTable(client, history.table);
      } finally {
        client.destroy();
      }
      const parts = history.weeks > ONE_YEAR_WEEKS ? [recent, olderYears] : [recent];
      const items = tableItems(parts);
      await batchWrite(
        history.table,
        items.map((Item) => ({ PutRequest: { Item } })),
        4,
      );
      contents.set(history, { items: items.length, parts });
    }),
  );
  const writeSeconds = (performance.now() - writeStarted) / 1000;

  // ---- the sweep ------------------------------------------------------------------------------
  let emailsSent = 0;
  const runner = makeSweepRunner({
    ...awsSweepRunDeps(),
    mailer: {
      send: async () => {
        emailsSent += 1;
        return "bench-message-id";
      },
    },
  });

  type Run = { ms: number; record: SweepRecord; emails: number; meter: Meter };
  const sweepOnce = async (history: History, meterReads: boolean): Promise<Run> => {
    useTable(history.table);
    const recorder: Meter = {
      ...(meterReads
        ? { reads: { byLabel: new Map(), scans: 0, reportedByLocal: 0, formulaForReported: 0 } }
        : {}),
      written: new Map(),
    };
    emailsSent = 0;
    meter = recorder;
    const started = performance.now();
    let record: SweepRecord;
    try {
      record = await runner.run({ window: window.label, dryRun: false, trigger: "cli", createdBy: "bench" });
    } finally {
      meter = undefined;
    }
    const elapsed = performance.now() - started;
    if (record.status !== "completed") {
      throw new Error(`the sweep of ${history.table} ended ${record.status}: ${record.error ?? ""}`);
    }
    return { ms: elapsed, record, emails: emailsSent, meter: recorder };
  };

  /** Deletes what a run wrote, so the next run finds the table as the first one did. */
  const undo = async (run: Run) => {
    const byTable = Map.groupBy(run.meter.written.values(), (entry) => entry.table);
    for (const [table, entries] of byTable) {
      await batchWrite(
        table,
        entries.map(({ key }) => ({ DeleteRequest: { Key: key } })),
        4,
      );
    }
  };

  /** One raw, eventually consistent read of a partition's items, billed per page; `seen` items are not billed again. */
  const rawRead = async (input: Omit<QueryCommandInput, "TableName">, seen: Set<string>) => {
    let rcu = 0;
    let items = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await bench.send(
        new QueryCommand({ ...input, TableName: config().TABLE_NAME, ExclusiveStartKey: start }),
      );
      const fresh = (page.Items ?? []).filter((item) => !seen.has(`${String(item.pk)}|${String(item.sk)}`));
      for (const item of fresh) seen.add(`${String(item.pk)}|${String(item.sk)}`);
      items += fresh.length;
      rcu += readUnits(
        fresh.reduce((sum, item) => sum + itemBytes(item), 0),
        false,
      );
      start = page.LastEvaluatedKey;
    } while (start);
    return { rcu, items };
  };

  const rangeOf = (
    partition: { index: string; name: string; sortName: string; value: string },
    from: string,
    to: string,
  ) => ({
    IndexName: partition.index,
    KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
    ExpressionAttributeNames: { "#pk": partition.name, "#sk": partition.sortName },
    ExpressionAttributeValues: { ":pk": partition.value, ":from": from, ":to": to },
  });
  const wholeOf = (partition: { index: string; name: string; value: string }) => ({
    IndexName: partition.index,
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": partition.name },
    ExpressionAttributeValues: { ":pk": partition.value },
  });

  /** The capacity of the items the sweep of the window needs, each read once; after a run, as its emails saw them. */
  const windowCapacity = async (history: History) => {
    useTable(history.table);
    const { startUtc, endUtc } = window;
    const days = daysOfWindow(window);
    const utcDays = utcDaysBetween(startUtc, endUtc);
    const years = [...new Set(days.map((day) => Number(day.slice(0, 4))))];
    const months = Map.groupBy(days, (day) => day.slice(0, 7));
    const sources: [string, Omit<QueryCommandInput, "TableName">[]][] = [
      [
        "facts of the window (byDay)",
        utcDays.map((day) =>
          rangeOf(factEntity.partition("byDay", { happenedOnUtcDay: day }), startUtc, endUtc),
        ),
      ],
      [
        "requests of the window (byDay)",
        utcDays.map((day) =>
          rangeOf(requestEntity.partition("byDay", { happensOnUtcDay: day }), startUtc, endUtc),
        ),
      ],
      [
        "plans: record, REPORTED#, ADDITION#",
        years.flatMap((year) =>
          (["meetings", "documents", "inspections"] as const).flatMap((kind) => {
            const { pk } = planEntity.key({ year, kind });
            // Sort keys: ADDITION# < AUDIT# < PLAN < REPORTED# < USED#; the audit trail and the
            // approvals' USED# counters are not what a sweep judges by.
            return [
              {
                KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
                ExpressionAttributeValues: { ":pk": pk, ":prefix": "ADDITION#" },
              },
              {
                KeyConditionExpression: "pk = :pk AND sk BETWEEN :plan AND :reported",
                ExpressionAttributeValues: { ":pk": pk, ":plan": planEntity.type, ":reported": "REPORTED$" },
              },
            ];
          }),
        ),
      ],
      [
        "visits of the window's months (byDay)",
        [...months].map(([month, inWindow]) =>
          rangeOf(
            occurrenceEntity.partition("byDay", { kindMonth: `inspection_visit#${month}` }),
            `${month}-01`,
            `${inWindow.at(-1) ?? `${month}-31`}~`,
          ),
        ),
      ],
      [
        "pending requests (byStatus)",
        [rangeOf(requestEntity.partition("byStatus", { status: "submitted" }), "0", endUtc)],
      ],
      ["units (byType)", [wholeOf(unitEntity.partition("byType", {}))]],
      [
        "violations: unresolved, this week's, last week's",
        [
          wholeOf(violationEntity.partition("byStatus", { queue: "unresolved" })),
          wholeOf(violationEntity.partition("byDay", { window: window.label })),
          wholeOf(violationEntity.partition("byDay", { window: weekBefore(window.label, timeZone) })),
        ],
      ],
      [
        "sweeps of the last fortnight (byType)",
        [rangeOf(sweepEntity.partition("byType", {}), iso(now.getTime() - 14 * DAY_MS), iso(Date.now()))],
      ],
    ];
    const seen = new Set<string>();
    const rows: { source: string; items: number; rcu: number }[] = [];
    for (const [source, queries] of sources) {
      let items = 0;
      let rcu = 0;
      for (const query of queries) {
        const read = await rawRead(query, seen);
        items += read.items;
        rcu += read.rcu;
      }
      rows.push({ source, items, rcu });
    }
    return rows;
  };

  // One metered run per table: its reads billed, the window's items read raw after it, then undone.
  const metered = new Map<History, { run: Run; window: Awaited<ReturnType<typeof windowCapacity>> }>();
  for (const history of histories) {
    const run = await sweepOnce(history, true);
    const items = await windowCapacity(history);
    await undo(run);
    metered.set(history, { run, window: items });
  }

  const samples = new Map<History, number[]>(histories.map((history) => [history, []]));
  for (let round = 0; round < sweeps; round += 1) {
    for (const history of shuffled(histories)) {
      const run = await sweepOnce(history, false);
      await undo(run);
      const first = metered.get(history)?.run;
      if (
        first &&
        (run.record.counts.newViolations !== first.record.counts.newViolations || run.emails !== first.emails)
      ) {
        throw new Error(
          `${history.table}: a run opened ${run.record.counts.newViolations} violations and sent ${run.emails} emails, the first ${first.record.counts.newViolations} and ${first.emails}; the table was not restored`,
        );
      }
      samples.get(history)?.push(run.ms);
    }
  }

  // ---- the report -----------------------------------------------------------------------------
  const figuresOf = (history: History) => {
    const entry = metered.get(history);
    const reads = entry?.run.meter.reads;
    if (!entry || !reads) throw new Error(`no metered run of ${history.table}`);
    const consumed = [...reads.byLabel.values()].reduce((sum, cost) => sum + cost.rcu, 0);
    const needed = entry.window.reduce((sum, row) => sum + row.rcu, 0);
    const durations = samples.get(history) ?? [];
    return { entry, reads, consumed, needed, median: median(durations), p90: percentile(durations, 90) };
  };
  const [oneYear, tenYears] = histories.map(figuresOf);
  if (!oneYear || !tenYears) throw new Error("both histories must have run");
  const rcu = (value: number) => value.toFixed(1);
  const count = (value: number) => value.toLocaleString("en-US");

  const checks = [
    {
      measure: "reads / window items, 1 year",
      oneYear: `${rcu(oneYear.consumed)} / ${rcu(oneYear.needed)} RCU`,
      tenYears: "",
      ratio: oneYear.consumed / oneYear.needed,
      target: CAPACITY_TARGET,
    },
    {
      measure: "reads / window items, 10 years",
      oneYear: "",
      tenYears: `${rcu(tenYears.consumed)} / ${rcu(tenYears.needed)} RCU`,
      ratio: tenYears.consumed / tenYears.needed,
      target: CAPACITY_TARGET,
    },
    {
      measure: `sweep ms, median of ${sweeps} (p90)`,
      oneYear: `${ms(oneYear.median, 0)} (${ms(oneYear.p90, 0)})`,
      tenYears: `${ms(tenYears.median, 0)} (${ms(tenYears.p90, 0)})`,
      ratio: tenYears.median / oneYear.median,
      target: TIME_TARGET,
    },
  ];
  const scans = oneYear.reads.scans + tenYears.reads.scans;
  const results = [
    ...checks.map((check) => verdict(check.ratio, check.target)),
    scans === 0 ? "ok" : "MISSED",
  ];

  const total = (history: History, of: (part: Part) => number) =>
    (contents.get(history)?.parts ?? []).reduce((sum, part) => sum + of(part), 0);
  const facts = (history: History) => total(history, (part) => part.facts);
  const occurrences = (history: History) => total(history, (part) => part.occurrences.size);
  const requests = (history: History) => total(history, (part) => part.requests);
  const violations = (history: History) => total(history, (part) => part.violations);
  const info = (measure: string, value: (history: History) => string) => [
    measure,
    ...histories.map(value),
    "",
    "",
    "info",
  ];
  console.log(
    `\nsweep of ${window.label} (${window.startUtc} to ${window.endUtc}, ${timeZone}) against DynamoDB Local: ` +
      `one metered run per table, then ${sweeps} full runs each, the tables interleaved in shuffled order`,
  );
  console.log(
    formatTable(
      [
        { title: "measure" },
        { title: "1 year" },
        { title: "10 years" },
        { title: "ratio" },
        { title: "target" },
        { title: "result" },
      ],
      [
        info("items in the table", (history) => count(contents.get(history)?.items ?? 0)),
        info("weeks of history", (history) => count(history.weeks + 1)),
        info("facts / occurrences in the table", (history) =>
          [facts(history), occurrences(history)].map(count).join(" / "),
        ),
        info("requests / violations in the table", (history) =>
          [requests(history), violations(history)].map(count).join(" / "),
        ),
        info("facts in the window", (history) =>
          count(metered.get(history)?.run.record.counts.factsRead ?? 0),
        ),
        info("violations opened / emails sent", (history) => {
          const run = metered.get(history)?.run;
          return `${run?.record.counts.newViolations ?? 0} / ${run?.emails ?? 0}`;
        }),
        ...checks.map((check, index) => [
          check.measure,
          check.oneYear,
          check.tenYears,
          times(check.ratio),
          `${check.target.toFixed(2)}x`,
          results[index] ?? "",
        ]),
        [
          "Scan calls",
          String(oneYear.reads.scans),
          String(tenYears.reads.scans),
          "-",
          "0",
          results.at(-1) ?? "",
        ],
      ],
    ),
  );

  console.log("\nreads of the metered run (billed by the formula), most expensive first");
  const labels = [...new Set([...oneYear.reads.byLabel.keys(), ...tenYears.reads.byLabel.keys()])].sort(
    (left, right) =>
      (tenYears.reads.byLabel.get(right)?.rcu ?? 0) - (tenYears.reads.byLabel.get(left)?.rcu ?? 0),
  );
  const cell = (reads: typeof oneYear.reads, label: string) => {
    const cost = reads.byLabel.get(label);
    return cost ? [String(cost.calls), count(cost.items), rcu(cost.rcu)] : ["-", "-", "-"];
  };
  console.log(
    formatTable(
      [
        { title: "read" },
        { title: "1y calls" },
        { title: "items" },
        { title: "RCU" },
        { title: "10y calls" },
        { title: "items" },
        { title: "RCU" },
      ],
      labels.map((label) => [label, ...cell(oneYear.reads, label), ...cell(tenYears.reads, label)]),
    ),
  );
  console.log("\nthe window's items, each read raw once (eventually consistent, one Query per partition)");
  console.log(
    formatTable(
      [{ title: "items" }, { title: "1y items" }, { title: "RCU" }, { title: "10y items" }, { title: "RCU" }],
      oneYear.entry.window.map((row, index) => {
        const other = tenYears.entry.window[index];
        return [row.source, count(row.items), rcu(row.rcu), count(other?.items ?? 0), rcu(other?.rcu ?? 0)];
      }),
    ),
  );
  for (const [name, figures] of [
    ["1 year", oneYear],
    ["10 years", tenYears],
  ] as const) {
    console.log(
      `  ${name}: DynamoDB Local's own ConsumedCapacity for the Query/GetItem calls ${rcu(figures.reads.reportedByLocal)} RCU, ` +
        `the formula for the same calls ${rcu(figures.reads.formulaForReported)} (it reports 0 for BatchGetItem)`,
    );
  }
  const weekly = (volume: Volume) =>
    `${volume.meetings} meetings (the convener and ${volume.meetingReporters} summoned units report each), ` +
    `${volume.documents} documents (the issuer and ${volume.documentReporters} receivers), ` +
    `${volume.visits} visits (lead and target) and ${volume.violations} violations a week`;
  console.log(
    `  data, written in ${writeSeconds.toFixed(1)} s: full volume in ${window.label}, the ${FULL_WEEKS_BEFORE} weeks ` +
      `before it and this week so far, ${weekly(FULL)}; every earlier week ${weekly(THIN)}; ` +
      `a completed sweep record per past week, its violations resolved once ${UNRESOLVED_FOR_WEEKS} weeks old`,
  );
  const missed = results.filter((result) => result === "MISSED").length;
  if (missed > 0) {
    console.log(`${missed} of ${results.length} sweep checks missed their target`);
    process.exitCode = 1;
  } else {
    console.log("every sweep check within its target");
  }
} finally {
  await db.stop();
}
