/**
 * A plan of one (year, kind) and everything kept beside it share one partition: the plan record
 * (quotas and items, sort key PLAN), its audit trail, one quota counter per unit (`USED#<unit>`,
 * holding only what approvals used), one count per unit of what was reported to have happened
 * (`REPORTED#<unit>`) and the approved temporary additions (`ADDITION#<request>`).
 * Reading the usage or the additions of a plan is then one Query each.
 */
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { config } from "../platform/config.ts";
import { ConflictError } from "../platform/errors.ts";
import type { Caller } from "../platform/roles.ts";
import { CorruptItemError, defineEntity } from "../platform/store/entity.ts";
import { keyedCompletion } from "../platform/store/keyed-attempt.ts";
import { getRecord, type Item, queryAll, savedItems, transactWrite } from "../platform/store/store.ts";
import {
  type PlanAddition,
  type PlanKind,
  type PlanRecord,
  planAdditionSchemas,
  planRecordSchema,
} from "./schemas.ts";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export const planEntity = defineEntity({
  type: "PLAN",
  version: 1,
  schema: planRecordSchema,
  primary: ["year", "kind"],
});

const USED_PREFIX = "USED#";
const REPORTED_PREFIX = "REPORTED#";
const ADDITION_PREFIX = "ADDITION#";
const ADDITION_ENTITY = "PLAN_ADDITION";
const USAGE_ENTITY = "PLAN_QUOTA_USE";
const REPORTED_ENTITY = "PLAN_QUOTA_REPORTED";

const planPk = (year: number, kind: PlanKind): string => planEntity.key({ year, kind }).pk;

const itemsUnder = (year: number, kind: PlanKind, prefix: string): Promise<Item[]> =>
  queryAll({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": planPk(year, kind), ":prefix": prefix },
    ConsistentRead: true,
  });

export type PlanSnapshot = {
  plan: PlanRecord | undefined;
  usage: Map<string, number>;
  /** Distinct occurrences reported this year, by the unit they are about. */
  reported: Map<string, number>;
  additions: PlanAddition[];
};

const countsOf = (counters: Item[], attribute: string): Map<string, number> =>
  new Map(counters.map((item) => [String(item.unitId), Number(item[attribute] ?? 0)]));

const usageOf = (counters: Item[]) => countsOf(counters, "used");

const additionsOf = (kind: PlanKind, items: Item[]): PlanAddition[] => {
  const schema = planAdditionSchemas[kind];
  return items.map(({ pk: _pk, sk: _sk, entity: _entity, ...addition }) => {
    const parsed = schema.safeParse(addition);
    if (!parsed.success) throw new CorruptItemError(ADDITION_ENTITY, parsed.error);
    return parsed.data;
  });
};

export type QuotaUse = {
  year: number;
  kind: PlanKind;
  unitId: string;
  /** +1 when an approval counts against the quota, -1 when a cancellation gives it back. */
  delta: number;
  /** The unit's quota; absent when the plan sets none or an override passes it (the count is kept all the same). */
  limit?: number | undefined;
};

/**
 * The transaction item that moves a unit's quota counter by `delta`. Raising it holds only while
 * the result stays within `limit`, so two approvals at once can never both take the last place;
 * lowering it holds only while there is that much to give back.
 */
export const quotaUse = ({ year, kind, unitId, delta, limit }: QuotaUse): TransactItem => {
  const bounded = delta > 0 && limit !== undefined;
  const most = (limit ?? 0) - delta;
  // A counter never written yet reads as 0, which fits when the quota leaves room for `delta`.
  const raise = most >= 0 ? "attribute_not_exists(#used) OR #used <= :most" : "#used <= :most";
  return {
    Update: {
      TableName: config().TABLE_NAME,
      Key: { pk: planPk(year, kind), sk: `${USED_PREFIX}${unitId}` },
      UpdateExpression: "SET #unitId = :unitId, #entity = :entity ADD #used :delta",
      ...(bounded ? { ConditionExpression: raise } : {}),
      ...(delta < 0 ? { ConditionExpression: "#used >= :least" } : {}),
      ExpressionAttributeNames: { "#used": "used", "#unitId": "unitId", "#entity": "entity" },
      ExpressionAttributeValues: {
        ":unitId": unitId,
        ":entity": USAGE_ENTITY,
        ":delta": delta,
        ...(bounded ? { ":most": most } : {}),
        ...(delta < 0 ? { ":least": -delta } : {}),
      },
    },
  };
};

/**
 * The transaction item that keeps an approved temporary addition beside the plan, once per
 * request. It needs no plan record: an approval may come before the plan is drafted.
 */
export const additionPut = (year: number, kind: PlanKind, addition: PlanAddition): TransactItem => ({
  Put: {
    TableName: config().TABLE_NAME,
    Item: {
      ...addition,
      pk: planPk(year, kind),
      sk: `${ADDITION_PREFIX}${addition.requestId}`,
      entity: ADDITION_ENTITY,
    },
    ConditionExpression: "attribute_not_exists(pk)",
  },
});

/**
 * The transaction item that takes a request's addition out of its plan: unconditional, so a
 * request whose approval added nothing (a document on the plan) is cancelled without reading the
 * plan to find out.
 */
