/**
 * "The audit trail rebuilds every record's current state" (DESIGN.md §7), checked on a raw scan of
 * the table rather than through the API, so a half-written change (a record without its entry, an
 * entry without its record, a trail that skips a step) cannot hide behind what a route chooses to
 * show.
 *
 * How the store lays things out (shared/platform/store/store.ts and entity.ts): a record is the
 * item whose `sk` equals its entity type (`pk` = `<TYPE>#<id>`, `sk` = `<TYPE>`); each audit entry
 * shares the record's `pk`, with `sk` = `AUDIT#<at>#<ulid>` and `entity` = `AUDIT`, and holds
 * `{at, by, role, action, before, after}` where `before`/`after` are the record's own fields.
 */
import { isDeepStrictEqual } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";

export type Item = Record<string, unknown>;

/** Attributes only the table needs (the same list entity.ts strips when it parses an item back). */
const storageOnly = /^(pk|sk|gsi\d(pk|sk)|entity|schemaVersion|expiresAt)$/;

/**
 * Items the store writes outside the audited-record protocol, each for a documented reason:
 * IDEMPOTENCY — the Idempotency-Key claims (shared/platform/store/idempotency-store.ts), protocol
 *   state that expires by TTL;
 * DIGEST — the sweep's digest outbox (shared/sweeps/repository.ts), claim and sent markers;
 * SWEEP — the sweep run log itself (shared/sweeps/repository.ts saves it with a plain Put);
 * FACT_DAY_COUNT — the per-unit daily fact counter behind FACTS_PER_UNIT_PER_DAY
 *   (shared/facts/repository.ts), a counter written in the same transaction as each audited fact.
 * NOTICE — a decision's notice to the submitting unit (shared/requests/repository.ts), delivery
 *   state like the outbox: written pending in the audited decision's own transaction, marked done
 *   once sent; the decision it tells of is in the request's trail.
 * OCCURRENCE — what several reports of one thing have in common (shared/facts/repository.ts),
 *   derived from the audited facts, written in each fact's own transaction and rebuildable from them.
 * COMPLAINT_RECEIPT — the hash of a complaint's receipt, the lookup from a receipt to its complaint
 *   (shared/complaints/repository.ts): written once in the audited filing's transaction, never changed.
 * COMPLAINT_IDENTITY — who filed a complaint, kept apart on purpose (shared/complaints/repository.ts):
 *   written once in the audited filing's transaction, never changed; an audit entry of it would
 *   copy the identity the complaint's trail must never hold.
 * Any other entity type must carry an audit trail; a new unaudited type makes this check fail on
 * purpose, so that someone decides whether it should be audited.
 */
export const unauditedEntityTypes: ReadonlySet<string> = new Set([
  "IDEMPOTENCY",
  "OUTBOX",
  "SWEEP",
  "FACT_DAY_COUNT",
  "NOTICE",
  "OCCURRENCE",
  "COMPLAINT_RECEIPT",
  "COMPLAINT_IDENTITY",
]);

/**
 * Entity types whose audit entries keep `before` without one large list, each for a documented
 * reason: PLAN — a plan's entry keeps the plan before it without its `items`, counted in
 * `itemCount`, since the previous entry's `after` holds them in full and two full copies of a large
 * plan in one entry could pass DynamoDB's 400 KB item limit (shared/plans/repository.ts). Such a
 * `before` must equal the previous `after` with that list replaced by its length.
 */
export const abbreviatedBefore: ReadonlyMap<string, { list: string; count: string }> = new Map([
  ["PLAN", { list: "items", count: "itemCount" }],
]);

/**
 * Partitions whose other items may exist before their record, each for a documented reason:
 * PLAN# — an approval counts the quota it uses (`USED#<unit>`) and adds a temporary addition
 * (`ADDITION#<request>`) in the plan's partition whether or not the plan was drafted yet
 * (shared/plans/repository.ts), so that drafting the plan later finds them.
 * STATS# — a year's statistics partition holds only counters (`UNIT#<unit>`), moved by ADD in the
 * transactions of the records they count (shared/stats/counters.ts): derived from audited records,
 * rebuildable from them, and never a record of their own.
 */
const childrenWithoutRecord = /^(PLAN|STATS)#/;

