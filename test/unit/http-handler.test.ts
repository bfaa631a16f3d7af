import assert from "node:assert/strict";
import fc from "fast-check";
import { afterEach, describe, it } from "vitest";
import { metaRoutes } from "../../shared/meta/routes.ts";
import { reloadConfig } from "../../shared/platform/config.ts";
import { ConflictError } from "../../shared/platform/errors.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { requestOperations } from "../../shared/requests/operations.ts";
import { requestsRoutes } from "../../shared/requests/routes.ts";
import { unitsRoutes } from "../../shared/units/routes.ts";
import type { Unit } from "../../shared/units/schemas.ts";
import { makeUnitUseCases } from "../../shared/units/use-cases.ts";
import { apiEvent, claimsOf, invoke, jsonHeaders } from "../fakes/http.ts";
import { memoryIdempotencyStore } from "../fakes/idempotency.ts";
import { fixedClock, memoryRequestContext, memoryUnits } from "../fakes/memory.ts";
import { meetingBody, unitRecord } from "../fakes/records.ts";

const admin = claimsOf("u-admin", ["admin"], "city-office");
const grassroots = claimsOf("u-village", ["grassroots"], "village-1");
const clerk = claimsOf("u-clerk", ["department"], "dept-a");
const approver = claimsOf("u-boss", ["approver"], "office");

const validUnit = JSON.stringify({
  id: "dept-x",
  name: "Dept X",
  kind: "department",
  emails: ["x@city.gov"],
});

/** The units function, built as functions/units does, on in-memory units. */
const unitsFunction = () => {
  const units = memoryUnits([unitRecord({ id: "city-office", kind: "office" })]);
  const useCases = makeUnitUseCases({ units, clock: fixedClock() });
  const calls: unknown[] = [];
  const handler = httpHandler(
    unitsRoutes,
    {
      listUnits: ({ query }) => useCases.list(query),
      createUnit: async ({ caller, body }) => {
        calls.push(body);
        return useCases.create(caller, body);
      },
      getUnit: async ({ params }) => {
        if (params.id === "busy") throw new ConflictError("changed");
        if (params.id === "boom") throw new Error("database exploded with secret details");
        if (params.id === "slow")
          throw Object.assign(new Error("throttled"), { name: "ThrottlingException" });
        if (params.id === "misshapen")
          return { ...unitRecord({ id: "misshapen" }), version: "one" } as unknown as Unit;
        return useCases.get(params.id);
      },
      updateUnit: ({ caller, params, body }) => useCases.update(caller, params.id, body),
      importUnits: ({ caller, body }) => useCases.importCsv(caller, body),
    },
    { idempotency: memoryIdempotencyStore() },
  );
  return { handler, units, calls };
};

/** The requests function on in-memory requests, with ids R0001, R0002, ... */
const requestsFunction = () => {
  const { requests, useCases } = memoryRequestContext();
  const handler = httpHandler(requestsRoutes, requestOperations(useCases), {
    idempotency: memoryIdempotencyStore(),
  });
  return { handler, requests };
};

const { handler: units, calls } = unitsFunction();
const { handler: requests } = requestsFunction();

const postUnit = (body: string, headers: Record<string, string> = jsonHeaders) =>
  invoke(units, apiEvent("POST /v1/units", { claims: admin, body, headers }));
const postRequest = (body: unknown, headers: Record<string, string> = jsonHeaders) =>
  invoke(
    requests,
    apiEvent("POST /v1/requests", {
      claims: clerk,
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers,
    }),
  );

type Detail = { path: string; message: string };
const detailsOf = (answer: { body: { error: { details: Detail[] } } }) => answer.body.error.details;

