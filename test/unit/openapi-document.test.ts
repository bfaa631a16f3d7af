/**
 * The OpenAPI document as a frontend generates its client from it: exactly the statuses each route
 * can answer (and the handler really answers them), bounds and formats, tags, servers from
 * configuration, examples that parse with the validating schemas, and a document anyone can fetch.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterEach, describe, it } from "vitest";
import { handler as metaHandler } from "../../functions/meta/handler.ts";
import { functionManifest } from "../../infra/functions.ts";
import { IDEMPOTENCY_KEY_PATTERN, openApiDocument } from "../../shared/meta/openapi.ts";
import { reloadConfig } from "../../shared/platform/config.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { requestsRoutes } from "../../shared/requests/routes.ts";
import { type RouteDefinition, routes } from "../../shared/routes.ts";
import { apiEvent, claimsOf, invoke, jsonHeaders } from "../fakes/http.ts";
import { memoryIdempotencyStore } from "../fakes/idempotency.ts";

type Json = Record<string, unknown>;
type Header = { required?: boolean; schema?: Json; $ref?: string };
type Response = {
  $ref?: string;
  description: string;
  headers?: Record<string, Header>;
  content?: Record<string, { schema: Json; example?: unknown }>;
};
type Parameter = { $ref?: string; name: string; in: string; required: boolean; schema: Json };
type Operation = {
  operationId: string;
  tags: string[];
  security: unknown[];
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Json; example?: unknown }> };
  responses: Record<string, Response>;
};
type Document = {
  info: { contact?: Json; license?: Json };
  servers: { url: string }[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Json>;
    responses: Record<string, Response>;
    headers: Record<string, Header>;
    parameters: Record<string, Parameter>;
  };
};

const doc = (): Document => openApiDocument() as unknown as Document;

/** A `$ref` inside this document, followed; anything else as it is. */
const resolve = <T>(value: T | { $ref: string }): T => {
  if (typeof value === "object" && value !== null && "$ref" in value && typeof value.$ref === "string") {
    const target = value.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc());
    assert.ok(target, `${value.$ref} resolves`);
    return resolve(target as T);
  }
  return value as T;
};

const operationOf = (route: RouteDefinition): Operation => {
  const operation = doc().paths[route.path]?.[route.method.toLowerCase()];
  assert.ok(operation, `${route.operationId} is documented`);
  return operation;
};

const byId = (operationId: string): RouteDefinition => {
  const route = routes.find((candidate) => candidate.operationId === operationId);
  assert.ok(route, operationId);
  return route;
};

const responseOf = (route: RouteDefinition, status: string): Response => {
  const response = operationOf(route).responses[status];
  assert.ok(response, `${route.operationId} documents ${status}`);
  return resolve(response);
};

const headersOf = (response: Response): Record<string, Header> =>
  Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, header]) => [name.toLowerCase(), resolve(header)]),
  );

/** Every schema node of a JSON value with the path that leads to it. */
const walk = (value: unknown, visit: (node: Json, path: string) => void, path = "#"): void => {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walk(item, visit, `${path}/${index}`);
    });
    return;
  }
  if (typeof value !== "object" || value === null) return;
  visit(value as Json, path);
  for (const [key, inner] of Object.entries(value)) walk(inner, visit, `${path}/${key}`);
};

const isPost = (route: RouteDefinition) => route.method === "POST";
const parsesBody = (route: RouteDefinition) => route.method === "POST" || route.method === "PUT";

