import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { afterEach, describe, it } from "vitest";
import { generatedDocumentPath, generatedDocumentText } from "../../scripts/openapi.ts";
import { openApiDocument } from "../../shared/meta/openapi.ts";
import { servedOpenApiDocument } from "../../shared/meta/served-openapi.ts";
import { reloadConfig } from "../../shared/platform/config.ts";

describe("the OpenAPI document the meta function serves", () => {
  afterEach(() => {
    delete process.env.API_SERVERS;
    reloadConfig();
  });

  it("is the generator's output: run `npm run openapi` after changing a route or a schema", () => {
    assert.equal(readFileSync(generatedDocumentPath, "utf8"), generatedDocumentText());
  });

  it("equals the generated document with this deployment's servers", () => {
    process.env.API_SERVERS = "https://api.burden-watch.gov.cn, http://127.0.0.1:3000/";
    reloadConfig();
    const served = servedOpenApiDocument();
    assert.deepEqual(served, openApiDocument());
    assert.deepEqual(served.servers, [
      { url: "https://api.burden-watch.gov.cn" },
      { url: "http://127.0.0.1:3000" },
    ]);
    assert.deepEqual(Object.keys(served).slice(0, 3), ["openapi", "info", "servers"]);
  });
});
