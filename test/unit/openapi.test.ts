import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterEach, describe, it } from "vitest";
import { openApiDocument } from "../../shared/meta/openapi.ts";
import { reloadConfig } from "../../shared/platform/config.ts";
import { routes } from "../../shared/routes.ts";

type Operation = {
  operationId: string;
  security: unknown[];
  parameters: ({ name?: string; in?: string; schema?: Record<string, unknown> } & { $ref?: string })[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } & Record<string, unknown> }> };
  responses: Record<string, { headers?: Record<string, unknown> } & { $ref?: string }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
};

const document = () => openApiDocument() as unknown as Document;
const operationOf = (route: (typeof routes)[number]) => {
  const operation = document().paths[route.path]?.[route.method.toLowerCase()];
  assert.ok(operation, route.operationId);
  return operation;
};

/** A schema as the document shows it, following a reference into the components. */
const resolve = (schema: ({ $ref?: string } & Record<string, unknown>) | undefined) => {
  const name = schema?.$ref?.replace("#/components/schemas/", "");
  return name === undefined ? schema : document().components.schemas[name];
};

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 by an independent validator", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument()));
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
    assert.equal(validator.version, "3.1");
  });

  it("has exactly the route table's operations, with their security", () => {
    const documented = Object.entries(document().paths).flatMap(([path, item]) =>
      Object.entries(item).map(
        ([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`,
      ),
    );
    assert.deepEqual(
      documented.sort(),
      routes.map((route) => `${route.method} ${route.path} ${route.operationId}`).sort(),
    );
    for (const route of routes) {
      const operation = operationOf(route);
      // An optional token is the empty requirement beside the bearer one.
      const security =
        route.access !== "public" ? [{ bearerAuth: [] }] : route.acceptsToken ? [{}, { bearerAuth: [] }] : [];
      assert.deepEqual(operation.security, security, route.operationId);
      assert.equal(
        "401" in operation.responses,
        route.access !== "public" || route.acceptsToken === true,
        route.operationId,
      );
    }
  });

  it("documents request bodies from the validating schemas", () => {
    const submit = routes.find((route) => route.operationId === "submitRequest");
    assert.ok(submit);
    const union = resolve(operationOf(submit).requestBody?.content["application/json"]?.schema);
    const members = ((union as { oneOf?: unknown[] } | undefined)?.oneOf ?? []) as ({
      $ref?: string;
    } & Record<string, unknown>)[];
    const meeting = members
      .map(resolve)
      .find((member) => JSON.stringify(member?.properties).includes('"const":"meeting"'));
    const properties = Object.keys((meeting?.properties ?? {}) as object);
    for (const field of ["kind", "startsAt", "attendeesPerUnit", "attendeeUnitKinds", "relayed"]) {
      assert.ok(properties.includes(field), field);
    }
    assert.ok(!properties.includes("body"), "a request's fields are its own, not under body");
  });

  it("documents a page size as the whole number the route accepts, not the text it arrives as", () => {
    const list = routes.find((route) => route.operationId === "listRequests");
    assert.ok(list);
    const limit = operationOf(list).parameters.find((parameter) => parameter.name === "limit");
    assert.deepEqual(limit?.schema, { default: 25, type: "integer", minimum: 1, maximum: 100 });
  });

  it("offers an Idempotency-Key on every POST and a Location on every 201 and 202", () => {
    for (const route of routes) {
      const operation = operationOf(route);
      const keyed = operation.parameters.some((parameter) => parameter.$ref?.endsWith("/IdempotencyKey"));
      assert.equal(keyed, route.method === "POST", route.operationId);
      const success = operation.responses[String(route.successStatus)];
      assert.equal("Location" in (success?.headers ?? {}), route.successStatus !== 200, route.operationId);
      assert.ok("x-request-id" in (success?.headers ?? {}), route.operationId);
    }
  });
});

describe("the servers a client is generated against", () => {
  const saved = process.env.API_SERVERS;
  afterEach(() => {
    if (saved === undefined) delete process.env.API_SERVERS;
    else process.env.API_SERVERS = saved;
    reloadConfig();
  });

  it("are the configured ones, first preferred, without trailing slashes", () => {
    process.env.API_SERVERS = "https://api.city.gov/, http://localhost:3000";
    reloadConfig();
    assert.deepEqual((openApiDocument() as { servers: unknown }).servers, [
      { url: "https://api.city.gov" },
      { url: "http://localhost:3000" },
    ]);
    delete process.env.API_SERVERS;
    reloadConfig();
    assert.deepEqual((openApiDocument() as { servers: unknown }).servers, [{ url: "http://127.0.0.1:3000" }]);
  });
});

describe("route examples", () => {
  it("are accepted by the very schemas they illustrate", () => {
    for (const route of routes) {
      if (!route.examples) continue;
      const { body, response } = route.examples;
      if (body !== undefined) {
        assert.ok(route.body, `${route.operationId} shows a body but takes none`);
        const parsed = route.body.safeParse(body);
        assert.ok(
          parsed.success,
          `${route.operationId} body example: ${JSON.stringify(parsed.error?.issues)}`,
        );
      }
      const parsed = route.response.safeParse(response);
      assert.ok(
        parsed.success,
        `${route.operationId} response example: ${JSON.stringify(parsed.error?.issues)}`,
      );
    }
  });

  it("show a body for every route that takes one", () => {
    for (const route of routes.filter((candidate) => candidate.body)) {
      assert.notEqual(route.examples?.body, undefined, route.operationId);
    }
  });
});
