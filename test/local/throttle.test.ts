import assert from "node:assert/strict";
import type { Server } from "node:http";
import { afterAll, describe, it } from "vitest";
import { routeThrottle } from "../../scripts/local/gateway.ts";
import { loadSigningKey } from "../../scripts/local/jwt.ts";
import { close, createLocalServer, listen } from "../../scripts/local/server.ts";
import { metaRoutes } from "../../shared/meta/routes.ts";
import type { RouteDefinition } from "../../shared/routes.ts";

const [health] = metaRoutes.filter((route) => route.operationId === "getHealth");
assert.ok(health, "the health route exists");
const throttled: RouteDefinition = {
  ...health,
  operationId: "throttledHealth",
  path: "/v1/throttled",
  throttle: { rateLimit: 2, burstLimit: 3 },
};

describe("route throttling in the local gateway", () => {
  it("lets a burst through, refuses the next with the seconds until a token is back, and refills", () => {
    const admit = routeThrottle();
    const at = 1_000_000;
    assert.deepEqual(
      [0, 1, 2].map(() => admit(throttled, at)),
      [0, 0, 0],
    );
    assert.equal(admit(throttled, at), 1);
    // Half a second at 2 a second gives one token back.
    assert.equal(admit(throttled, at + 500), 0);
    assert.equal(admit(throttled, at + 500), 1);
    // Never more than the burst, however long the route stayed quiet.
    assert.deepEqual(
      [0, 1, 2, 3].map(() => admit(throttled, at + 60_000)),
      [0, 0, 0, 1],
    );
  });

  it("counts each route apart and never throttles a route that declares no limit", () => {
    const admit = routeThrottle();
    const other = { ...throttled, path: "/v1/other" };
    for (let i = 0; i < 3; i++) admit(throttled, 0);
    assert.equal(admit(throttled, 0), 1);
    assert.equal(admit(other, 0), 0);
    assert.deepEqual(
      Array.from({ length: 50 }, () => admit(health, 0)),
      Array.from({ length: 50 }, () => 0),
    );
  });

  it("rounds a long wait up to whole seconds", () => {
    const admit = routeThrottle();
    const slow = { ...throttled, throttle: { rateLimit: 0.25, burstLimit: 1 } };
    assert.equal(admit(slow, 0), 0);
    assert.equal(admit(slow, 0), 4);
  });

  describe("over HTTP", () => {
    const servers: Server[] = [];
    const start = async (throttleRoutes?: boolean) => {
      const server = createLocalServer({
        key: await loadSigningKey(),
        routes: [throttled],
        ...(throttleRoutes === undefined ? {} : { throttleRoutes }),
        loadHandler: async () => async () => ({ statusCode: 200, body: "{}" }),
      });
      servers.push(server);
      return `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}/v1/throttled`;
    };

    afterAll(async () => {
      await Promise.all(servers.map(close));
    });

    it("answers past the limit as API Gateway does, with Retry-After, without calling the function", async () => {
      const url = await start();
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(url)).status);
      const refused = await fetch(url);
      assert.deepEqual(statuses, [200, 200, 200]);
      assert.equal(refused.status, 429);
      assert.deepEqual(await refused.json(), { message: "Too Many Requests" });
      assert.match(refused.headers.get("retry-after") ?? "", /^[1-9]\d*$/);
    });

    it("lets every request through when the stack is started with throttling off", async () => {
      const url = await start(false);
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await fetch(url)).status);
      assert.deepEqual(
        statuses,
        Array.from({ length: 8 }, () => 200),
      );
    });
  });
});
