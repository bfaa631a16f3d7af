/**
 * Request-path benchmark (DESIGN.md §7): a handler invoked in-process with an API Gateway event
 * costs at most 1.25x the raw DynamoDB Local calls it makes (median, same run).
 *
 * For each call below, three contenders run interleaved, in a shuffled order each iteration:
 *   handler  the function's exported `handler`, called directly in this process with the payload
 *            v2.0 event the local gateway would build (scripts/local/event.ts), the JWT claims of a
 *            token the local issuer signed and verified, as the authorizer passes them
 *   raw      the DynamoDB calls that operation makes, sent by hand through the same document
 *            client (shared/platform/store/client.ts: same settings, same connection pool), with
 *            items of the same shape and size as the ones the handler writes (taken from them)
 *   http     the same request through the local HTTP gateway (token check, event building):
 *            information only, since in the cloud that part is API Gateway's
 * Building the event and checking the answer's status are outside the timed span.
 *
 * The environment is the local stack's (applyLocalEnvironment), with VALIDATE_RESPONSES off: the
 * response-schema check is a test-only setting.
 *
 *   npm run bench -- [--iterations 300] [--warmup 50] [--only "GET /v1/units"]
 *
 * To see where a handler's time goes: node --cpu-prof scripts/bench/request-path.ts --only "..."
 */
import { randomBytes, randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { utcDaysBetween } from "../../shared/platform/time.ts";
import { routes } from "../../shared/routes.ts";
import { buildContext, buildEvent, matchRoute, splitUrl } from "../local/event.ts";
import { FUNCTION_PREFIX, importHandler, type LambdaHandler } from "../local/handlers.ts";
import { issuerOf } from "../local/server.ts";
import { startLocalStack, throwawayStack } from "../local/stack.ts";
import { formatTable, median, ms, percentile, shuffled, times, verdict } from "./stats.ts";

const TARGET_RATIO = 1.25;
const MIN_ITERATIONS = 300;

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: String(MIN_ITERATIONS) },
    warmup: { type: "string", default: "50" },
    only: { type: "string" },
  },
  strict: false,
  allowPositionals: true,
});
const requested = Number(values.iterations);
const iterations = Number.isInteger(requested) && requested > 0 ? requested : MIN_ITERATIONS;
const warmup = Math.max(0, Number(values.warmup) || 0);
const only = typeof values.only === "string" ? values.only : undefined;

type Item = Record<string, unknown>;

const isRecord = (value: unknown): value is Item =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A copy with every occurrence of each `from` in every string (keys, nested records) replaced. */
const replaceIn = <T>(value: T, replacements: readonly (readonly [string, string])[]): T => {
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") {
      return replacements.reduce((text, [from, to]) => text.replaceAll(from, to), node);
    }
    if (Array.isArray(node)) return node.map(walk);
    if (isRecord(node))
      return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
    return node;
  };
  return walk(value) as T;
};

/** A timestamp of the same length as the one it replaces, so items keep their size. */
const nowIso = (): string => new Date().toISOString();

