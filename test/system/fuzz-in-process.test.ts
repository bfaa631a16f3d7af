import assert from "node:assert/strict";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Role, roles } from "../../shared/platform/roles.ts";
import { type RouteDefinition, routes } from "../../shared/routes.ts";
import { type Api, startApi } from "./client.ts";
import { auditTrailProblems, scanTable, tableReader } from "./support/audit-trail.ts";
import { type DirectReply, type Identity, invokeDirect } from "./support/direct-invoke.ts";
import { assertDocumentedError } from "./support/error-body.ts";
import {
  isCsvRoute,
  mutate,
  mutateCsv,
  PLAN_YEAR,
  pathParamNames,
  validBodyOf,
  validCsvOf,
} from "./support/fuzz-inputs.ts";
import { lastingWritesOfRejectedCall, recordWrites, type WriteRecorder } from "./support/write-recorder.ts";

/**
 * The hardening issue's proof that no input makes a write route answer 500 or leave anything
 * behind when it is refused: at least 10,000 generated inputs per write route, each handed to the
 * route's real Lambda handler in-process as the API Gateway event the gateway would build, against
 * DynamoDB Local. Over HTTP (fuzz.test.ts) the same costs ten times as much per input.
 *
 * For every input: the status is below 500; a 4xx carries exactly the documented error body; and a
 * refused input left no write behind (counted by a middleware on the handlers' own DynamoDB
 * client). The only write a refused call may make is the Idempotency-Key claim, which a failed
 * attempt deletes again (shared/platform/http/idempotency.ts: 4xx answers are never stored), so
 * IDEMPOTENCY# items must be claimed and released within the same call. After each route, a scan
 * checks that every record's audit trail ends at its current state.
 */
const RUNS_PER_ROUTE = 10_000;

const writeRoutes = routes.filter((route) => route.method !== "GET");

/** The unit and person each role acts as; other identities are drawn to hit 403 and 404. */
const homeUnit: Record<Role, string> = {
  department: "dept-education",
  grassroots: "village-1",
  approver: "city-office",
  supervisor: "supervision-office",
  admin: "city-office",
};

/**
 * How the bodies are mixed per route: `mutated` near-valid mutations (about a third of them still
 * valid: a dropped optional field) out of 36, the rest of the 36 arbitrary replacements of one field
 * (almost never valid), `valid` copies of the valid body unchanged, and a few bodies that are no
 * JSON object at all (an empty body is valid where every field is optional). An accepted sweep
 * starts a real run in the background of this process, costing as much as a hundred refused
 * inputs, so startSweep gets a small valid share (about 3%) to keep its 10,000 runs within budget.
 */
const bodyMix: Record<string, { mutated: number; valid: number }> = {
  startSweep: { mutated: 3, valid: 0 },
};
const defaultMix = { mutated: 36, valid: 3 };

type BodyInput =
  | { kind: "json"; value: unknown }
  | { kind: "none" }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: Uint8Array };

type Input = {
  body: BodyInput;
  contentType: { name: string; value: string } | undefined;
  idempotencyKey: { name: string; value: string } | undefined;
  extraHeaders: [string, string][];
  query: [string, string][];
  params: Record<string, string>;
  caller: Identity;
  /** The X-Receipt header of a route that reads a complaint by its receipt. */
  receipt: string | undefined;
};

/** Header names in the casings clients send; the gateway and middy lower-case them. */
const headerName = (name: string) =>
  fc.constantFrom(
    name,
    name.toUpperCase(),
    name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase()),
  );

const contentTypeArb = fc.option(
  fc.record({
    name: headerName("content-type"),
    value: fc.oneof(
      { weight: 6, arbitrary: fc.constant("application/json") },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          "application/json; charset=utf-8",
          "APPLICATION/JSON",
          "application/merge-patch+json",
          "application/vnd.api+json; version=1",
          "application/json ; charset=latin1",
        ),
      },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/jsonp",
          "application/json,text/plain",
          "",
          "json",
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
  }),
  { freq: 8, nil: undefined },
);

/** A CSV route's content types: text/csv as clients spell it, then what it must refuse (415). */
const csvContentTypeArb = fc.option(
  fc.record({
    name: headerName("content-type"),
    value: fc.oneof(
      { weight: 6, arbitrary: fc.constant("text/csv") },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          "text/csv; charset=utf-8",
          "TEXT/CSV",
          'text/csv; charset="UTF-8"',
          "text/csv;charset=utf-8",
        ),
      },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          "text/csv; charset=latin1",
          "text/csv; header=present",
          "application/json",
          "text/plain",
          "text/csv,application/json",
          "application/vnd.ms-excel",
          "",
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
  }),
  { freq: 8, nil: undefined },
);