describe("the HTTP handler", () => {
  it("passes the authorized, validated input to the operation", async () => {
    const result = await postUnit(validUnit);
    assert.equal(result.status, 201);
    assert.equal(result.body.createdBy, "u-admin");
    assert.deepEqual(result.body.emails, ["x@city.gov"]);
    // The schema's defaults are applied before the operation sees the body.
    const bare = await postUnit(JSON.stringify({ id: "dept-y", name: "Dept Y", kind: "department" }));
    assert.equal(bare.status, 201);
    assert.deepEqual(calls.at(-1), { id: "dept-y", name: "Dept Y", kind: "department", emails: [] });
  });

  it("answers 401 without claims and 403 for the wrong role, before the operation runs", async () => {
    const before = calls.length;
    const anonymous = await invoke(
      units,
      apiEvent("POST /v1/units", { body: validUnit, headers: jsonHeaders }),
    );
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, "UNAUTHORIZED");
    const forbidden = await invoke(
      units,
      apiEvent("POST /v1/units", { claims: grassroots, body: validUnit, headers: jsonHeaders }),
    );
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, "FORBIDDEN");
    assert.equal(calls.length, before);
  });

  it("maps bad bodies to 400, 413 and 415 with the documented error shape", async () => {
    const malformed = await postUnit("{not json");
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, "MALFORMED_JSON");
    assert.equal(malformed.body.error.requestId, "req-1");
    assert.deepEqual(detailsOf(malformed), [{ path: "body", message: "body must be a JSON object" }]);
    const unknownField = await postUnit(JSON.stringify({ ...JSON.parse(validUnit), extra: 1 }));
    assert.equal(unknownField.status, 400);
    assert.equal(unknownField.body.error.code, "VALIDATION_FAILED");
    assert.ok(detailsOf(unknownField).length > 0);
    const wrongType = await postUnit(JSON.stringify({ ...JSON.parse(validUnit), kind: "planet" }));
    assert.deepEqual(
      detailsOf(wrongType).map((detail) => detail.path),
      ["kind"],
    );
    const wrongMedia = await postUnit(validUnit, { "content-type": "text/plain" });
    assert.equal(wrongMedia.status, 415);
    assert.equal(wrongMedia.body.error.code, "UNSUPPORTED_MEDIA_TYPE");
    assert.equal((await postUnit(validUnit, {})).status, 415, "a body without a content type");
    const tooLarge = await postUnit(JSON.stringify({ name: "x".repeat(1_100_000) }));
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.error.code, "PAYLOAD_TOO_LARGE");
  });

  it("accepts JSON media types with parameters and +json suffixes, and base64 bodies", async () => {
    const charset = await postUnit(JSON.stringify({ id: "dept-c", name: "C", kind: "department" }), {
      "content-type": "application/json; charset=utf-8",
    });
    assert.equal(charset.status, 201);
    const suffixed = await postUnit(JSON.stringify({ id: "dept-d", name: "D", kind: "department" }), {
      "content-type": "application/merge-patch+json",
    });
    assert.equal(suffixed.status, 201);
    const encoded = apiEvent("POST /v1/units", {
      claims: admin,
      headers: jsonHeaders,
      body: Buffer.from(JSON.stringify({ id: "dept-e", name: "E", kind: "department" })).toString("base64"),
    });
    encoded.isBase64Encoded = true;
    assert.equal((await invoke(units, encoded)).status, 201);
  });

  it("refuses unknown query parameters and malformed path ids", async () => {
    const query = await invoke(units, apiEvent("GET /v1/units", { claims: admin, query: { sort: "name" } }));
    assert.equal(query.status, 400);
    assert.deepEqual(detailsOf(query), [{ path: "sort", message: 'unknown field "sort": remove it' }]);
    const path = await invoke(
      units,
      apiEvent("GET /v1/units/{id}", { claims: admin, path: { id: "../etc" } }),
    );
    assert.equal(path.status, 404);
  });

  it("answers 404 for a route the function does not serve", async () => {
    const answer = await invoke(units, apiEvent("GET /v1/requests", { claims: admin }));
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error.code, "NOT_FOUND");
  });

  it("maps typed errors to their status and hides everything else behind a 500", async () => {
    const conflict = await invoke(
      units,
      apiEvent("GET /v1/units/{id}", { claims: admin, path: { id: "busy" } }),
    );
    assert.equal(conflict.status, 409);
    const crash = await invoke(
      units,
      apiEvent("GET /v1/units/{id}", { claims: admin, path: { id: "boom" } }),
    );
    assert.equal(crash.status, 500);
    assert.equal(crash.body.error.code, "INTERNAL");
    assert.doesNotMatch(JSON.stringify(crash.body), /secret|exploded|at /);
  });

  it("answers a throttled dependency with 503 and Retry-After", async () => {
    const answer = await invoke(
      units,
      apiEvent("GET /v1/units/{id}", { claims: admin, path: { id: "slow" } }),
    );
    assert.equal(answer.status, 503);
    assert.equal(answer.body.error.code, "DEPENDENCY_UNAVAILABLE");
    assert.equal(answer.headers["retry-after"], "5");
  });

  it("adds security headers to every answer, errors included", async () => {
    const ok = await invoke(units, apiEvent("GET /v1/units", { claims: admin }));
    const failed = await invoke(units, apiEvent("GET /v1/units", { claims: admin, query: { bad: "1" } }));
    for (const result of [ok, failed]) {
      assert.equal(result.headers["x-content-type-options"], "nosniff");
      assert.match(String(result.headers["strict-transport-security"]), /max-age/);
    }
  });

  it("never answers 500 to any body a client sends", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        async (body) => {
          const result = await postUnit(body);
          assert.ok(result.status < 500, `status ${result.status} for ${body}`);
          assert.equal(typeof result.body, "object");
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("public routes", () => {
  const calls: (string | undefined)[] = [];
  const meta = httpHandler(metaRoutes, {
    getHealth: async ({ caller }) => {
      calls.push(caller?.sub);
      return {
        status: "ok" as const,
        dependencies: { dynamodb: "ok" as const },
        clock: { now: new Date().toISOString(), source: "system" as const },
      };
    },
    getOpenApi: async () => ({ openapi: "3.1.0" }),
    getForms: async () => ({ language: "en" as const, requests: {}, facts: {} }),
  });

  it("serve anyone, and still know a signed-in caller", async () => {
    assert.equal((await invoke(meta, apiEvent("GET /v1/health"))).status, 200);
    assert.equal((await invoke(meta, apiEvent("GET /v1/health", { claims: admin }))).status, 200);
    assert.deepEqual(calls, [undefined, "u-admin"]);
  });

  it("still refuse what they do not take", async () => {
    const answer = await invoke(meta, apiEvent("GET /v1/health", { query: { verbose: "1" } }));
    assert.equal(answer.status, 400);
    assert.deepEqual(detailsOf(answer), [{ path: "verbose", message: 'unknown field "verbose": remove it' }]);
  });
});

describe("answer headers", () => {
  it("says where a created resource is read: 201 carries Location", async () => {
    const created = await postRequest(meetingBody());
    assert.equal(created.status, 201);
    assert.equal(created.headers.location, `/v1/requests/${created.body.id}`);
    assert.equal(created.headers.location, "/v1/requests/R0001");
    const unit = await postUnit(JSON.stringify({ id: "dept-loc", name: "L", kind: "department" }));
    assert.equal(unit.headers.location, "/v1/units/dept-loc");
  });

  it("gives no Location to answers that create nothing", async () => {
    const listed = await invoke(requests, apiEvent("GET /v1/requests", { claims: clerk }));
    assert.equal(listed.status, 200);
    assert.equal(listed.headers.location, undefined);
    const refused = await postRequest({});
    assert.equal(refused.headers.location, undefined);
  });

  it("carries x-request-id on every answer, successes and errors alike", async () => {
    const id = { requestId: "req-trace-42" };
    const answers = await Promise.all([
      invoke(units, apiEvent("GET /v1/units", { claims: admin, ...id })),
      invoke(
        units,
        apiEvent("POST /v1/units", {
          claims: admin,
          body: JSON.stringify({ id: "dept-traced", name: "T", kind: "department" }),
          headers: jsonHeaders,
          ...id,
        }),
      ),
      invoke(units, apiEvent("GET /v1/units", { claims: admin, query: { bad: "1" }, ...id })),
      invoke(units, apiEvent("GET /v1/units", id)),
      invoke(units, apiEvent("POST /v1/units", { claims: grassroots, ...id })),
      invoke(units, apiEvent("GET /v1/nowhere", { claims: admin, ...id })),
      invoke(units, apiEvent("GET /v1/units/{id}", { claims: admin, path: { id: "busy" }, ...id })),
      invoke(units, apiEvent("GET /v1/units/{id}", { claims: admin, path: { id: "boom" }, ...id })),
    ]);
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 201, 400, 401, 403, 404, 409, 500],
    );
    for (const answer of answers) assert.equal(answer.headers["x-request-id"], "req-trace-42");
  });

  it("lets browsers read Location, Retry-After and x-request-id across origins", async () => {
    const answer = await invoke(
      units,
      apiEvent("GET /v1/units", { claims: admin, headers: { origin: "https://app.city.gov" } }),
    );
    const exposed = String(answer.headers["access-control-expose-headers"])
      .split(",")
      .map((name) => name.trim().toLowerCase());
    for (const header of ["location", "retry-after", "x-request-id"])
      assert.ok(exposed.includes(header), header);
    assert.ok(answer.headers["access-control-allow-origin"]);
  });
});