const abbreviate = (state: Item | null, how: { list: string; count: string } | undefined): Item | null => {
  if (state === null || how === undefined) return state;
  const { [how.list]: list, ...rest } = state;
  return { ...rest, [how.count]: Array.isArray(list) ? list.length : 0 };
};

const AUDIT = "AUDIT";
const AUDIT_SORT_PREFIX = "AUDIT#";

/** A record's own fields: what a form submitted plus the server's fields, without key attributes. */
export const ownFields = (item: Item): Item =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !storageOnly.test(name)));

type Entry = { sk: string; at: string; before: Item | null; after: Item | null };

const entryOf = (item: Item): Entry => ({
  sk: String(item.sk),
  at: String(item.at),
  before: (item.before as Item | null | undefined) ?? null,
  after: (item.after as Item | null | undefined) ?? null,
});

const versionOf = (state: Item | null): number =>
  state !== null && typeof state.version === "number" ? state.version : 0;

/**
 * Oldest first. `at` is the instant of the change; two changes in one millisecond are ordered by
 * the version they produced (the ulid in the sort key is random within a millisecond).
 */
const chronological = (a: Entry, b: Entry): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : versionOf(a.after) - versionOf(b.after);

/**
 * Every way the items disagree with their audit trails, as readable lines; empty when each
 * audited record has a trail that starts from nothing, links each entry's `before` to the previous
 * entry's `after`, and ends at exactly the record's current fields, and no audit entry or other
 * item kept in a record's partition is there without its record.
 */
export const auditTrailProblems = (items: readonly Item[]): string[] => {
  const problems: string[] = [];
  const trails = new Map<string, Entry[]>();
  const records = new Map<string, Item>();
  /** Items kept beside a record in its partition (a violation's evidence, say), by partition. */
  const children = new Map<string, string[]>();
  for (const item of items) {
    const pk = String(item.pk);
    if (item.entity === AUDIT || String(item.sk).startsWith(AUDIT_SORT_PREFIX)) {
      const trail = trails.get(pk) ?? [];
      trail.push(entryOf(item));
      trails.set(pk, trail);
    } else if (item.sk === item.entity) {
      records.set(pk, item);
    } else {
      children.set(pk, [...(children.get(pk) ?? []), String(item.sk)]);
    }
  }

  for (const [pk, record] of records) {
    const type = String(record.entity);
    const trail = (trails.get(pk) ?? []).sort(chronological);
    if (unauditedEntityTypes.has(type)) {
      if (trail.length > 0) problems.push(`${pk}: a ${type} item has audit entries`);
      continue;
    }
    const first = trail[0];
    const last = trail.at(-1);
    if (!first || !last) {
      problems.push(`${pk}: a ${type} record without any audit entry`);
      continue;
    }
    if (first.before !== null) problems.push(`${pk}: the first audit entry ${first.sk} has a before state`);
    for (let index = 1; index < trail.length; index += 1) {
      const previous = trail[index - 1];
      const entry = trail[index];
      if (
        previous &&
        entry &&
        !isDeepStrictEqual(entry.before, previous.after) &&
        !isDeepStrictEqual(entry.before, abbreviate(previous.after, abbreviatedBefore.get(type)))
      ) {
        problems.push(`${pk}: audit entry ${entry.sk} does not start where ${previous.sk} ended`);
      }
    }
    const current = ownFields(record);
    if (!isDeepStrictEqual(last.after, current)) {
      problems.push(
        `${pk}: the latest audit entry ${last.sk} says ${JSON.stringify(last.after)} ` +
          `but the record is ${JSON.stringify(current)}`,
      );
    }
  }

  for (const [pk, trail] of trails) {
    if (!records.has(pk)) problems.push(`${pk}: ${trail.length} audit entr(y/ies) without their record`);
  }
  for (const [pk, sortKeys] of children) {
    if (!records.has(pk) && !childrenWithoutRecord.test(pk))
      problems.push(`${pk}: items ${sortKeys.join(", ")} without their record`);
  }
  return problems;
};

/** A document client of its own for the tests' reads, so it never shows up among the handlers' calls. */
export const tableReader = (endpoint: string): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: process.env.AWS_REGION ?? "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );

/** Every item of the table, following pages, with strongly consistent reads. */
export const scanTable = async (client: DynamoDBDocumentClient, tableName: string): Promise<Item[]> => {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};