/** A small pool of keys so generated inputs reuse them (replays and IDEMPOTENCY_KEY_REUSED). */
const idempotencyKeyArb = fc.option(
  fc.record({
    name: headerName("idempotency-key"),
    value: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("fuzz-key-1", "fuzz-key-2", "fuzz-key-3") },
      { weight: 3, arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,80}$/) },
      {
        weight: 2,
        arbitrary: fc.constantFrom("", " ", "with space", "ключ", "tab\tkey", "x".repeat(256), "ok\u0000"),
      },
    ),
  }),
  { freq: 2, nil: undefined },
);

const extraHeadersArb = fc.array(
  fc.tuple(
    fc.constantFrom("x-forwarded-for", "accept", "origin", "user-agent", "x-custom", "accept-language"),
    fc.string({ maxLength: 30 }),
  ),
  { maxLength: 3 },
);

const queryArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant<[string, string][]>([]) },
  {
    weight: 2,
    arbitrary: fc.array(
      fc.tuple(fc.oneof(fc.constantFrom("limit", "cursor", "dryRun", "id"), fc.string()), fc.string()),
      { minLength: 1, maxLength: 3 },
    ),
  },
);

/** One field replaced by arbitrary JSON, or an unknown field added: refused nearly always. */
const replaceOne = (body: Record<string, unknown>): fc.Arbitrary<unknown> =>
  fc
    .constantFrom(...Object.keys(body), "surprise")
    .chain((field) => fc.jsonValue().map((value) => ({ ...body, [field]: value })));

/**
 * A CSV route's bodies: near-valid files (support/fuzz-inputs.ts), the valid file unchanged, JSON
 * (refused 415 whatever its content type says), and the same noise every route gets.
 */
const csvBodyArb = (operationId: string): fc.Arbitrary<BodyInput> => {
  const valid = validCsvOf(operationId);
  const text = (arbitrary: fc.Arbitrary<string>) =>
    arbitrary.map((value): BodyInput => ({ kind: "text", text: value }));
  return fc.oneof(
    { weight: 30, arbitrary: text(mutateCsv(valid)) },
    { weight: 3, arbitrary: text(fc.constant(valid)) },
    { weight: 3, arbitrary: fc.jsonValue().map((value): BodyInput => ({ kind: "json", value })) },
    { weight: 1, arbitrary: fc.constant<BodyInput>({ kind: "none" }) },
    { weight: 2, arbitrary: text(fc.string()) },
    {
      weight: 2,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((bytes): BodyInput => ({ kind: "bytes", bytes })),
    },
  );
};

const bodyArb = (operationId: string): fc.Arbitrary<BodyInput> => {
  const valid = validBodyOf(operationId);
  const mix = bodyMix[operationId] ?? defaultMix;
  const json = (arbitrary: fc.Arbitrary<unknown>) =>
    arbitrary.map((value): BodyInput => ({ kind: "json", value }));
  return fc.oneof(
    ...(mix.mutated > 0 ? [{ weight: mix.mutated, arbitrary: json(mutate(valid)) }] : []),
    ...(mix.mutated < 36 ? [{ weight: 36 - mix.mutated, arbitrary: json(replaceOne(valid)) }] : []),
    ...(mix.valid > 0 ? [{ weight: mix.valid, arbitrary: json(fc.constant(valid)) }] : []),
    { weight: 1, arbitrary: fc.constant<BodyInput>({ kind: "none" }) },
    {
      weight: 3,
      arbitrary: fc
        .oneof(fc.string(), fc.constantFrom('{"kind":', "{", "null", "[]", '"x"', "  ", "1e999"))
        .map((text): BodyInput => ({ kind: "text", text })),
    },
    {
      weight: 3,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((bytes): BodyInput => ({ kind: "bytes", bytes })),
    },
  );
};