process.env.VALIDATE_RESPONSES = "false";
// Hundreds of reports from one unit: the benchmark times the path, which the cap would cut short.
process.env.FACTS_PER_UNIT_PER_DAY = "1000000";
const stack = await startLocalStack(throwawayStack);
try {
  // Imported only now: these read the environment the stack applied.
  const { config } = await import("../../shared/platform/config.ts");
  const { dynamo } = await import("../../shared/platform/store/client.ts");
  const { requestEntity } = await import("../../shared/requests/repository.ts");
  const { factEntity, occurrenceEntity } = await import("../../shared/facts/repository.ts");
  const { occurrenceOf } = await import("../../shared/facts/occurrence.ts");
  const { reportFactSchema } = await import("../../shared/facts/schemas.ts");
  const { unitEntity } = await import("../../shared/units/repository.ts");
  const { TABLE_NAME: table, AWS_REGION: region, VALIDATE_RESPONSES } = config();
  if (VALIDATE_RESPONSES) throw new Error("VALIDATE_RESPONSES must be off for the benchmark");
  const port = Number(new URL(stack.apiUrl).port);

  const issuer = issuerOf(stack.server);
  const unitId = "dept-education";
  const { token } = await issuer.signToken({ role: "department", unit: unitId, sub: "bench-department" });
  // What the JWT authorizer hands the function: the verified claims (stringified by buildEvent).
  const claims = await issuer.verifyToken(token);

  type Call = { method: "GET" | "POST"; url: string; body?: unknown; headers?: Record<string, string> };

  const handlers = new Map<string, LambdaHandler>();
  const handlerOf = async (fn: string): Promise<LambdaHandler> => {
    const loaded = handlers.get(fn) ?? (await importHandler(fn));
    handlers.set(fn, loaded);
    return loaded;
  };

  /** The event and context the local gateway would hand the function for this call. */
  const invocationOf = (call: Call) => {
    const match = matchRoute(routes, call.method, splitUrl(call.url).rawPath);
    if (!match) throw new Error(`no route serves ${call.method} ${call.url}`);
    const body = call.body === undefined ? "" : JSON.stringify(call.body);
    const headers: Record<string, string> = {
      host: `localhost:${port}`,
      "user-agent": "burden-watch-bench",
      accept: "application/json",
      authorization: `Bearer ${token}`,
      ...(body ? { "content-type": "application/json" } : {}),
      ...call.headers,
    };
    const requestId = randomBytes(11).toString("base64");
    const startedAt = Date.now();
    const event = buildEvent({
      request: {
        method: call.method,
        url: call.url,
        rawHeaders: Object.entries(headers).flat(),
        body: Buffer.from(body),
        sourceIp: "127.0.0.1",
        protocol: "HTTP/1.1",
        localPort: port,
      },
      match,
      requestId,
      now: new Date(startedAt),
      claims,
    });
    const context = buildContext({
      functionName: `${FUNCTION_PREFIX}${match.route.fn}`,
      requestId,
      region,
      startedAt,
    });
    return { fn: match.route.fn, event, context };
  };

  /** Calls the handler in-process; the span timed is the handler call alone. */
  const invoke = async (call: Call, expected: number): Promise<{ ms: number; body: unknown }> => {
    const { fn, event, context } = invocationOf(call);
    const handler = await handlerOf(fn);
    const started = performance.now();
    const result = await handler(event, context);
    const elapsed = performance.now() - started;
    if (!isRecord(result) || result.statusCode !== expected) {
      throw new Error(`${call.method} ${call.url} answered ${JSON.stringify(result)}, not ${expected}`);
    }
    return { ms: elapsed, body: typeof result.body === "string" ? JSON.parse(result.body) : undefined };
  };

  const overHttp = async (call: Call, expected: number): Promise<number> => {
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers = {
      authorization: `Bearer ${token}`,
      ...(body ? { "content-type": "application/json" } : {}),
      ...call.headers,
    };
    const started = performance.now();
    const response = await fetch(`${stack.apiUrl}${call.url}`, { method: call.method, headers, body });
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== expected)
      throw new Error(`${call.method} ${call.url} over HTTP: ${response.status}`);
    return elapsed;
  };

  const timed = async (work: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };

  const idOf = (body: unknown): string => {
    if (!isRecord(body) || typeof body.id !== "string") throw new Error(`no id in ${JSON.stringify(body)}`);
    return body.id;
  };

  /** A record's whole partition as stored (the record and its audit entries), read consistently. */
  const partitionOf = async (pk: string): Promise<{ record: Item; audit: Item }> => {
    const { Items: items = [] } = await dynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ConsistentRead: true,
      }),
    );
    const record = items.find((item) => !String(item.sk).startsWith("AUDIT#"));
    const audit = items.find((item) => String(item.sk).startsWith("AUDIT#"));
    if (!record || !audit) throw new Error(`partition ${pk} lacks its record or audit entry`);
    return { record, audit };
  };

  /**
   * The items a create writes (record + audit entry, shared/platform/store/store.ts createAudited),
   * copied from what the handler stored, under a new id and the current time.
   */
  const createWrite = (
    template: { record: Item; audit: Item },
    id: string,
    alongside: NonNullable<TransactWriteCommandInput["TransactItems"]> = [],
  ) => {
    const at = nowIso();
    const createdAt = String(template.record.createdAt);
    const swaps = [
      [id, ulid()],
      [createdAt, at],
    ] as const;
    return new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: replaceIn(template.record, swaps),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Put: {
            TableName: table,
            Item: replaceIn(template.audit, swaps),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...alongside,
      ],
    });
  };

  /** The reporting unit's counter for today, raised in the fact's transaction below its cap. */
  const dailyCount = (unit: string) => ({
    Update: {
      TableName: table,
      Key: { pk: `FACT_DAY_COUNT#${unit}#${new Date().toISOString().slice(0, 10)}`, sk: "FACT_DAY_COUNT" },
      UpdateExpression: "SET #count = if_not_exists(#count, :zero) + :one",
      ConditionExpression: "attribute_not_exists(#count) OR #count < :limit",
      ExpressionAttributeNames: { "#count": "count" },
      ExpressionAttributeValues: { ":zero": 0, ":one": 1, ":limit": 1_000_000 },
    },
  });

  // ---- fixtures, written through the handlers themselves -----------------------------------
  const startsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const meeting = {
    kind: "meeting",
    title: "Bench: reading week coordination",
    startsAt,
    durationMinutes: 60,
    format: "video",
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    attendeeUnitKinds: ["village"],
    relayed: false,
    reason: "Coordinate the reading week across villages",
  };
  const submit: Call = { method: "POST", url: "/v1/requests", body: meeting };
  /**
   * A meeting on a day of the coming year, so each day holds a handful of requests as a real
   * city's would; the same day on one side would leave hundreds in the partitions a submission
   * reads for merge candidates.
   */
  const spreadStart = () =>
    new Date(Date.now() + (30 + Math.floor(Math.random() * 330)) * 86_400_000).toISOString();
  const spreadSubmit = (): Call => ({ ...submit, body: { ...meeting, startsAt: spreadStart() } });
  /**
   * What a submission reads before it writes, all in parallel (shared/requests/use-cases.ts): its
   * year's plan with its quota counters, the plan's additions, and the requests of each UTC day
   * within 3 days of the meeting.
   */
  const submissionReads = (startsAt: string) => {
    const at = Date.parse(startsAt);
    const from = new Date(at - 3 * 86_400_000).toISOString();
    const to = new Date(at + 3 * 86_400_000 + 1).toISOString();
    const planPk = `PLAN#${new Date(at + 8 * 3_600_000).getUTCFullYear()}#meetings`;
    return Promise.all([
      dynamo().send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: "pk = :pk AND sk >= :plan",
          ExpressionAttributeValues: { ":pk": planPk, ":plan": "PLAN" },
          ConsistentRead: true,
        }),
      ),
      dynamo().send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": planPk, ":prefix": "ADDITION#" },
          ConsistentRead: true,
        }),
      ),
      ...utcDaysBetween(from, to).map((day) => {
        const partition = requestEntity.partition("byDay", { happensOnUtcDay: day });
        return dynamo().send(
          new QueryCommand({
            TableName: table,
            IndexName: partition.index,
            KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
            ExpressionAttributeNames: { "#pk": partition.name, "#sk": partition.sortName },
            ExpressionAttributeValues: { ":pk": partition.value, ":from": from, ":to": to },
          }),
        );
      }),
    ]);
  };
  const requestId = idOf((await invoke(submit, 201)).body);
  const requestKey = requestEntity.key({ id: requestId });
  const requestTemplate = await partitionOf(requestKey.pk);

  const held = {
    kind: "meeting_held",
    convenerUnitId: unitId,
    title: "Bench: reading week coordination",
    heldAt: new Date(Date.now() - 86_400_000).toISOString(),
    durationMinutes: 60,
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    relayed: false,
    requestId,
  };
  const report: Call = { method: "POST", url: "/v1/events", body: held };
  const factId = idOf((await invoke(report, 201)).body);
  const factTemplate = await partitionOf(factEntity.key({ id: factId }).pk);
  // Every timed report after this first one joins its occurrence, as a village's report of a
  // meeting its department reported does.
  const occurrenceKey = occurrenceEntity.key({
    id: occurrenceOf(reportFactSchema.parse(held), config().TIME_ZONE).id,
  });
  const joinOccurrence = {
    Update: {
      TableName: table,
      Key: occurrenceKey,
      UpdateExpression: "ADD reporters :reporter SET lastReportedAt = :at",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":reporter": new Set([unitId]), ":at": new Date().toISOString() },
    },
  };

  // A keyed submit, to find the idempotency record the handler writes beside the request.
  const keyed = (): Call => ({ ...spreadSubmit(), headers: { "idempotency-key": randomUUID() } });
  const keyedId = idOf((await invoke(keyed(), 201)).body);
  const { Items: idempotencyItems = [] } = await dynamo().send(
    new ScanCommand({
      TableName: table,
      FilterExpression: "begins_with(pk, :prefix)",
      ExpressionAttributeValues: { ":prefix": "IDEMPOTENCY#" },
    }),
  );
  const idempotencyTemplate = idempotencyItems.find(
    (item) => typeof item.response === "string" && item.response.includes(keyedId),
  );
  if (!idempotencyTemplate) throw new Error("the keyed submit left no idempotency record to copy");

  const unitsPartition = unitEntity.partition("byType", {});

  type Case = {
    name: string;
    call: () => Call;
    status: number;
    raw: () => Promise<unknown>;
    /** What the raw side sends, for the table's footnote. */
    rawCalls: string;
    target?: number;
  };

  const allCases: Case[] = [
    {
      name: "POST /v1/requests",
      call: spreadSubmit,
      status: 201,
      rawCalls:
        "9 Query in parallel (plan and quota counters, additions, 7 byDay partitions), TransactWriteItems (record + audit)",
      raw: async () => {
        await submissionReads(spreadStart());
        await dynamo().send(createWrite(requestTemplate, requestId));
      },
      target: TARGET_RATIO,
    },
    {
      name: "GET /v1/requests/{id}",
      call: () => ({ method: "GET", url: `/v1/requests/${requestId}` }),
      status: 200,
      rawCalls: "Query (record + audit partition, consistent)",
      raw: () =>
        dynamo().send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": requestKey.pk },
            ConsistentRead: true,
          }),
        ),
      target: TARGET_RATIO,
    },
    {
      name: "GET /v1/units",
      call: () => ({ method: "GET", url: "/v1/units" }),
      status: 200,
      rawCalls: `Query ${unitsPartition.index} (limit 100)`,
      raw: () =>
        dynamo().send(
          new QueryCommand({
            TableName: table,
            IndexName: unitsPartition.index,
            KeyConditionExpression: "#pk = :pk",
            ExpressionAttributeNames: { "#pk": unitsPartition.name },
            ExpressionAttributeValues: { ":pk": unitsPartition.value },
            Limit: 100,
            ScanIndexForward: true,
          }),
        ),
      target: TARGET_RATIO,
    },
    {
      name: "POST /v1/events",
      call: () => report,
      status: 201,
      rawCalls:
        "3 GetItem in parallel (unit, request, occurrence), TransactWriteItems (fact + audit + daily count + occurrence's reporters)",
      raw: async () => {
        await Promise.all(
          [unitEntity.key({ id: unitId }), requestKey, occurrenceKey].map((key) =>
            dynamo().send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true })),
          ),
        );
        await dynamo().send(createWrite(factTemplate, factId, [dailyCount(unitId), joinOccurrence]));
      },
      target: TARGET_RATIO,
    },
    {
      name: "POST /v1/requests (Idempotency-Key)",
      call: keyed,
      status: 201,
      rawCalls:
        "PutItem (claim key), the submission's 9 Query, TransactWriteItems (record + audit + key's answer), UpdateItem (store answer)",
      raw: async () => {
        // The same three writes as shared/platform/store/idempotency-store.ts, on a fresh key.
        const pk = `IDEMPOTENCY#${randomBytes(32).toString("base64url")}`;
        const now = Date.now();
        const token = randomUUID();
        const { response, ...claim } = idempotencyTemplate;
        await dynamo().send(
          new PutCommand({
            TableName: table,
            Item: { ...claim, pk, status: "in_progress", inProgressUntil: now + 30_000, claimToken: token },
            ConditionExpression:
              "attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND inProgressUntil < :nowMs)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":now": Math.floor(now / 1000),
              ":nowMs": now,
              ":inProgress": "in_progress",
            },
          }),
        );
        const completion = {
          Update: {
            TableName: table,
            Key: { pk, sk: idempotencyTemplate.sk },
            UpdateExpression: "SET #status = :completed, #response = :response",
            ConditionExpression: "#status = :inProgress AND claimToken = :token",
            ExpressionAttributeNames: { "#status": "status", "#response": "response" },
            ExpressionAttributeValues: {
              ":completed": "completed",
              ":inProgress": "in_progress",
              ":response": response,
              ":token": token,
            },
          },
        };
        await submissionReads(spreadStart());
        await dynamo().send(createWrite(requestTemplate, requestId, [completion]));
        await dynamo().send(
          new UpdateCommand({
            TableName: table,
            Key: { pk, sk: idempotencyTemplate.sk },
            UpdateExpression: "SET #status = :completed, #response = :response",
            ConditionExpression: "claimToken = :token",
            ExpressionAttributeNames: { "#status": "status", "#response": "response" },
            ExpressionAttributeValues: { ":completed": "completed", ":response": response, ":token": token },
          }),
        );
      },
    },
  ];
  const cases = allCases.filter((entry) => only === undefined || entry.name === only);
  if (cases.length === 0) throw new Error(`--only "${only}" names no call`);

  type Samples = { handler: number[]; raw: number[]; http: number[] };
  const results: { entry: Case; samples: Samples }[] = [];
  for (const entry of cases) {
    const samples: Samples = { handler: [], raw: [], http: [] };
    const contenders = [
      { record: samples.handler, run: async () => (await invoke(entry.call(), entry.status)).ms },
      { record: samples.raw, run: () => timed(entry.raw) },
      { record: samples.http, run: () => overHttp(entry.call(), entry.status) },
    ];
    for (let round = 0; round < warmup + iterations; round += 1) {
      for (const contender of shuffled(contenders)) {
        const elapsed = await contender.run();
        if (round >= warmup) contender.record.push(elapsed);
      }
    }
    results.push({ entry, samples });
  }

  let missed = 0;
  const rows = results.map(({ entry, samples }) => {
    const handler = median(samples.handler);
    const raw = median(samples.raw);
    const http = median(samples.http);
    const ratio = handler / raw;
    const result = entry.target === undefined ? "info" : verdict(ratio, entry.target);
    if (result === "MISSED") missed += 1;
    return [
      entry.name,
      ms(handler, 2),
      ms(percentile(samples.handler, 90), 2),
      ms(raw, 2),
      ms(percentile(samples.raw, 90), 2),
      times(ratio),
      entry.target === undefined ? "-" : `${entry.target.toFixed(2)}x`,
      result,
      ms(http, 2),
      times(http / raw),
    ];
  });

  console.log(
    `\nrequest path against DynamoDB Local: median of ${iterations} calls each after ${warmup} warm-up, ` +
      "handler / raw / http interleaved in shuffled order",
  );
  console.log(
    formatTable(
      [
        { title: "call" },
        { title: "handler ms" },
        { title: "p90" },
        { title: "raw ms" },
        { title: "p90" },
        { title: "ratio" },
        { title: "target" },
        { title: "result" },
        { title: "http ms (info)" },
        { title: "http/raw" },
      ],
      rows,
    ),
  );
  for (const { entry } of results) console.log(`  raw for ${entry.name}: ${entry.rawCalls}`);
  if (missed > 0) {
    console.log(`${missed} of ${results.length} calls over the ${TARGET_RATIO}x request-path target`);
    process.exitCode = 1;
  } else {
    console.log(`every call within the ${TARGET_RATIO}x request-path target`);
  }
} finally {
  await stack.stop();
}
