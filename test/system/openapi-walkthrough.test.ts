import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Role } from "../../shared/platform/roles.ts";
import { previousWeek } from "../../shared/platform/time.ts";
import { routes } from "../../shared/routes.ts";
import { type Api, type Reply, startApi } from "./client.ts";
import { fillPath, PLAN_YEAR } from "./support/fuzz-inputs.ts";

type Header = { required?: boolean; $ref?: string };
type Response = { $ref?: string; headers?: Record<string, Header> };
type Operation = { operationId: string; responses: Record<string, Response> };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, Response>; headers: Record<string, Header> };
};

/**
 * The OpenAPI document, fetched without a token from the local stack, against the API it describes:
 * a client built from the documented examples gets the documented success, and every answer the
 * probes provoke is a status the operation documents, with the headers documented for it.
 */
describe("the OpenAPI document against the running API", () => {
  let api: Api;
  let document: Document;
  let served: Reply;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    tokens.admin = await api.token("admin", "city-office", "admin-1");
    tokens.clerk = await api.token("department", "dept-education", "clerk-edu");
    tokens.approver = await api.token("approver", "city-office", "approver-1");
    tokens.village = await api.token("grassroots", "village-1", "cadre-1");
    tokens.supervisor = await api.token("supervisor", "supervision-office", "supervisor-1");
    served = await api.call("GET", "/v1/openapi.json");
    document = served.body;
  });

  afterAll(() => api.stack.stop());

  const follow = <T>(value: T & { $ref?: string }): T => {
    if (!value.$ref) return value;
    const [, , kind, name] = value.$ref.split("/");
    const components = document.components as unknown as Record<
      string,
      Record<string, T & { $ref?: string }>
    >;
    const target = components[kind ?? ""]?.[name ?? ""];
    assert.ok(target, value.$ref);
    return follow(target);
  };

  const operationOf = (operationId: string): { method: string; path: string; operation: Operation } => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (operation.operationId === operationId) return { method: method.toUpperCase(), path, operation };
      }
    }
    throw new Error(`${operationId} is not documented`);
  };

  /** The answer's status is documented for the operation, and so is each of its headers' presence. */
  const conforms = (operationId: string, reply: Reply, what: string) => {
    const { operation } = operationOf(operationId);
    const documented = operation.responses[String(reply.status)];
    assert.ok(documented, `${operationId} (${what}) answered ${reply.status}, which it does not document`);
    const headers = Object.fromEntries(
      Object.entries(follow(documented).headers ?? {}).map(([name, header]) => [
        name.toLowerCase(),
        follow(header),
      ]),
    );
    for (const [name, header] of Object.entries(headers)) {
      if (header.required)
        assert.ok(reply.headers.get(name), `${operationId} ${reply.status} (${what}) ${name}`);
    }
    for (const name of ["x-request-id", "location", "retry-after"]) {
      if (reply.headers.get(name))
        assert.ok(headers[name], `${operationId} ${reply.status} sends undocumented ${name}`);
    }
  };

  const exampleOf = (operationId: string) => {
    const route = routes.find((candidate) => candidate.operationId === operationId);
    assert.ok(route?.examples, operationId);
    return route.examples as { body?: Record<string, unknown>; response: unknown };
  };

  /** An instant as a person in Asia/Shanghai types it. */
  const shanghai = (instant: number) =>
    `${new Date(instant + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;

  const call = async (
    operationId: string,
    options: {
      token?: string;
      id?: string;
      /** Other path parameters; {year} and {kind} default to PLAN_YEAR and meetings. */
      params?: Record<string, string>;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
      query?: string;
    },
  ) => {
    const { method, path } = operationOf(operationId);
    const url = `${fillPath(path, { ...options.params, ...(options.id ? { id: options.id } : {}) }, "none")}${options.query ?? ""}`;
    const reply = await api.call(method, url, options);
    conforms(operationId, reply, `${method} ${url}`);
    return reply;
  };

  it("is served without a token", async () => {
    assert.equal(served.status, 200);
    conforms("getOpenApi", served, "no token");
  });

  it("takes the documented examples and answers the documented success", async () => {
    const unit = await call("createUnit", {
      token: tokens.admin,
      body: { ...exampleOf("createUnit").body, id: "village-4", name: "Elm Village (榆树村)" },
    });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    assert.equal((await call("getUnit", { token: tokens.clerk, id: "village-4" })).status, 200);
    assert.equal((await call("listUnits", { token: tokens.clerk, query: "?limit=2" })).status, 200);
    const updated = await call("updateUnit", {
      token: tokens.admin,
      id: "dept-education",
      body: exampleOf("updateUnit").body,
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));

    const inTenDays = shanghai(Date.now() + 10 * 86_400_000);
    const submit = exampleOf("submitRequest").body;
    const submitted = await call("submitRequest", {
      token: tokens.clerk,
      body: { ...submit, startsAt: inTenDays },
      headers: { "idempotency-key": randomUUID() },
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    const id = submitted.body.id;
    assert.equal((await call("getRequest", { token: tokens.clerk, id })).status, 200);
    assert.equal((await call("listRequests", { token: tokens.approver })).status, 200);
    const decided = await call("decideRequest", {
      token: tokens.approver,
      id,
      body: exampleOf("decideRequest").body,
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    const again = await call("decideRequest", {
      token: tokens.approver,
      id,
      body: exampleOf("decideRequest").body,
    });
    assert.equal(again.status, 409);

    const second = await call("submitRequest", {
      token: tokens.clerk,
      body: { ...submit, startsAt: inTenDays },
    });
    const withdrawn = await call("withdrawRequest", { token: tokens.clerk, id: second.body.id });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));

    const reported = await call("reportEvent", {
      token: tokens.village,
      body: { ...exampleOf("reportEvent").body, heldAt: shanghai(Date.now() - 86_400_000), requestId: id },
    });
    assert.equal(reported.status, 201, JSON.stringify(reported.body));
    assert.equal((await call("getEvent", { token: tokens.village, id: reported.body.id })).status, 200);
    assert.equal((await call("listEvents", { token: tokens.village })).status, 200);

    const sweep = await call("startSweep", {
      token: tokens.supervisor,
      body: { ...exampleOf("startSweep").body, window: previousWeek(new Date(), "Asia/Shanghai").label },
    });
    assert.equal(sweep.status, 202, JSON.stringify(sweep.body));
    assert.equal((await call("getSweep", { token: tokens.supervisor, id: sweep.body.id })).status, 200);
    assert.equal((await call("listSweeps", { token: tokens.supervisor })).status, 200);
    assert.equal((await call("listViolations", { token: tokens.supervisor })).status, 200);

    const finding = await call("recordViolation", {
      token: tokens.supervisor,
      body: exampleOf("recordViolation").body,
    });
    assert.equal(finding.status, 201, JSON.stringify(finding.body));
    const violationId = finding.body.id;
    assert.equal(finding.headers.get("location"), `/v1/violations/${encodeURIComponent(violationId)}`);
    assert.equal((await call("getViolation", { token: tokens.clerk, id: violationId })).status, 200);
    for (const [operationId, token] of [
      ["respondToViolation", tokens.clerk],
      ["resolveViolation", tokens.supervisor],
      ["reopenViolation", tokens.supervisor],
    ] as const) {
      const moved = await call(operationId, { token, id: violationId, body: exampleOf(operationId).body });
      assert.equal(moved.status, 200, `${operationId}: ${JSON.stringify(moved.body)}`);
    }
    const reopenedAgain = await call("reopenViolation", {
      token: tokens.supervisor,
      id: violationId,
      body: exampleOf("reopenViolation").body,
    });
    assert.equal(reopenedAgain.status, 409);
    assert.equal(reopenedAgain.body.error.code, "INVALID_TRANSITION");
    const overdue = await call("listViolations", { token: tokens.clerk, query: "?overdue=true" });
    assert.equal(overdue.status, 200);
    assert.equal((await call("getHealth", {})).status, 200);
  });

  it("takes the documented plan and units examples, CSV files among them", async () => {
    const csv = { "content-type": "text/csv" };
    const units = await call("importUnits", {
      token: tokens.admin,
      raw: String(exampleOf("importUnits").body),
      headers: csv,
    });
    assert.equal(units.status, 200, JSON.stringify(units.body));
    const draft = await call("replacePlanDraft", {
      token: tokens.approver,
      body: exampleOf("replacePlanDraft").body,
    });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    const imported = await call("importPlan", {
      token: tokens.approver,
      raw: String(exampleOf("importPlan").body),
      headers: csv,
    });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.equal(imported.body.version, 2);
    assert.equal((await call("getPlan", { token: tokens.clerk })).status, 200);
    const spreadsheet = await call("getPlan", { token: tokens.clerk, headers: { accept: "text/csv" } });
    assert.equal(spreadsheet.status, 200);
    assert.match(spreadsheet.headers.get("content-type") ?? "", /^text\/csv/);
    const published = await call("publishPlan", { token: tokens.approver });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const frozen = await call("replacePlanDraft", {
      token: tokens.approver,
      body: exampleOf("replacePlanDraft").body,
    });
    assert.equal(frozen.status, 409);
    assert.equal(frozen.body.error.code, "PLAN_PUBLISHED");
    const missing = await call("getPlan", {
      token: tokens.clerk,
      params: { year: String(Number(PLAN_YEAR) + 1) },
    });
    assert.equal(missing.status, 404);
  });

  it("answers every probe with a status and headers the operation documents", async () => {
    const tokenOf: Record<Role, string | undefined> = {
      admin: tokens.admin,
      department: tokens.clerk,
      approver: tokens.approver,
      grassroots: tokens.village,
      supervisor: tokens.supervisor,
    };
    for (const route of routes) {
      const name = route.operationId;
      const id = route.path.includes("{id}") ? "01KAM9X3F7Q2ZB8N4C6D1E5G7H" : undefined;
      const token = route.access === "public" ? undefined : tokenOf[route.access[0] ?? "admin"];
      const base = { id, token };
      // Every route refuses an unknown query parameter, even one that takes no input at all.
      assert.equal((await call(name, { ...base, query: "?page=2" })).status, 400, name);
      if (route.access !== "public") {
        const anonymous = await call(name, { id });
        assert.equal(anonymous.status, 401, name);
        assert.deepEqual(anonymous.body, { message: "Unauthorized" });
        assert.equal(anonymous.headers.get("x-request-id"), null, "API Gateway's own answer");
        assert.ok(anonymous.headers.get("apigw-requestid"));
      }
      // A malformed id, year or kind names nothing: 404.
      for (const [param, value] of [
        ["id", "bad.id"],
        ["year", "bad.year"],
        ["kind", "bad.kind"],
      ] as const) {
        if (!route.path.includes(`{${param}}`)) continue;
        const reply = await call(name, {
          token,
          params: { [param]: value },
          ...(param === "id" ? { id: value } : {}),
        });
        assert.equal(reply.status, 404, `${name} with ${param} ${value}`);
      }
      if (route.method === "POST" || route.method === "PUT") {
        const text = await call(name, { ...base, raw: "hello", headers: { "content-type": "text/plain" } });
        assert.equal(text.status, 415, name);
        const large = await call(name, {
          ...base,
          raw: JSON.stringify({ pad: "x".repeat(70_000) }),
          headers: { "content-type": "application/json" },
        });
        assert.equal(large.status, 413, name);
        assert.equal(large.body.error.code, "PAYLOAD_TOO_LARGE");
      }
    }
  });
});