describe("the OpenAPI document a client is generated from", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    reloadConfig();
  });

  it("is valid OpenAPI 3.1 by an independent validator, and every $ref resolves", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument()));
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
    assert.equal(validator.version, "3.1");
    walk(doc(), (node) => {
      if (typeof node.$ref === "string") resolve(node);
    });
  });

  describe("statuses: exactly what each route can answer", () => {
    /** Read off the handler, the use cases and API Gateway; the document must say the same. */
    const expected: Record<string, string[]> = {
      getHealth: ["200", "400", "429", "503"],
      getOpenApi: ["200", "400", "429", "503"],
      getForms: ["200", "400", "401", "403", "429", "503"],
      listUnits: ["200", "400", "401", "403", "429", "503"],
      createUnit: ["201", "400", "401", "403", "409", "413", "415", "422", "429", "503"],
      getUnit: ["200", "400", "401", "403", "404", "429", "503"],
      updateUnit: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      submitRequest: ["201", "400", "401", "403", "409", "413", "415", "422", "429", "503"],
      listRequests: ["200", "400", "401", "403", "429", "503"],
      getRequest: ["200", "400", "401", "403", "404", "429", "503"],
      decideRequest: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      withdrawRequest: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      cancelRequest: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      listVetoItems: ["200", "400", "401", "403", "429", "503"],
      reportEvent: ["201", "400", "401", "403", "409", "413", "415", "422", "429", "503"],
      listEvents: ["200", "400", "401", "403", "429", "503"],
      getEvent: ["200", "400", "401", "403", "404", "429", "503"],
      startSweep: ["202", "400", "401", "403", "409", "413", "415", "422", "429", "503"],
      listSweeps: ["200", "400", "401", "403", "429", "503"],
      getSweep: ["200", "400", "401", "403", "404", "429", "503"],
      listViolations: ["200", "400", "401", "403", "429", "503"],
      recordViolation: ["201", "400", "401", "403", "409", "413", "415", "422", "429", "503"],
      getViolation: ["200", "400", "401", "403", "404", "429", "503"],
      respondToViolation: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      resolveViolation: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      reopenViolation: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      listViolationEvidence: ["200", "400", "401", "403", "404", "429", "503"],
      importUnits: ["200", "400", "401", "403", "409", "413", "415", "422", "429", "503"],
      getPlan: ["200", "400", "401", "403", "404", "429", "503"],
      replacePlanDraft: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      importPlan: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      publishPlan: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      listSecondments: ["200", "400", "401", "403", "429", "503"],
      registerSecondment: ["201", "400", "401", "403", "409", "413", "415", "422", "429", "503"],
      getSecondment: ["200", "400", "401", "403", "404", "429", "503"],
      confirmSecondment: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      declareSecondmentReturn: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      confirmSecondmentReturn: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      listPlaqueTypes: ["200", "400", "401", "403", "429", "503"],
      createPlaqueType: ["201", "400", "401", "403", "409", "413", "415", "422", "429", "503"],
      updatePlaqueType: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      listPlaques: ["200", "400", "401", "403", "429", "503"],
      registerPlaque: ["201", "400", "401", "403", "409", "413", "415", "422", "429", "503"],
      getPlaque: ["200", "400", "401", "403", "404", "429", "503"],
      removePlaque: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      fileComplaint: ["201", "400", "401", "409", "413", "415", "422", "429", "503"],
      listComplaints: ["200", "400", "401", "403", "429", "503"],
      readComplaintByReceipt: ["200", "400", "404", "429", "503"],
      writeByReceipt: ["200", "400", "404", "409", "413", "415", "422", "429", "503"],
      listForwardedComplaints: ["200", "400", "401", "403", "429", "503"],
      answerForwardedComplaint: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      getComplaint: ["200", "400", "401", "403", "404", "429", "503"],
      triageComplaint: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      writeToReporter: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      forwardComplaint: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      openViolationFromComplaint: [
        "201",
        "400",
        "401",
        "403",
        "404",
        "409",
        "413",
        "415",
        "422",
        "429",
        "503",
      ],
      requestDisclosure: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      showDisclosure: ["200", "400", "401", "403", "404", "409", "429", "503"],
      grantDisclosure: ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503"],
      getStats: ["200", "400", "401", "403", "404", "429", "503"],
    };

    it("lists, per operation, the statuses read off the code", () => {
      assert.deepEqual(Object.keys(expected).sort(), routes.map((route) => route.operationId).sort());
      for (const route of routes) {
        assert.deepEqual(
          Object.keys(operationOf(route).responses).sort(),
          expected[route.operationId],
          route.operationId,
        );
      }
    });

    it("follows the rules: 401/403 off public routes (401 where one takes a token), 404 with an id, 413/415 on bodies, 429/503 always", () => {
      for (const route of routes) {
        const statuses = Object.keys(operationOf(route).responses);
        const has = (status: string) => statuses.includes(status);
        const name = route.operationId;
        assert.equal(has("401"), route.access !== "public" || route.acceptsToken === true, `${name} 401`);
        assert.equal(has("403"), route.access !== "public", `${name} 403`);
        assert.equal(
          has("404"),
          route.path.includes("{") || route.lookupHeader !== undefined || route.lookupQuery !== undefined,
          `${name} 404`,
        );
        assert.equal(has("413"), parsesBody(route), `${name} 413`);
        assert.equal(has("415"), parsesBody(route), `${name} 415`);
        assert.equal(has("409"), isPost(route) || (route.conflicts ?? []).length > 0, `${name} 409`);
        assert.equal(has("422"), isPost(route) || (route.businessRules ?? []).length > 0, `${name} 422`);
        assert.ok(has("400") && has("429") && has("503"), `${name} 400, 429, 503`);
        assert.ok(has(String(route.successStatus)), `${name} success`);
      }
    });

    it("names each 409 and 422 code the route can give in that status's description", () => {
      for (const route of routes) {
        const conflicts = [...(route.conflicts ?? []), ...(isPost(route) ? ["IN_PROGRESS"] : [])];
        const rules = [...(route.businessRules ?? []), ...(isPost(route) ? ["IDEMPOTENCY_KEY_REUSED"] : [])];
        for (const [status, codes] of [
          ["409", conflicts],
          ["422", rules],
        ] as const) {
          if (codes.length === 0) continue;
          const description = responseOf(route, status).description;
          for (const code of codes) assert.match(description, new RegExp(`\\b${code}\\b`), route.operationId);
        }
      }
    });

    it("says what every 409, 422 and 429 code means", () => {
      for (const route of routes) {
        for (const status of ["409", "422", "429"]) {
          if (!(status in operationOf(route).responses)) continue;
          assert.doesNotMatch(
            responseOf(route, status).description ?? "",
            /see the message/,
            `${route.operationId} ${status}`,
          );
        }
      }
    });

    it("declares the codes the contexts' code throws, and only those", () => {
      const sourcesOf = (context: string) =>
        readdirSync(join("shared", context), { recursive: true, encoding: "utf8" })
          .filter((file) => file.endsWith(".ts") && !["routes.ts", "examples.ts"].includes(file))
          .map((file) => ({ file, text: readFileSync(join("shared", context, file), "utf8") }));
      /** A code is an error's later argument: `new ConflictError(message, "STATE_CHANGED")`. */
      const codesIn = (text: string) =>
        [...text.matchAll(/,\s*"([A-Z][A-Z_]+)"\s*[,)]/g)].map((match) => match[1] ?? "");
      const contexts = new Set(routes.map((route) => functionManifest[route.fn].context));
      const thrown = new Set<string>();
      for (const context of contexts) {
        const ofContext = routes.filter((route) => functionManifest[route.fn].context === context);
        const declared = new Set(
          ofContext.flatMap((route) => [
            ...(route.conflicts ?? []),
            ...(route.businessRules ?? []),
            ...(route.tooManyRequests ?? []),
          ]),
        );
        const sources = sourcesOf(context);
        const everywhere = new Set(sources.flatMap(({ text }) => codesIn(text)));
        for (const code of declared)
          assert.ok(everywhere.has(code), `${context} declares ${code}, which it never throws`);
        // A use case declares every code it throws; a repository may hold one no route reaches
        // (ALREADY_EXISTS on a freshly generated id).
        for (const { file, text } of sources.filter(
          ({ file }) => !["repository.ts", "schemas.ts"].includes(file),
        )) {
          for (const code of codesIn(text)) {
            thrown.add(code);
            assert.ok(declared.has(code), `${context}/${file} throws ${code}, undeclared`);
          }
        }
      }
      assert.ok(thrown.size >= 8, `the scan found the use cases' codes: ${[...thrown]}`);
    });

    it("answers 401 and 429 with API Gateway's body, 413 and 503 with either body, the rest with the application's", () => {
      for (const route of routes) {
        // A route whose own use case throttles (a daily cap) answers 429 in either body too; a
        // public route that checks an optional token answers its own 401.
        const gatewayOnly = new Set(
          [route.acceptsToken ? [] : ["401"], route.tooManyRequests ? [] : ["429"]].flat(),
        );
        const either = new Set(route.tooManyRequests ? ["413", "429", "503"] : ["413", "503"]);
        for (const [status, raw] of Object.entries(operationOf(route).responses)) {
          if (status.startsWith("2")) continue;
          const schema = resolve(raw).content?.["application/json"]?.schema;
          const refs = JSON.stringify(schema);
          const name = `${route.operationId} ${status}`;
          if (gatewayOnly.has(status))
            assert.deepEqual(schema, { $ref: "#/components/schemas/GatewayMessage" }, name);
          else if (either.has(status)) {
            assert.deepEqual(
              schema,
              {
                oneOf: [
                  { $ref: "#/components/schemas/Error" },
                  { $ref: "#/components/schemas/GatewayMessage" },
                ],
              },
              name,
            );
          } else assert.equal(refs, JSON.stringify({ $ref: "#/components/schemas/Error" }), name);
        }
      }
      const unauthorized = responseOf(byId("listUnits"), "401");
      assert.deepEqual(unauthorized.content?.["application/json"]?.example, { message: "Unauthorized" });
      assert.deepEqual(responseOf(byId("listUnits"), "429").content?.["application/json"]?.example, {
        message: "Too Many Requests",
      });
    });

    it("documents Location on 201/202, x-request-id wherever the application answers, Retry-After on 503", () => {
      for (const route of routes) {
        const success = headersOf(responseOf(route, String(route.successStatus)));
        assert.equal(
          Boolean(success.location?.required),
          route.successStatus !== 200,
          `${route.operationId} Location`,
        );
        assert.equal(
          Boolean(route.location),
          route.successStatus !== 200,
          `${route.operationId} location template`,
        );
        for (const status of Object.keys(operationOf(route).responses)) {
          const headers = headersOf(responseOf(route, status));
          const name = `${route.operationId} ${status}`;
          assert.ok(headers["apigw-requestid"], `${name} apigw-requestid`);
          const throttledByApp = status === "429" && route.tooManyRequests !== undefined;
          const refusedByApp = status === "401" && route.acceptsToken === true;
          if (["401", "429"].includes(status) && !throttledByApp && !refusedByApp)
            assert.equal(headers["x-request-id"], undefined, name);
          else if (["413", "503"].includes(status) || throttledByApp)
            assert.equal(headers["x-request-id"]?.required, false, name);
          else assert.equal(headers["x-request-id"]?.required, true, name);
        }
        const unavailable = headersOf(responseOf(route, "503"));
        assert.deepEqual(
          unavailable["retry-after"]?.schema,
          { type: "integer", minimum: 0 },
          route.operationId,
        );
      }
    });
  });

  describe("the handler really answers what the document lists", () => {
    /** A status the document lists for the operation, and the answer that shows it is reachable. */
    const reachable = (operationId: string, answer: { status: number; headers: Json }) => {
      const route = byId(operationId);
      assert.ok(
        operationOf(route).responses[String(answer.status)],
        `${operationId} documents ${answer.status}`,
      );
      if (answer.status >= 400) assert.ok(answer.headers["x-request-id"], `${operationId} x-request-id`);
    };

    /** The requests function with operations that must never run: every probe is refused first. */
    const requests = httpHandler(
      requestsRoutes,
      {
        submitRequest: () => Promise.reject(new Error("not reached")),
        listRequests: () => Promise.reject(new Error("not reached")),
        getRequest: () => Promise.reject(new Error("not reached")),
        decideRequest: () => Promise.reject(new Error("not reached")),
        withdrawRequest: () => Promise.reject(new Error("not reached")),
        cancelRequest: () => Promise.reject(new Error("not reached")),
        listVetoItems: () => Promise.reject(new Error("not reached")),
      },
      { idempotency: memoryIdempotencyStore() },
    );
    const clerk = claimsOf("clerk-edu", ["department"], "dept-education");

    it("400 even on a route without input: it refuses an unknown query parameter", async () => {
      const answer = await invoke(metaHandler, apiEvent("GET /v1/health", { query: { page: "2" } }));
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.body.error.details, [
        { path: "page", message: 'unknown field "page": remove it' },
      ]);
      reachable("getHealth", answer);
      const example = responseOf(byId("getHealth"), "400").content?.["application/json"]?.example;
      assert.deepEqual((example as { error: Json }).error.details, answer.body.error.details);
    });

    it("415 and 413 on a POST that takes no body", async () => {
      const event = (body: string, headers: Record<string, string>) =>
        apiEvent("POST /v1/requests/{id}/withdraw", {
          claims: clerk,
          path: { id: "01KAM9X3F7Q2ZB8N4C6D1E5G7H" },
          body,
          headers,
        });
      const unsupported = await invoke(requests, event("withdraw", { "content-type": "text/plain" }));
      assert.equal(unsupported.status, 415);
      assert.equal(unsupported.body.error.code, "UNSUPPORTED_MEDIA_TYPE");
      reachable("withdrawRequest", unsupported);
      const large = await invoke(requests, event(JSON.stringify({ pad: "x".repeat(70_000) }), jsonHeaders));
      assert.equal(large.status, 413);
      assert.equal(large.body.error.code, "PAYLOAD_TOO_LARGE");
      reachable("withdrawRequest", large);
    });

    it("404 for a malformed path id, before any read", async () => {
      const answer = await invoke(
        requests,
        apiEvent("GET /v1/requests/{id}", { claims: clerk, path: { id: "../etc" } }),
      );
      assert.equal(answer.status, 404);
      reachable("getRequest", answer);
    });

    it("400 for an Idempotency-Key the documented pattern refuses too", async () => {
      const pattern = new RegExp(IDEMPOTENCY_KEY_PATTERN);
      for (const key of ["has spaces", "x".repeat(256), "ключ"]) {
        assert.equal(pattern.test(key), false, key);
        const answer = await invoke(
          requests,
          apiEvent("POST /v1/requests/{id}/withdraw", {
            claims: clerk,
            path: { id: "R1" },
            headers: { "idempotency-key": key },
          }),
        );
        assert.equal(answer.status, 400, key);
        reachable("withdrawRequest", answer);
      }
      for (const key of ["7c9e6679-7425-40de-944b-e07fc1f90ae7", "a", "~!".repeat(127)])
        assert.ok(pattern.test(key), key);
    });
  });

  describe("bounds and formats", () => {
    it("documents `limit` as an integer from 1 to 100 with a default, on every listing", () => {
      const listings = routes.filter(
        (route) => route.query && "limit" in (route.query as unknown as { shape: Json }).shape,
      );
      assert.deepEqual(listings.map((route) => route.operationId).sort(), [
        "listComplaints",
        "listEvents",
        "listForwardedComplaints",
        "listPlaqueTypes",
        "listPlaques",
        "listRequests",
        "listSecondments",
        "listSweeps",
        "listUnits",
        "listVetoItems",
        "listViolationEvidence",
        "listViolations",
      ]);
      for (const route of listings) {
        const limit = operationOf(route).parameters.find((parameter) => parameter.name === "limit");
        assert.equal(limit?.in, "query");
        assert.equal(limit?.required, false);
        assert.equal(limit?.schema.type, "integer", route.operationId);
        assert.equal(limit?.schema.minimum, 1);
        assert.equal(limit?.schema.maximum, 100);
        assert.equal(typeof limit?.schema.default, "number");
        const parsed = route.query?.safeParse({});
        assert.equal((parsed?.data as { limit?: unknown } | undefined)?.limit, limit?.schema.default);
      }
    });

    it("writes no query parameter as a bare number, and every number with its bounds", () => {
      for (const route of routes) {
        for (const parameter of operationOf(route).parameters.map(resolve)) {
          if (parameter.schema.type === "number" || parameter.schema.type === "integer") {
            assert.equal(parameter.schema.type, "integer", `${route.operationId} ${parameter.name}`);
            assert.equal(typeof parameter.schema.minimum, "number");
            assert.equal(typeof parameter.schema.maximum, "number");
          }
        }
      }
    });

    it("gives every timestamp format date-time", () => {
      let timestamps = 0;
      walk(doc(), (node, path) => {
        const properties = node.properties as Record<string, Json> | undefined;
        if (!properties || typeof properties !== "object") return;
        for (const [name, schema] of Object.entries(properties)) {
          if (!/(At|Utc)$|^at$/.test(name)) continue;
          timestamps += 1;
          assert.equal(schema.format, "date-time", `${path}/properties/${name}`);
        }
      });
      assert.ok(timestamps >= 10, `found ${timestamps} timestamps`);
    });

    it("documents the Idempotency-Key header, with its pattern, on every POST and nowhere else", () => {
      for (const route of routes) {
        const keys = operationOf(route)
          .parameters.map(resolve)
          .filter((parameter) => parameter.in === "header" && parameter.name === "Idempotency-Key");
        assert.equal(keys.length, isPost(route) ? 1 : 0, route.operationId);
        if (keys[0]) {
          assert.equal(keys[0].required, false);
          assert.equal(keys[0].schema.pattern, "^[\\x21-\\x7e]{1,255}$");
        }
      }
    });

    it("requires a body only where the body schema refuses {}", () => {
      for (const route of routes) {
        const body = operationOf(route).requestBody;
        assert.equal(Boolean(body), Boolean(route.body), route.operationId);
        if (route.body) assert.equal(body?.required, !route.body.safeParse({}).success, route.operationId);
      }
      assert.equal(operationOf(byId("startSweep")).requestBody?.required, false);
      assert.equal(operationOf(byId("submitRequest")).requestBody?.required, true);
    });
  });

  describe("tags, contact, license and servers", () => {
    it("tags each operation with its context, and describes every tag", () => {
      const tags = doc().tags;
      for (const route of routes) {
        assert.deepEqual(operationOf(route).tags, [functionManifest[route.fn].context], route.operationId);
      }
      assert.deepEqual(
        tags.map((tag) => tag.name).sort(),
        [...new Set(routes.map((route) => functionManifest[route.fn].context))].sort(),
      );
      for (const tag of tags) assert.ok((tag.description ?? "").length > 10, tag.name);
    });

    it("has a contact and a license", () => {
      assert.ok(doc().info.contact?.name && doc().info.contact?.email);
      assert.ok(doc().info.license?.name && (doc().info.license?.identifier || doc().info.license?.url));
    });

    it("lists the servers of API_SERVERS, 127.0.0.1:3000 by default", () => {
      delete process.env.API_SERVERS;
      reloadConfig();
      assert.deepEqual(doc().servers, [{ url: "http://127.0.0.1:3000" }]);
      process.env.API_SERVERS = "https://api.burden-watch.gov.cn/, http://localhost:3000";
      reloadConfig();
      assert.deepEqual(doc().servers, [
        { url: "https://api.burden-watch.gov.cn" },
        { url: "http://localhost:3000" },
      ]);
      process.env.API_SERVERS = "api.burden-watch.gov.cn";
      assert.throws(() => reloadConfig(), /http\(s\) URLs/);
    });
  });

  describe("examples", () => {
    it("has one per request body and per success response, each parsed by the route's own schema", () => {
      for (const route of routes) {
        const examples = route.examples;
        assert.ok(examples, `${route.operationId} has examples`);
        const response = route.response.safeParse(examples.response);
        assert.ok(
          response.success,
          `${route.operationId} response example: ${JSON.stringify(response.error?.issues)}`,
        );
        assert.equal(
          examples.body !== undefined,
          route.body !== undefined,
          `${route.operationId} body example`,
        );
        if (route.body) {
          const body = route.body.safeParse(examples.body);
          assert.ok(body.success, `${route.operationId} body example: ${JSON.stringify(body.error?.issues)}`);
        }
      }
    });

    it("shows them in the document, at the body and the success response", () => {
      for (const route of routes) {
        const operation = operationOf(route);
        assert.deepEqual(
          operation.responses[String(route.successStatus)]?.content?.["application/json"]?.example,
          route.examples?.response,
          route.operationId,
        );
        assert.deepEqual(
          operation.requestBody?.content[route.bodyFormat === "csv" ? "text/csv" : "application/json"]
            ?.example,
          route.examples?.body,
          route.operationId,
        );
      }
    });

    it("writes the instants people type with the +08:00 offset", () => {
      const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
      let seen = 0;
      for (const route of routes) {
        walk(route.examples?.body, (node) => {
          for (const value of Object.values(node)) {
            if (typeof value !== "string" || !instant.test(value)) continue;
            seen += 1;
            assert.match(value, /\+08:00$/, route.operationId);
          }
        });
      }
      assert.ok(seen >= 2);
    });
  });

  describe("served to anyone", () => {
    it("is public, and the meta function serves it without a token", async () => {
      const route = byId("getOpenApi");
      assert.equal(route.access, "public");
      assert.deepEqual(operationOf(route).security, []);
      const answer = await invoke(metaHandler, apiEvent("GET /v1/openapi.json"));
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, JSON.parse(JSON.stringify(openApiDocument())));
    });
  });
});