describe("fuzzing every write route's handler in-process", () => {
  let api: Api;
  let recorder: WriteRecorder;
  let reader: DynamoDBDocumentClient;
  const clerk: Identity = { role: "department", unit: "dept-education", sub: "fuzz-clerk" };
  const otherClerk: Identity = { role: "department", unit: "dept-health", sub: "fuzz-health-clerk" };

  beforeAll(async () => {
    api = await startApi();
    // Imported only now: the client reads the environment the stack applied.
    const { dynamoClient } = await import("../../shared/platform/store/client.ts");
    recorder = recordWrites(dynamoClient());
    reader = tableReader(api.stack.dynamodbEndpoint);
  });

  /**
   * Fresh submitted requests of the clerk's unit and of another, for a route's {id}: each request
   * route gets its own, so the decisions fuzzed first do not leave withdrawals only conflicts.
   */
  const submittedRequests = async (): Promise<string[]> => {
    const submit = routes.find((route) => route.operationId === "submitRequest");
    assert.ok(submit);
    const ids: string[] = [];
    for (const caller of [clerk, otherClerk]) {
      for (let index = 0; index < 12; index += 1) {
        // Every third one relayed: a blocking finding, so approving it needs an override.
        const body = { ...validBodyOf("submitRequest"), relayed: index % 3 === 0 };
        const reply = await invokeDirect({
          route: submit,
          caller,
          rawHeaders: ["content-type", "application/json"],
          body: Buffer.from(JSON.stringify(body)),
        });
        assert.equal(reply.status, 201, reply.text);
        ids.push(JSON.parse(reply.text).id);
      }
    }
    return ids;
  };

  /**
   * Approved requests for the cancel route: the pool above, each approved by an approver of another
   * unit (with an override, so neither a blocking finding nor a quota the plan fuzz set stops it).
   */
  const approvedRequests = async (): Promise<string[]> => {
    const decide = routes.find((route) => route.operationId === "decideRequest");
    assert.ok(decide);
    const ids = await submittedRequests();
    for (const id of ids) {
      const reply = await invokeDirect({
        route: decide,
        caller: { role: "approver", unit: "city-office", sub: "fuzz-approver-setup" },
        rawHeaders: ["content-type", "application/json"],
        body: Buffer.from(
          JSON.stringify({ decision: "approve", comment: "fuzz", override: { reason: "fuzz setup" } }),
        ),
        pathParameters: { id },
      });
      assert.equal(reply.status, 200, reply.text);
    }
    return ids;
  };

  /**
   * Supervisors' findings against the clerk's unit and another, fresh for each violation route's
   * {id}; the reopen route's are dismissed first, so that there is something to reopen.
   */
  const recordedViolations = async (route: RouteDefinition): Promise<string[]> => {
    const record = routes.find((candidate) => candidate.operationId === "recordViolation");
    const resolve = routes.find((candidate) => candidate.operationId === "resolveViolation");
    assert.ok(record && resolve);
    const supervisor: Identity = {
      role: "supervisor",
      unit: "supervision-office",
      sub: "fuzz-supervisor-setup",
    };
    const post = (target: RouteDefinition, body: unknown, pathParameters?: Record<string, string>) =>
      invokeDirect({
        route: target,
        caller: supervisor,
        rawHeaders: ["content-type", "application/json"],
        body: Buffer.from(JSON.stringify(body)),
        ...(pathParameters ? { pathParameters } : {}),
      });
    const ids: string[] = [];
    for (const unitId of [clerk.unit, otherClerk.unit]) {
      for (let index = 0; index < 12; index += 1) {
        const recorded = await post(record, { ...validBodyOf("recordViolation"), unitId });
        assert.equal(recorded.status, 201, recorded.text);
        const { id } = JSON.parse(recorded.text);
        if (route.operationId === "reopenViolation") {
          const dismissed = await post(resolve, validBodyOf("resolveViolation"), { id });
          assert.equal(dismissed.status, 200, dismissed.text);
        }
        ids.push(id);
      }
    }
    return ids;
  };

  /** One setup call of the registers' routes, which must succeed; answers the record's id. */
  const setUp = async (
    operationId: string,
    caller: Identity,
    body: unknown,
    id?: string,
  ): Promise<string> => {
    const route = routes.find((candidate) => candidate.operationId === operationId);
    assert.ok(route, operationId);
    const reply = await invokeDirect({
      route,
      caller,
      rawHeaders: ["content-type", "application/json"],
      body: Buffer.from(JSON.stringify(body)),
      ...(id ? { pathParameters: { id } } : {}),
    });
    assert.ok(reply.status < 300, reply.text);
    return JSON.parse(reply.text).id;
  };

  /**
   * Secondments between the clerk's unit and village-1 in the state the route moves them from:
   * pending (half registered by each side, so each may confirm some), active, or return declared.
   */
  const registeredSecondments = async (route: RouteDefinition): Promise<string[]> => {
    const village: Identity = { role: "grassroots", unit: "village-1", sub: "fuzz-village-setup" };
    const ids: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const byVillage = route.operationId === "confirmSecondment" && index % 2 === 1;
      const id = byVillage
        ? await setUp("registerSecondment", village, {
            ...validBodyOf("registerSecondment"),
            fromUnitId: undefined,
            toUnitId: clerk.unit,
          })
        : await setUp("registerSecondment", clerk, validBodyOf("registerSecondment"));
      if (route.operationId !== "confirmSecondment") await setUp("confirmSecondment", village, {}, id);
      if (route.operationId === "confirmSecondmentReturn")
        await setUp("declareSecondmentReturn", clerk, validBodyOf("declareSecondmentReturn"), id);
      ids.push(id);
    }
    return ids;
  };

  /** Plaque types of their own names for the type's PUT; plaques of village-1 for their removal. */
  const registeredPlaques = async (route: RouteDefinition): Promise<string[]> => {
    const ids: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      ids.push(
        route.operationId === "updatePlaqueType"
          ? await setUp(
              "createPlaqueType",
              { role: "admin", unit: "city-office", sub: "fuzz-admin-setup" },
              {
                name: `Fuzz setup type ${index}`,
                description: "fuzz",
              },
            )
          : await setUp(
              "registerPlaque",
              { role: "grassroots", unit: "village-1", sub: "fuzz-village-setup" },
              validBodyOf("registerPlaque"),
            ),
      );
    }
    return ids;
  };

  const postAs = (
    operationId: string,
    caller: Identity | undefined,
    body: unknown,
    pathParameters?: Record<string, string>,
  ) => {
    const route = routes.find((candidate) => candidate.operationId === operationId);
    assert.ok(route, operationId);
    return invokeDirect({
      route,
      ...(caller ? { caller } : {}),
      rawHeaders: ["content-type", "application/json"],
      body: Buffer.from(JSON.stringify(body)),
      ...(pathParameters ? { pathParameters } : {}),
    });
  };

  /** Anonymous complaints with a contact, so that a disclosure has something to disclose. */
  const filedComplaints = async (count: number): Promise<{ id: string; receipt: string }[]> => {
    const filed: { id: string; receipt: string }[] = [];
    for (let index = 0; index < count; index += 1) {
      const reply = await postAs("fileComplaint", undefined, {
        ...validBodyOf("fileComplaint"),
        contact: "fuzz",
      });
      assert.equal(reply.status, 201, reply.text);
      const { id, receipt } = JSON.parse(reply.text);
      filed.push({ id, receipt });
    }
    return filed;
  };

  /**
   * Fresh complaints for a complaint route's {id}: the grant route's each with a disclosure another
   * supervisor asked for; the answer route's {id} names forwards to the clerk's unit and another.
   */
  const complaintIds = async (route: RouteDefinition): Promise<string[]> => {
    const setup: Identity = { role: "supervisor", unit: "supervision-office", sub: "fuzz-supervisor-setup" };
    const ids = (await filedComplaints(24)).map((complaint) => complaint.id);
    if (route.operationId === "grantDisclosure") {
      for (const id of ids) {
        const reply = await postAs("requestDisclosure", setup, { reason: "fuzz setup" }, { id });
        assert.equal(reply.status, 200, reply.text);
      }
    }
    if (route.operationId !== "answerForwardedComplaint") return ids;
    const forwards: string[] = [];
    for (const [index, id] of ids.entries()) {
      const unitId = index % 2 === 0 ? clerk.unit : otherClerk.unit;
      const reply = await postAs("forwardComplaint", setup, { unitId, text: "fuzz setup" }, { id });
      assert.equal(reply.status, 200, reply.text);
      forwards.push(JSON.parse(reply.text).id);
    }
    return forwards;
  };

  /** Mostly a receipt the route knows, in the ways people type it; sometimes one unknown or anything. */
  const receiptOf = async (route: RouteDefinition): Promise<fc.Arbitrary<string | undefined>> => {
    if (!route.lookupHeader) return fc.constant(undefined);
    const known = (await filedComplaints(4)).map((complaint) => complaint.receipt);
    return fc.option(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...known) },
        {
          weight: 2,
          arbitrary: fc.constantFrom(...known.map((receipt) => receipt.toLowerCase().replaceAll("-", ""))),
        },
        { weight: 1, arbitrary: fc.constant("7QK2M-9XAB4-C3D5E-F6G7H-8J9KM") },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
      ),
      { freq: 8, nil: undefined },
    );
  };

  /** Draft plans for publishPlan to publish, each a year of its own (one publish each succeeds). */
  const PUBLISH_YEARS = ["2031", "2032", "2033", "2034", "2035", "2036"];
  const draftPlans = async (): Promise<void> => {
    const replace = routes.find((route) => route.operationId === "replacePlanDraft");
    assert.ok(replace);
    for (const year of PUBLISH_YEARS) {
      const reply = await invokeDirect({
        route: replace,
        caller: { role: "approver", unit: "city-office", sub: "fuzz-approver-setup" },
        rawHeaders: ["content-type", "application/json"],
        body: Buffer.from(JSON.stringify(validBodyOf("replacePlanDraft"))),
        pathParameters: { year, kind: "meetings" },
      });
      assert.equal(reply.status, 200, reply.text);
    }
  };

  afterAll(async () => {
    // An accepted sweep runs on after its 202; let the runs finish before the table goes away.
    if (api && reader) await waitForSweeps(reader, api.stack.tableName).catch(() => undefined);
    reader?.destroy();
    await api?.stack.stop();
  });

  const callersOf = (route: RouteDefinition): fc.Arbitrary<Identity> => {
    const allowed = route.access === "public" ? [...roles] : [...route.access];
    const others = roles.filter((role) => !allowed.includes(role));
    const home = allowed.map((role) => ({ role, unit: homeUnit[role], sub: `fuzz-${role}` }));
    const elsewhere: Identity[] = allowed.map((role) => ({
      role,
      unit: role === "department" ? "dept-health" : "supervision-office",
      sub: `fuzz-${role}-elsewhere`,
    }));
    // The clerk who submitted the pool may not decide it (OWN_REQUEST) but may withdraw it.
    if (allowed.includes("department")) home.push(clerk);
    return fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...home) },
      { weight: 2, arbitrary: fc.constantFrom(...elsewhere) },
      ...(others.length > 0
        ? [
            {
              weight: 1,
              arbitrary: fc
                .constantFrom(...others)
                .map((role): Identity => ({ role, unit: homeUnit[role], sub: `fuzz-${role}` })),
            },
          ]
        : []),
    );
  };

  /** Mostly a value the route knows, sometimes a well-formed unknown one, sometimes anything. */
  const segment = (known: readonly string[], wellFormed: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...known) },
      { weight: 1, arbitrary: wellFormed },
      // Anything a client can put in one path segment; API Gateway never matches an empty one.
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 80 }).filter((id) => !id.includes("/")) },
    );

  const knownIdsOf = async (route: RouteDefinition): Promise<string[]> => {
    if (route.fn === "units") return ["village-2", "village-3", "township-east", "dept-agriculture"];
    if (route.operationId === "cancelRequest") return approvedRequests();
    if (route.fn === "violations") return recordedViolations(route);
    if (route.fn === "complaints") return complaintIds(route);
    if (route.fn === "secondments") return registeredSecondments(route);
    if (route.fn === "plaques") return registeredPlaques(route);
    return submittedRequests();
  };

  /**
   * Each path parameter by its name: {id} a record of the route's context, {year} and {kind} a plan
   * (PLAN_YEAR's meetings mostly, this year's published one; the years drafted for publishPlan), or near misses and anything.
   */
  const paramsOf = async (route: RouteDefinition): Promise<fc.Arbitrary<Record<string, string>>> => {
    const names = pathParamNames(route.path);
    const arbitraries: Record<string, fc.Arbitrary<string>> = {};
    for (const name of names) {
      if (name === "id") {
        arbitraries.id = segment(
          await knownIdsOf(route),
          fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,70}$/),
        );
      } else if (name === "year") {
        const known =
          route.operationId === "publishPlan"
            ? PUBLISH_YEARS
            : [PLAN_YEAR, PLAN_YEAR, "2027", String(new Date().getFullYear())];
        if (route.operationId === "publishPlan") await draftPlans();
        arbitraries.year = segment(known, fc.stringMatching(/^-?\d{1,6}$/));
      } else if (name === "kind") {
        arbitraries.kind = fc.oneof(
          { weight: 8, arbitrary: fc.constant("meetings") },
          { weight: 2, arbitrary: fc.constantFrom("documents", "inspections", "MEETINGS", "meeting") },
          {
            weight: 1,
            arbitrary: fc.string({ minLength: 1, maxLength: 20 }).filter((kind) => !kind.includes("/")),
          },
        );
      } else {
        assert.fail(`${route.path}: the fuzz has no values for {${name}}: add them here`);
      }
    }
    return fc.record(arbitraries);
  };

  const inputsOf = async (route: RouteDefinition): Promise<fc.Arbitrary<Input>> =>
    fc.record({
      body: isCsvRoute(route) ? csvBodyArb(route.operationId) : bodyArb(route.operationId),
      contentType: isCsvRoute(route) ? csvContentTypeArb : contentTypeArb,
      idempotencyKey: idempotencyKeyArb,
      extraHeaders: extraHeadersArb,
      query: queryArb,
      params: await paramsOf(route),
      receipt: await receiptOf(route),
      caller: callersOf(route),
    });

  const send = (route: RouteDefinition, input: Input): Promise<DirectReply> => {
    const rawHeaders: string[] = [];
    if (input.contentType) rawHeaders.push(input.contentType.name, input.contentType.value);
    if (input.idempotencyKey) rawHeaders.push(input.idempotencyKey.name, input.idempotencyKey.value);
    if (input.receipt !== undefined) rawHeaders.push("x-receipt", input.receipt);
    for (const [name, value] of input.extraHeaders) rawHeaders.push(name, value);
    const body =
      input.body.kind === "json"
        ? Buffer.from(JSON.stringify(input.body.value) ?? "")
        : input.body.kind === "text"
          ? Buffer.from(input.body.text)
          : input.body.kind === "bytes"
            ? Buffer.from(input.body.bytes)
            : Buffer.alloc(0);
    return invokeDirect({
      route,
      caller: input.caller,
      rawHeaders,
      body,
      rawQueryString: input.query
        .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
        .join("&"),
      ...(route.path.includes("{") ? { pathParameters: input.params } : {}),
    });
  };

  for (const route of writeRoutes) {
    it(`${route.method} ${route.path}: ${RUNS_PER_ROUTE} inputs, never 500, refusals change nothing`, async () => {
      const statuses = new Map<number, number>();
      // Proof that the recorder sees the handlers' writes at all; otherwise "no write" proves nothing.
      let acceptedWrites = 0;
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(await inputsOf(route), async (input) => {
          const { result: reply, writes } = await recorder.record(() => send(route, input));
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          const context = `${reply.status} ${reply.text}`;
          assert.ok(reply.status < 500, context);
          assert.equal(reply.headers["x-request-id"], reply.requestId, context);
          if (reply.status < 400) {
            acceptedWrites += writes.length;
            return;
          }
          assertErrorReply(reply);
          if (reply.status === 429) assert.ok(Number(reply.headers["retry-after"]) > 0, context);
          assert.deepEqual(lastingWritesOfRejectedCall(writes), [], `a refused call wrote: ${context}`);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: seedOf(route) },
      );
      const ms = Math.round(performance.now() - started);
      const summary = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}:${n}`);
      console.info(`fuzz ${route.method} ${route.path} runs=${RUNS_PER_ROUTE} ms=${ms} ${summary.join(" ")}`);
      // The valid share must be real, or the refusals are all this proves.
      assert.ok(
        [...statuses.keys()].some((status) => status < 300),
        `no input was accepted: ${summary}`,
      );
      assert.ok(acceptedWrites > 0, "no write of an accepted input was recorded");

      if (route.operationId === "startSweep") await waitForSweeps(reader, api.stack.tableName);
      assert.deepEqual(auditTrailProblems(await scanTable(reader, api.stack.tableName)), []);
    }, 600_000);
  }
});

/** A fixed seed per route keeps each run's inputs the same; fast-check prints it with any failure. */
const seedOf = (route: RouteDefinition): number =>
  [...route.operationId].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, 7);

/** The documented error body, answered as JSON, with the request's own id. */
const assertErrorReply = (reply: DirectReply) => {
  const context = `${reply.status} ${reply.text}`;
  assert.match(reply.headers["content-type"] ?? "", /^application\/json/, context);
  assertDocumentedError(JSON.parse(reply.text), context, reply.requestId);
};

/** Until no sweep the API started is still running (each run takes well under a second here). */
const waitForSweeps = async (reader: DynamoDBDocumentClient, tableName: string) => {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const items = await scanTable(reader, tableName);
    if (!items.some((item) => item.entity === "SWEEP" && item.status === "running")) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("sweeps still running after two minutes");
};

/** The two checks above must be able to fail: each is shown a case it has to refuse. */
describe("the fuzz's own checks", () => {
  it("count a lasting write, and an idempotency claim kept, against a refused call", () => {
    const put = (pk: string) => ({
      command: "PutItemCommand",
      kind: "put" as const,
      pk,
      sk: pk.split("#")[0] ?? "",
    });
    const release = (pk: string) => ({ ...put(pk), command: "DeleteItemCommand", kind: "delete" as const });
    assert.deepEqual(lastingWritesOfRejectedCall([put("IDEMPOTENCY#a"), release("IDEMPOTENCY#a")]), []);
    assert.equal(lastingWritesOfRejectedCall([put("IDEMPOTENCY#a")]).length, 1);
    assert.equal(lastingWritesOfRejectedCall([put("REQUEST#1")]).length, 1);
  });

  it("find a record whose audit trail does not end at its state, and half-written items", () => {
    const record = {
      pk: "REQUEST#1",
      sk: "REQUEST",
      entity: "REQUEST",
      id: "1",
      status: "approved",
      version: 2,
    };
    const opened = {
      pk: "REQUEST#1",
      sk: "AUDIT#2026-01-01T00:00:00.000Z#A",
      entity: "AUDIT",
      at: "2026-01-01T00:00:00.000Z",
      before: null,
      after: { id: "1", status: "submitted", version: 1 },
    };
    const decided = {
      ...opened,
      sk: "AUDIT#2026-01-02T00:00:00.000Z#B",
      at: "2026-01-02T00:00:00.000Z",
      before: opened.after,
      after: { id: "1", status: "approved", version: 2 },
    };
    assert.deepEqual(auditTrailProblems([record, opened, decided]), []);
    assert.equal(auditTrailProblems([record, opened]).length, 1, "the decision's entry is missing");
    assert.equal(auditTrailProblems([opened, decided]).length, 1, "the record is missing");
    assert.equal(auditTrailProblems([record]).length, 1, "no trail at all");
    assert.equal(
      auditTrailProblems([
        record,
        opened,
        { ...decided, before: { id: "1", status: "rejected", version: 1 } },
      ]).length,
      1,
      "a trail that skips a step",
    );
  });

  it("accept a plan's entry that keeps the plan before it without its items, and only that", () => {
    const plan = { pk: "PLAN#2026#meetings", sk: "PLAN", entity: "PLAN", year: 2026, status: "draft" };
    const drafted = {
      pk: plan.pk,
      sk: "AUDIT#2026-01-01T00:00:00.000Z#A",
      entity: "AUDIT",
      at: "2026-01-01T00:00:00.000Z",
      before: null,
      after: { year: 2026, status: "draft", items: [{ id: "a" }, { id: "b" }], version: 1 },
    };
    const replaced = {
      ...drafted,
      sk: "AUDIT#2026-01-02T00:00:00.000Z#B",
      at: "2026-01-02T00:00:00.000Z",
      before: { year: 2026, status: "draft", itemCount: 2, version: 1 },
      after: { year: 2026, status: "draft", items: [], version: 2 },
    };
    const current = { ...plan, items: [], version: 2 };
    assert.deepEqual(auditTrailProblems([current, drafted, replaced]), []);
    assert.equal(
      auditTrailProblems([current, drafted, { ...replaced, before: { ...replaced.before, itemCount: 3 } }])
        .length,
      1,
      "a count that is not the previous entry's",
    );
    const request = { ...current, pk: "REQUEST#1", sk: "REQUEST", entity: "REQUEST" };
    assert.equal(
      auditTrailProblems([request, { ...drafted, pk: "REQUEST#1" }, { ...replaced, pk: "REQUEST#1" }]).length,
      1,
      "only plans abbreviate",
    );
    const counter = { pk: "PLAN#2027#meetings", sk: "USED#dept-education", used: 1 };
    assert.deepEqual(auditTrailProblems([counter]), [], "quota used before the plan is drafted");
  });
});