describe("validation messages, for the person filling the form", () => {
  it("names the kinds a request may have when the body is empty", async () => {
    for (const body of ["", "{}"]) {
      const answer = await postRequest(body);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, "VALIDATION_FAILED");
      assert.deepEqual(detailsOf(answer), [
        { path: "kind", message: "kind must be one of: meeting, document, inspection, veto_item" },
      ]);
      assert.equal(
        answer.body.error.message,
        "Kind must be one of: meeting, document, inspection, veto_item",
      );
    }
  });

  it("tells the user to remove an unknown field, at its own path", async () => {
    const answer = await postRequest({ ...meetingBody(), foo: 1 });
    assert.equal(answer.status, 400);
    assert.deepEqual(detailsOf(answer), [{ path: "foo", message: 'unknown field "foo": remove it' }]);
    assert.equal(answer.body.error.message, 'Unknown field "foo": remove it');
  });

  it("names a nested unknown field by its full path", async () => {
    const answer = await invoke(
      requests,
      apiEvent("POST /v1/requests/{id}/decision", {
        claims: approver,
        path: { id: "R0001" },
        headers: jsonHeaders,
        body: JSON.stringify({ decision: "approve", override: { reason: "needed", by: "me" } }),
      }),
    );
    assert.equal(answer.status, 400);
    assert.deepEqual(detailsOf(answer), [
      { path: "override.by", message: 'unknown field "override.by": remove it' },
    ]);
  });

  it("says what a page size must be, whatever is wrong with it", async () => {
    for (const limit of ["abc", "0", "101", "2.5", ""]) {
      const answer = await invoke(
        requests,
        apiEvent("GET /v1/requests", { claims: clerk, query: { limit } }),
      );
      assert.equal(answer.status, 400, limit);
      assert.deepEqual(
        detailsOf(answer),
        [{ path: "limit", message: "limit must be a whole number from 1 to 100" }],
        limit,
      );
    }
    const fine = await invoke(
      requests,
      apiEvent("GET /v1/requests", { claims: clerk, query: { limit: "7" } }),
    );
    assert.equal(fine.status, 200);
  });

  it("says a missing field is required, and counts the other problems in the summary", async () => {
    const { title: _title, ...untitled } = meetingBody();
    const missing = await postRequest(untitled);
    assert.deepEqual(detailsOf(missing), [{ path: "title", message: "title is required" }]);
    assert.equal(missing.body.error.message, "Title is required");
    const { reason: _reason, ...bare } = untitled;
    const several = await postRequest({ ...bare, title: "   ", attendeesPerUnit: 0 });
    assert.deepEqual(detailsOf(several), [
      { path: "title", message: "title must not be empty" },
      { path: "attendeesPerUnit", message: "attendeesPerUnit must be a whole number from 1 to 50" },
      { path: "reason", message: "reason is required" },
    ]);
    assert.equal(several.body.error.message, "Title must not be empty (and 2 more: see details)");
  });

  it("describes a bad Idempotency-Key in words, never by its regular expression", async () => {
    for (const key of ["has space", "ключ", "x".repeat(256), ""]) {
      const answer = await postRequest(meetingBody(), { ...jsonHeaders, "Idempotency-Key": key });
      assert.equal(answer.status, 400, key);
      const [detail, ...rest] = detailsOf(answer);
      assert.equal(rest.length, 0);
      assert.equal(detail?.path, "Idempotency-Key");
      assert.equal(
        detail?.message,
        "Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID",
      );
      assert.doesNotMatch(JSON.stringify(answer.body), /\\x21|\\x7e|\^|\{1,255\}/);
    }
  });

  it("answers malformed JSON with MALFORMED_JSON", async () => {
    const answer = await postRequest('{"kind": "meeting",');
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, "MALFORMED_JSON");
  });

  it("refuses a body on a route that takes none", async () => {
    const created = await postRequest(meetingBody());
    const answer = await invoke(
      requests,
      apiEvent("POST /v1/requests/{id}/withdraw", {
        claims: clerk,
        path: { id: created.body.id },
        headers: jsonHeaders,
        body: JSON.stringify({ why: "changed plans" }),
      }),
    );
    assert.equal(answer.status, 400);
    assert.deepEqual(detailsOf(answer), [{ path: "why", message: 'unknown field "why": remove it' }]);
    const withdrawn = await invoke(
      requests,
      apiEvent("POST /v1/requests/{id}/withdraw", { claims: clerk, path: { id: created.body.id } }),
    );
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.status, "withdrawn");
  });
});

describe("checking answers against their schemas (VALIDATE_RESPONSES)", () => {
  const saved = process.env.VALIDATE_RESPONSES;
  afterEach(() => {
    if (saved === undefined) delete process.env.VALIDATE_RESPONSES;
    else process.env.VALIDATE_RESPONSES = saved;
    reloadConfig();
  });

  const getUnit = (id: string) =>
    invoke(units, apiEvent("GET /v1/units/{id}", { claims: admin, path: { id } }));

  it("turns an answer outside the route's response schema into a 500", async () => {
    process.env.VALIDATE_RESPONSES = "true";
    reloadConfig();
    const answer = await getUnit("misshapen");
    assert.equal(answer.status, 500);
    assert.equal(answer.body.error.code, "INTERNAL");
  });

  it("lets an answer that fits its schema through", async () => {
    process.env.VALIDATE_RESPONSES = "true";
    reloadConfig();
    const answer = await getUnit("city-office");
    assert.equal(answer.status, 200);
    assert.equal(answer.body.id, "city-office");
  });

  it("does not check answers when it is off", async () => {
    process.env.VALIDATE_RESPONSES = "false";
    reloadConfig();
    assert.equal((await getUnit("misshapen")).status, 200);
  });
});
