import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, it } from "vitest";
import { openApiDocument } from "../../shared/platform/openapi.ts";
import { routes } from "../../shared/routes.ts";

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 by an independent validator", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument()));
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
    assert.equal(validator.version, "3.1");
  });

  it("has exactly the route table's operations, with their security", () => {
    const document = openApiDocument() as {
      paths: Record<string, Record<string, { operationId: string; security: unknown[] }>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(
        ([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`,
      ),
    );
    assert.deepEqual(
      documented.sort(),
      routes.map((route) => `${route.method} ${route.path} ${route.operationId}`).sort(),
    );
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      assert.equal(operation?.security.length, route.access === "public" ? 0 : 1, route.operationId);
    }
  });

  it("documents request bodies from the validating schemas", () => {
    const document = openApiDocument() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    const schema = JSON.stringify(
      document.paths["/v1/requests"]?.post?.requestBody?.content["application/json"]?.schema,
    );
    for (const field of ["startsAt", "attendeesPerUnit", "attendeeUnitKinds", "relayed"]) {
      assert.match(schema, new RegExp(field));
    }
  });
});
