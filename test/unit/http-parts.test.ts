import assert from "node:assert/strict";
import { afterEach, describe, it, vi } from "vitest";
import { BusinessRuleError } from "../../shared/platform/errors.ts";
import { callerFrom } from "../../shared/platform/http/caller.ts";
import { errorResponse } from "../../shared/platform/http/responses.ts";
import { routeKey } from "../../shared/platform/http/route.ts";
import { logger } from "../../shared/platform/logger.ts";
import { routes } from "../../shared/routes.ts";
import { apiEvent } from "../fakes/http.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const callerOf = (claims: Record<string, unknown> | undefined) => {
  const event = apiEvent("GET /v1/units");
  if (claims) Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes: null } } });
  return callerFrom(event);
};

describe("the caller, from the verified claims", () => {
  it("reads groups as API Gateway passes them, as a real list, or as one plain group", () => {
    for (const groups of [
      "[approver supervisor]",
      ["approver", "supervisor"],
      "[approver  supervisor admin-x]",
    ]) {
      assert.deepEqual(callerOf({ sub: "u1", "cognito:groups": groups, "custom:unit": "office" }), {
        sub: "u1",
        roles: ["approver", "supervisor"],
        unitId: "office",
      });
    }
    assert.deepEqual(callerOf({ sub: "u1", "cognito:groups": "approver" })?.roles, ["approver"]);
    assert.deepEqual(callerOf({ sub: "u1", "cognito:groups": "[admin]" })?.roles, ["admin"]);
  });

  it("drops groups that are not roles, and reads no roles from a claim of another type", () => {
    assert.deepEqual(callerOf({ sub: "u1", "cognito:groups": "[admin janitors]" })?.roles, ["admin"]);
    assert.deepEqual(callerOf({ sub: "u1", "cognito:groups": 7 })?.roles, []);
    assert.deepEqual(callerOf({ sub: "u1", "cognito:groups": [7, "admin"] })?.roles, ["admin"]);
    assert.deepEqual(callerOf({ sub: "u1" })?.roles, []);
  });

  it("grants a role only to a group named exactly after it", () => {
    for (const groups of [
      "x admin",
      " admin",
      "admin ",
      "x,admin",
      "approver,supervisor",
      "[x,admin]",
      ["x admin"],
      ["admin "],
      '["x admin"]',
      '["admin"]',
      "[ADMIN]",
      "admin]",
      "[admin",
    ]) {
      assert.deepEqual(callerOf({ sub: "u1", "cognito:groups": groups })?.roles, [], JSON.stringify(groups));
    }
  });

  it("has no unit when the claim is missing or empty", () => {
    assert.equal(callerOf({ sub: "u1", "custom:unit": "" })?.unitId, undefined);
    assert.equal(callerOf({ sub: "u1" })?.unitId, undefined);
  });

  it("is nobody without an authorizer or a subject", () => {
    assert.equal(callerOf(undefined), undefined);
    assert.equal(callerOf({ "cognito:groups": "[admin]" }), undefined);
    assert.equal(callerOf({ sub: "" }), undefined);
  });
});

describe("errors as answers", () => {
  const bodyOf = (result: ReturnType<typeof errorResponse>) => JSON.parse(String(result.body));

  it("keeps a known error's status, code, message and details", () => {
    const result = errorResponse(
      new BusinessRuleError("No", "SOME_RULE", [{ path: "field", message: "field must be other" }]),
      "req-9",
    );
    assert.equal(result.statusCode, 422);
    assert.deepEqual(bodyOf(result), {
      error: {
        code: "SOME_RULE",
        message: "No",
        details: [{ path: "field", message: "field must be other" }],
        requestId: "req-9",
      },
    });
    assert.equal(result.headers?.["x-request-id"], "req-9");
    assert.equal(result.headers?.["cache-control"], "no-store");
  });

  it("answers a dependency that failed for now with 503 and Retry-After, and logs it as a warning", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    for (const error of [
      Object.assign(new Error("x"), { name: "ProvisionedThroughputExceededException" }),
      Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
    ]) {
      const result = errorResponse(error, "req-1");
      assert.equal(result.statusCode, 503);
      assert.equal(result.headers?.["retry-after"], "5");
      assert.equal(bodyOf(result).error.code, "DEPENDENCY_UNAVAILABLE");
      assert.doesNotMatch(String(result.body), /socket|ECONNRESET/);
    }
    assert.equal(warn.mock.calls.length, 2);
  });

  it("hides anything else behind a 500 that reveals nothing, and logs it", () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
    for (const thrown of [
      new TypeError("cannot read secret of undefined"),
      "a string",
      Object.assign(new Error("x"), { code: 42 }),
    ]) {
      const result = errorResponse(thrown, "req-2");
      assert.equal(result.statusCode, 500);
      assert.deepEqual(bodyOf(result).error, {
        code: "INTERNAL",
        message: "Internal error; it has been logged",
        details: [],
        requestId: "req-2",
      });
    }
    assert.deepEqual(
      logged.mock.calls.map(([, details]) => (details as { errorName: string }).errorName),
      ["TypeError", "string", "Error"],
    );
  });
});

describe("the route table", () => {
  it("has one route per method and path, each served by one function", () => {
    const keys = routes.map((route) => routeKey(route));
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(
      routeKey({ method: "POST", path: "/v1/requests/{id}/decision" }),
      "POST /v1/requests/{id}/decision",
    );
    assert.deepEqual(
      routes.filter((route) => route.fn === "requests").map((route) => route.operationId),
      [
        "submitRequest",
        "listRequests",
        "getRequest",
        "decideRequest",
        "withdrawRequest",
        "cancelRequest",
        "listVetoItems",
      ],
    );
  });

  it("says where every created or accepted resource is read", () => {
    for (const route of routes.filter((candidate) => candidate.successStatus !== 200)) {
      assert.match(route.location ?? "", /^\/v1\/.+\/\{id\}$/, route.operationId);
    }
  });
});
