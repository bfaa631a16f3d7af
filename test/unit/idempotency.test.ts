/**
 * Idempotency-Key handling through the HTTP handler, over the in-memory idempotency store.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { DependencyUnavailableError, TooManyRequestsError } from "../../shared/platform/errors.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { requestOperations } from "../../shared/requests/operations.ts";
import { requestsRoutes } from "../../shared/requests/routes.ts";
import { sweepsRoutes } from "../../shared/sweeps/routes.ts";
import { makeSweepUseCases } from "../../shared/sweeps/use-cases.ts";
import { apiEvent, claimsOf, invoke, jsonHeaders } from "../fakes/http.ts";
import { memoryIdempotencyStore } from "../fakes/idempotency.ts";
import { fixedClock, memoryRequestContext, memorySweeps, sequentialIds } from "../fakes/memory.ts";
import { meetingBody } from "../fakes/records.ts";

const idempotency = memoryIdempotencyStore();

const { requests, useCases } = memoryRequestContext();

/** Runs before each submission; a test may use it to retry while the first attempt is still running. */
let duringSubmit: () => Promise<void> = async () => {};

const handler = httpHandler(
  requestsRoutes,
  {
    ...requestOperations(useCases),
    submitRequest: async (input) => {
      await duringSubmit();
      return useCases.submit(input.caller, input.body);
    },
  },
  { idempotency },
);

const submit = (claims: Record<string, string>, key: string, body: object = meetingBody()) =>
  invoke(
    handler,
    apiEvent("POST /v1/requests", {
      claims,
      body: JSON.stringify(body),
      headers: { ...jsonHeaders, "idempotency-key": key },
    }),
  );

const sweeps = memorySweeps();
const launched: string[] = [];
const sweepUseCases = makeSweepUseCases({
  sweeps,
  clock: fixedClock("2026-12-08T01:00:00.000Z"),
  ids: sequentialIds("S"),
  timeZone: "Asia/Shanghai",
  runnerTimeoutSeconds: 300,
  launch: async (id) => {
    launched.push(id);
  },
});
const sweepsHandler = httpHandler(
  sweepsRoutes,
  {
    startSweep: ({ caller, body }) => sweepUseCases.start(caller, body),
    getSweep: ({ params }) => sweepUseCases.get(params.id),
    listSweeps: ({ query }) => sweepUseCases.list(query),
  },
  { idempotency },
);

describe("Idempotency-Key", () => {
  it("answers a retry with the first response and writes nothing new", async () => {
    const clerk = claimsOf("u-clerk", ["department"], "dept-a");
    const first = await submit(clerk, "key-retry");
    const retry = await submit(clerk, "key-retry");
    assert.equal(first.status, 201);
    assert.equal(retry.status, 201);
    assert.deepEqual(retry.body, first.body);
    assert.equal(retry.headers.location, first.headers.location);
    assert.equal([...requests.records.values()].filter((record) => record.id === first.body.id).length, 1);
    assert.equal(requests.records.size, 1);
  });

  it("scopes a key by unit: the same person moved to another unit is not handed the first unit's record", async () => {
    const before = requests.records.size;
    const inA = await submit(claimsOf("u-mover", ["department"], "dept-a"), "key-moved");
    const inB = await submit(claimsOf("u-mover", ["department"], "dept-b"), "key-moved");
    assert.notEqual(inB.body.id, inA.body.id);
    assert.equal(inA.body.unitId, "dept-a");
    assert.equal(inB.body.unitId, "dept-b");
    assert.equal(requests.records.size, before + 2);
  });

  it("scopes a key by person and by route", async () => {
    const one = await submit(claimsOf("u-one", ["department"], "dept-a"), "key-shared");
    const two = await submit(claimsOf("u-two", ["department"], "dept-a"), "key-shared");
    assert.notEqual(two.body.id, one.body.id);
    const withdrawn = await invoke(
      handler,
      apiEvent("POST /v1/requests/{id}/withdraw", {
        claims: claimsOf("u-one", ["department"], "dept-a"),
        path: { id: one.body.id },
        headers: { "idempotency-key": "key-shared" },
      }),
    );
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.status, "withdrawn");
  });

  it("serves callers without a unit too: a supervisor's retried sweep starts once", async () => {
    const supervisor = claimsOf("u-super", ["supervisor"]);
    const start = () =>
      invoke(
        sweepsHandler,
        apiEvent("POST /v1/sweeps", {
          claims: supervisor,
          body: JSON.stringify({ window: "2026-W48" }),
          headers: { ...jsonHeaders, "idempotency-key": "sweep-once" },
        }),
      );
    const first = await start();
    const retry = await start();
    assert.equal(first.status, 202);
    assert.equal(first.headers.location, `/v1/sweeps/${first.body.id}`);
    assert.deepEqual(retry.body, first.body);
    assert.deepEqual(launched, [first.body.id]);
    assert.equal(sweeps.saved.length, 1);
  });

  it("refuses the same key with another body instead of replaying the first answer", async () => {
    const clerk = claimsOf("u-reuser", ["department"], "dept-a");
    assert.equal((await submit(clerk, "key-reused")).status, 201);
    const before = requests.records.size;
    const other = await submit(clerk, "key-reused", meetingBody({ title: "Another matter" }));
    assert.equal(other.status, 422);
    assert.equal(other.body.error.code, "IDEMPOTENCY_KEY_REUSED");
    assert.equal(requests.records.size, before);
  });

  it("answers 409 IN_PROGRESS to a retry that arrives while the first attempt still runs", async () => {
    const clerk = claimsOf("u-hasty", ["department"], "dept-a");
    let retry: Awaited<ReturnType<typeof submit>> | undefined;
    duringSubmit = async () => {
      duringSubmit = async () => {};
      retry = await submit(clerk, "key-hasty");
    };
    const first = await submit(clerk, "key-hasty");
    assert.equal(first.status, 201);
    assert.equal(retry?.status, 409);
    assert.equal(retry?.body.error.code, "IN_PROGRESS");
  });

  it("does not remember a failed attempt: a retry with the same key runs again", async () => {
    const clerk = claimsOf("u-unlucky", ["department"], "dept-a");
    duringSubmit = async () => {
      duringSubmit = async () => {};
      throw new DependencyUnavailableError("The table is throttled");
    };
    const before = requests.records.size;
    const failed = await submit(clerk, "key-unlucky");
    assert.equal(failed.status, 503);
    assert.equal(requests.records.size, before);
    const retried = await submit(clerk, "key-unlucky");
    assert.equal(retried.status, 201);
    assert.equal(requests.records.size, before + 1);
  });

  it("does not replay a 429: the same key works again once the limit has reset", async () => {
    const clerk = claimsOf("u-flooder", ["department"], "dept-a");
    duringSubmit = async () => {
      duringSubmit = async () => {};
      throw new TooManyRequestsError("Too many for today", "TOO_MANY_FACTS", 3600);
    };
    const before = requests.records.size;
    const refused = await submit(clerk, "key-tomorrow");
    assert.equal(refused.status, 429);
    assert.equal(refused.headers["retry-after"], "3600");
    assert.equal(refused.body.error.code, "TOO_MANY_FACTS");
    assert.equal(requests.records.size, before);
    const nextDay = await submit(clerk, "key-tomorrow");
    assert.equal(nextDay.status, 201);
    assert.equal(requests.records.size, before + 1);
  });
});
