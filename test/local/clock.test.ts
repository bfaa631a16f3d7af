/**
 * `/dev/clock` on the local stack with the real handlers: moving it moves the timestamps every use
 * case writes and the clock health names, deleting it returns to real time, tokens keep expiring
 * on real time, and `npm run sweep`, in its own process, sweeps by the same moved clock.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { DEV_CLOCK_PATH } from "../../scripts/local/dev-clock.ts";
import { findFreePort } from "../../scripts/local/ports.ts";
import { issuerOf } from "../../scripts/local/server.ts";
import { type LocalStack, startLocalStack, throwawayStack } from "../../scripts/local/stack.ts";
import { routes } from "../../shared/routes.ts";

const run = promisify(execFile);

const MONDAY = "2026-11-02T08:00:00+08:00";
const MONDAY_MS = Date.parse(MONDAY);
/** Generous for a loaded machine, still far below the distance the tests move the clock. */
const SLACK_MS = 30_000;
const DAY_MS = 86_400_000;

type ClockAnswer = { now: string; source: "system" | "set" };
type ErrorBody = {
  error: { code: string; message: string; details: { path: string; message: string }[]; requestId: string };
};

const near = (instant: string, expectedMs: number, what: string) => {
  const distance = Date.parse(instant) - expectedMs;
  assert.ok(
    distance >= 0 && distance < SLACK_MS,
    `${what}: ${instant} is not just after ${new Date(expectedMs).toISOString()}`,
  );
};