export const additionDelete = (year: number, kind: PlanKind, requestId: string): TransactItem => ({
  Delete: {
    TableName: config().TABLE_NAME,
    Key: { pk: planPk(year, kind), sk: `${ADDITION_PREFIX}${requestId}` },
  },
});

/**
 * The transaction item that counts one more occurrence reported about `unitId` in the year (a
 * convener-day of meetings, a document), against which the sweep checks the quota. It needs no
 * plan record: what happened counts even before a plan is published.
 */
export const occurrenceReported = (year: number, kind: PlanKind, unitId: string): TransactItem => ({
  Update: {
    TableName: config().TABLE_NAME,
    Key: { pk: planPk(year, kind), sk: `${REPORTED_PREFIX}${unitId}` },
    UpdateExpression: "SET #unitId = :unitId, #entity = :entity ADD #reported :one",
    ExpressionAttributeNames: { "#reported": "reported", "#unitId": "unitId", "#entity": "entity" },
    ExpressionAttributeValues: { ":unitId": unitId, ":entity": REPORTED_ENTITY, ":one": 1 },
  },
});

/**
 * What the audit entry of a plan change keeps of the plan before it: everything but the items,
 * which the previous entry's `after` holds in full. Two full copies of a large plan in one entry
 * could pass DynamoDB's 400 KB item limit; one always fits (see MAX_PLAN_ITEMS).
 */
const withoutItems = ({ items, ...rest }: PlanRecord) => ({ ...rest, itemCount: items.length });

export type PlanRepository = {
  get(year: number, kind: PlanKind): Promise<PlanRecord | undefined>;
  /** What approvals used of each unit's quota, by unit id; a unit without approvals is absent. */
  usage(year: number, kind: PlanKind): Promise<Map<string, number>>;
  /** The approved temporary additions, in request id order. */
  additions(year: number, kind: PlanKind): Promise<PlanAddition[]>;
  /**
   * The plan, its quotas' use, what was reported against them and its additions at once, as a
   * request's findings and the sweep need them: two Queries in parallel (the plan and its counters
   * sort together, after the audit trail).
   */
  snapshot(year: number, kind: PlanKind): Promise<PlanSnapshot>;
  /**
   * What the sweep checks facts against: the plan, what was reported against its quotas and its
   * additions, without the approvals' counters. Eventually consistent, at half the cost: the
   * sweep reads a week that has ended.
   */
  sweepView(year: number, kind: PlanKind): Promise<Omit<PlanSnapshot, "usage">>;
  /**
   * Writes the next version of a plan with its audit entry: a new one when `previous` is
   * undefined, else only if the plan is still at `previous.version`. A keyed POST's answer is
   * `answer`, completed in the same transaction.
   */
  save(
    previous: PlanRecord | undefined,
    next: PlanRecord,
    caller: Caller,
    action: string,
    answer: unknown,
  ): Promise<void>;
};

export const planRepository: PlanRepository = {
  get: (year, kind) => getRecord(planEntity, { year, kind }),

  async usage(year, kind) {
    return usageOf(await itemsUnder(year, kind, USED_PREFIX));
  },

  async additions(year, kind) {
    return additionsOf(kind, await itemsUnder(year, kind, ADDITION_PREFIX));
  },

  async snapshot(year, kind) {
    const [planAndCounters, additions] = await Promise.all([
      queryAll({
        KeyConditionExpression: "pk = :pk AND sk >= :plan",
        ExpressionAttributeValues: { ":pk": planPk(year, kind), ":plan": planEntity.type },
        ConsistentRead: true,
      }),
      itemsUnder(year, kind, ADDITION_PREFIX),
    ]);
    const plan = planAndCounters.find((item) => item.sk === planEntity.type);
    return {
      plan: plan ? planEntity.fromItem(plan) : undefined,
      usage: usageOf(planAndCounters.filter((item) => String(item.sk).startsWith(USED_PREFIX))),
      reported: countsOf(
        planAndCounters.filter((item) => String(item.sk).startsWith(REPORTED_PREFIX)),
        "reported",
      ),
      additions: additionsOf(kind, additions),
    };
  },

  async sweepView(year, kind) {
    const [planAndReported, additions] = await Promise.all([
      queryAll({
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :plan AND :reported",
        // "~" sorts after every unit id, so the range ends with the last REPORTED# counter.
        ExpressionAttributeValues: {
          ":pk": planPk(year, kind),
          ":plan": planEntity.type,
          ":reported": `${REPORTED_PREFIX}~`,
        },
      }),
      queryAll({
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": planPk(year, kind), ":prefix": ADDITION_PREFIX },
      }),
    ]);
    const plan = planAndReported.find((item) => item.sk === planEntity.type);
    return {
      plan: plan ? planEntity.fromItem(plan) : undefined,
      reported: countsOf(
        planAndReported.filter((item) => String(item.sk).startsWith(REPORTED_PREFIX)),
        "reported",
      ),
      additions: additionsOf(kind, additions),
    };
  },

  save(previous, next, caller, action, answer) {
    return transactWrite(
      [
        ...savedItems(
          planEntity,
          previous,
          next,
          { caller, action, at: next.updatedAt },
          previous ? withoutItems(previous) : null,
        ),
        ...keyedCompletion(answer),
      ],
      () =>
        new ConflictError(
          `The ${next.year} ${next.kind} plan was changed by someone else meanwhile; read it again`,
          "STATE_CHANGED",
        ),
    );
  },
};
