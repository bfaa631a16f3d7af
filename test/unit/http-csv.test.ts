import assert from "node:assert/strict";
import { describe, it } from "vitest";
import * as z from "zod/mini";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import type { RouteDefinition } from "../../shared/platform/http/route.ts";
import { apiEvent, claimsOf, invoke, lambdaContext } from "../fakes/http.ts";
import { memoryIdempotencyStore } from "../fakes/idempotency.ts";

const routes = [
  {
    operationId: "importLines",
    method: "POST",
    path: "/v1/lines/import",
    fn: "units",
    summary: "Counts a file's lines",
    access: ["admin"],
    bodyFormat: "csv",
    body: z.string().check(z.minLength(1)),
    response: z.object({ text: z.string() }),
    successStatus: 200,
  },
  {
    operationId: "listLines",
    method: "GET",
    path: "/v1/lines",
    fn: "units",
    summary: "Lists lines",
    access: ["admin"],
    response: z.object({ lines: z.array(z.string()) }),
    csv: (result: { lines: string[] }) => `line\r\n${result.lines.join("\r\n")}\r\n`,
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];

const handler = httpHandler(
  routes,
  {
    importLines: async ({ body }) => ({ text: body }),
    listLines: async () => ({ lines: ["柳树村", "桃花村"] }),
  },
  { idempotency: memoryIdempotencyStore() },
);
const admin = claimsOf("u-admin", ["admin"], "city-office");
const post = (body: string, contentType?: string) =>
  invoke(
    handler,
    apiEvent("POST /v1/lines/import", {
      claims: admin,
      body,
      headers: contentType === undefined ? {} : { "content-type": contentType },
    }),
  );

describe("CSV bodies and answers", () => {
  it("hands a text/csv body over as text, without the byte-order mark a spreadsheet puts first", async () => {
    const answer = await post("\uFEFFid,name\r\nv1,柳树村\r\n", "text/csv; charset=utf-8");
    assert.equal(answer.status, 200);
    assert.equal(answer.body.text, "id,name\r\nv1,柳树村\r\n");
    const inside = await post("id,name\r\nv1,\uFEFF柳树村\r\n", "text/csv");
    assert.equal(inside.body.text, "id,name\r\nv1,\uFEFF柳树村\r\n", "only a leading mark is removed");
  });

  it("refuses JSON, another charset or no content type with 415", async () => {
    for (const contentType of ["application/json", "text/csv; charset=latin1", undefined]) {
      const answer = await post("id,name\r\n", contentType);
      assert.equal(answer.status, 415, String(contentType));
      assert.equal(answer.body.error.code, "UNSUPPORTED_MEDIA_TYPE");
    }
  });

  it("answers CSV with a byte-order mark when asked with Accept: text/csv, and JSON otherwise", async () => {
    const asked = await handler(
      apiEvent("GET /v1/lines", { claims: admin, headers: { accept: "text/csv, application/json;q=0.5" } }),
      lambdaContext,
    );
    assert.ok(typeof asked === "object");
    assert.equal(asked.headers?.["content-type"], "text/csv; charset=utf-8");
    assert.equal(asked.body, "\uFEFFline\r\n柳树村\r\n桃花村\r\n");
    const json = await invoke(handler, apiEvent("GET /v1/lines", { claims: admin }));
    assert.deepEqual(json.body, { lines: ["柳树村", "桃花村"] });
  });
});