describe("the local clock (/dev/clock)", () => {
  let stack: LocalStack;
  let admin: string;
  const savedValidate = process.env.VALIDATE_RESPONSES;
  let unitCount = 0;

  const clockRequest = (method: string, body?: string, contentType = "application/json") =>
    fetch(`${stack.apiUrl}${DEV_CLOCK_PATH}`, {
      method,
      ...(body === undefined ? {} : { body, headers: { "content-type": contentType } }),
    });

  const setClock = async (now: string): Promise<ClockAnswer> => {
    const response = await clockRequest("POST", JSON.stringify({ now }));
    assert.equal(response.status, 200);
    return (await response.json()) as ClockAnswer;
  };

  const healthClock = async (): Promise<ClockAnswer> => {
    const response = await fetch(`${stack.apiUrl}/v1/health`);
    assert.equal(response.status, 200);
    return ((await response.json()) as { clock: ClockAnswer }).clock;
  };

  const createUnit = async (): Promise<{ createdAt: string }> => {
    unitCount += 1;
    const response = await fetch(`${stack.apiUrl}/v1/units`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({
        id: `clock-unit-${unitCount}`,
        name: `Clock Unit ${unitCount}`,
        kind: "department",
      }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as { createdAt: string };
  };

  beforeAll(async () => {
    // Every answer below is checked against its route's schema, health's new clock field included.
    process.env.VALIDATE_RESPONSES = "true";
    stack = await startLocalStack(throwawayStack);
    const token = stack.tokens?.find((candidate) => candidate.role === "admin");
    assert.ok(token);
    admin = token.token;
  });

  afterEach(async () => {
    await clockRequest("DELETE");
  });

  afterAll(async () => {
    await stack?.stop();
    if (savedValidate === undefined) delete process.env.VALIDATE_RESPONSES;
    else process.env.VALIDATE_RESPONSES = savedValidate;
  });

  it("is real time until set, and says so on GET /dev/clock and GET /v1/health", async () => {
    const before = Date.now();
    const response = await clockRequest("GET");
    assert.equal(response.status, 200);
    const clock = (await response.json()) as ClockAnswer;
    assert.equal(clock.source, "system");
    near(clock.now, before, "GET /dev/clock");
    const health = await healthClock();
    assert.equal(health.source, "system");
    near(health.now, before, "health");
  });

  it("POST sets the clock the use cases read, which runs on from the instant set", async () => {
    const answer = await setClock(MONDAY);
    assert.equal(answer.source, "set");
    near(answer.now, MONDAY_MS, "POST answer");
    const first = await createUnit();
    const second = await createUnit();
    near(first.createdAt, MONDAY_MS, "first unit");
    assert.ok(second.createdAt > first.createdAt, `${second.createdAt} after ${first.createdAt}`);
    const health = await healthClock();
    assert.equal(health.source, "set");
    assert.ok(health.now >= second.createdAt, `${health.now} runs on past ${second.createdAt}`);
    const read = (await (await clockRequest("GET")).json()) as ClockAnswer;
    assert.equal(read.source, "set");
    near(read.now, MONDAY_MS, "GET /dev/clock");
  });

  it("POST again moves it again, back as well as ahead", async () => {
    await setClock("2026-11-09T08:00:00+08:00");
    near((await createUnit()).createdAt, Date.parse("2026-11-09T00:00:00Z"), "a week ahead");
    await setClock("2026-10-26T08:00:00+08:00");
    near((await createUnit()).createdAt, Date.parse("2026-10-26T00:00:00Z"), "two weeks back");
  });

  it("DELETE returns to real time", async () => {
    await setClock(MONDAY);
    const before = Date.now();
    const response = await clockRequest("DELETE");
    assert.equal(response.status, 200);
    const answer = (await response.json()) as ClockAnswer;
    assert.equal(answer.source, "system");
    near(answer.now, before, "DELETE answer");
    near((await createUnit()).createdAt, before, "unit after DELETE");
    assert.equal((await healthClock()).source, "system");
  });

  it("refuses a body that is not an instant with an offset: 400 in the API's error format, clock untouched", async () => {
    await setClock(MONDAY);
    const cases: [string, string][] = [
      [JSON.stringify({ now: "2026-11-02T08:00:00" }), "now"],
      [JSON.stringify({ now: "2026-11-02" }), "now"],
      [JSON.stringify({ now: "next Monday" }), "now"],
      [JSON.stringify({ now: "2026-02-30T08:00:00+08:00" }), "now"],
      [JSON.stringify({ now: "1999-12-31T08:00:00Z" }), "now"],
      [JSON.stringify({ now: MONDAY_MS }), "now"],
      [JSON.stringify({}), "now"],
      [JSON.stringify({ now: MONDAY, speed: 60 }), ""],
      [JSON.stringify([MONDAY]), ""],
      ["{not json", ""],
      ["", ""],
    ];
    for (const [body, path] of cases) {
      const response = await clockRequest("POST", body);
      assert.equal(response.status, 400, body);
      const { error } = (await response.json()) as ErrorBody;
      assert.deepEqual(Object.keys(error).sort(), ["code", "details", "message", "requestId"], body);
      assert.equal(error.code, "VALIDATION_FAILED", body);
      assert.equal(error.requestId, response.headers.get("apigw-requestid"), body);
      assert.ok(
        error.details.some((detail) => detail.path === path && detail.message.length > 0),
        `${body}: ${JSON.stringify(error.details)}`,
      );
    }
    const unsupported = await clockRequest("POST", `now=${MONDAY}`, "application/x-www-form-urlencoded");
    assert.equal(unsupported.status, 415);
    assert.equal(((await unsupported.json()) as ErrorBody).error.code, "UNSUPPORTED_MEDIA_TYPE");
    const still = await healthClock();
    assert.equal(still.source, "set");
    near(still.now, MONDAY_MS, "after the refusals");
  });

  it("takes any offset, and Z, as the same instant", async () => {
    near((await setClock("2026-11-02T00:00:00Z")).now, MONDAY_MS, "Z");
    near((await setClock("2026-11-01T19:00:00-05:00")).now, MONDAY_MS, "-05:00");
  });

  it("leaves token expiry on real time: a week ahead keeps a fresh token, a week back revives no expired one", async () => {
    const issued = await fetch(`${stack.apiUrl}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "admin", unit: "city-office" }),
    });
    const { token } = (await issued.json()) as { token: string };
    const expired = await issuerOf(stack.server).signToken({
      role: "admin",
      unit: "city-office",
      expiresInSeconds: -3600,
    });
    const units = (bearer: string) =>
      fetch(`${stack.apiUrl}/v1/units`, { headers: { authorization: `Bearer ${bearer}` } });

    await setClock(new Date(Date.now() + 7 * DAY_MS).toISOString());
    assert.equal((await units(token)).status, 200);
    const signedAhead = await fetch(`${stack.apiUrl}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "admin", unit: "city-office" }),
    });
    const { expiresAt } = (await signedAhead.json()) as { expiresAt: string };
    assert.ok(Date.parse(expiresAt) < Date.now() + DAY_MS, `expiresAt ${expiresAt} counts from real time`);

    await setClock(new Date(Date.now() - 7 * DAY_MS).toISOString());
    assert.equal((await units(expired.token)).status, 401);
  });

  it("takes GET, POST and DELETE only: another method is API Gateway's 404, as for /dev/token", async () => {
    for (const method of ["PUT", "PATCH"]) {
      const response = await clockRequest(method, JSON.stringify({ now: MONDAY }));
      assert.equal(response.status, 404, method);
      assert.deepEqual(await response.json(), { message: "Not Found" });
    }
    assert.equal((await healthClock()).source, "system");
  });

  it("answers a browser's preflight for DELETE", async () => {
    const response = await fetch(`${stack.apiUrl}${DEV_CLOCK_PATH}`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "DELETE" },
    });
    assert.equal(response.status, 204);
    assert.match(response.headers.get("access-control-allow-methods") ?? "", /DELETE/);
  });

  it("is local only: the shared route table, hence API Gateway, never has it", () => {
    assert.deepEqual(
      routes.filter((route) => route.path.startsWith(DEV_CLOCK_PATH)),
      [],
    );
  });

  describe("npm run sweep, in its own process", () => {
    const sweep = (env: Record<string, string>) =>
      run(process.execPath, ["scripts/sweep.ts", "--dry-run"], {
        env: { ...process.env, ...env, TABLE_NAME: stack.tableName, POWERTOOLS_LOG_LEVEL: "ERROR" },
      });
    const stackPorts = () => ({
      PORT: new URL(stack.apiUrl).port,
      DYNAMODB_PORT: new URL(stack.dynamodbEndpoint).port,
      SES_PORT: new URL(stack.sesUrl).port,
    });

    it("sweeps the week before the server's moved clock, stamped with it", async () => {
      await setClock("2026-11-09T08:00:00+08:00");
      const { stdout, stderr } = await sweep(stackPorts());
      const record = JSON.parse(stdout) as { window: string; createdAt: string; dryRun: boolean };
      assert.equal(record.window, "2026-W45");
      assert.equal(record.dryRun, true);
      near(record.createdAt, Date.parse("2026-11-09T00:00:00Z"), "sweep createdAt");
      assert.match(stderr, /clock is set/);
    });

    it("sweeps the week before real time while the clock is not set", async () => {
      const before = Date.now();
      const { stdout } = await sweep(stackPorts());
      const record = JSON.parse(stdout) as { windowEndUtc: string; createdAt: string };
      near(record.createdAt, before, "sweep createdAt");
      assert.ok(Date.parse(record.windowEndUtc) <= Date.now());
      assert.ok(Date.parse(record.windowEndUtc) > Date.now() - 8 * DAY_MS);
    });

    it("refuses to guess the clock when the API is not running", async () => {
      const error = await sweep({ ...stackPorts(), PORT: String(await findFreePort()) }).then(
        () => assert.fail("the sweep ran without the API"),
        (failure: { code: number; stderr: string }) => failure,
      );
      assert.equal(error.code, 2);
      assert.match(error.stderr, /No local API at .*Start the local stack first: npm start/);
    });
  });
});
