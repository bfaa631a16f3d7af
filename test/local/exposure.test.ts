/**
 * What the local runtime exposes beyond its own user: the API listens on loopback unless HOST says
 * otherwise (and then says so), and the database folder is readable by its owner only.
 */
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { ensurePrivateFolder, startDynamoDb } from "../../scripts/local/dynamodb.ts";
import { findFreePort } from "../../scripts/local/ports.ts";
import {
  apiHost,
  type LocalStack,
  type RunningEmulators,
  startEmulators,
  startLocalStack,
} from "../../scripts/local/stack.ts";

const modeOf = async (folder: string): Promise<number> => (await stat(folder)).mode & 0o777;

describe("the API's interface", () => {
  let emulators: Awaited<ReturnType<typeof startEmulators>>;
  let running: RunningEmulators;
  const savedHost = process.env.HOST;
  const stacks: LocalStack[] = [];

  beforeAll(async () => {
    emulators = await startEmulators(await findFreePort(), await findFreePort(), true);
    running = { dynamodbEndpoint: emulators.dynamodb.endpoint, sesUrl: emulators.ses.url };
  });

  afterEach(async () => {
    if (savedHost === undefined) delete process.env.HOST;
    else process.env.HOST = savedHost;
    await Promise.all(stacks.splice(0).map((stack) => stack.stop()));
  });

  afterAll(async () => {
    await Promise.all([emulators?.dynamodb.stop(), emulators?.ses.stop()]);
  });

  const start = async (): Promise<{ stack: LocalStack; lines: string[] }> => {
    const lines: string[] = [];
    const stack = await startLocalStack({
      port: 0,
      emulators: running,
      schedule: false,
      tableName: "exposure",
      log: (line) => lines.push(line),
    });
    stacks.push(stack);
    return { stack, lines };
  };

  it("is 127.0.0.1 when HOST is unset or blank, and nothing is said about it", async () => {
    for (const host of [undefined, "", "  "]) {
      if (host === undefined) delete process.env.HOST;
      else process.env.HOST = host;
      const { stack, lines } = await start();
      assert.equal((stack.server.address() as AddressInfo).address, "127.0.0.1", JSON.stringify(host));
      assert.deepEqual(lines, [], JSON.stringify(host));
      await stack.stop();
    }
  });

  it("is HOST when set, with one line at start-up saying other machines can reach it", async () => {
    process.env.HOST = "0.0.0.0";
    const { stack, lines } = await start();
    const { address, port } = stack.server.address() as AddressInfo;
    assert.equal(address, "0.0.0.0");
    assert.deepEqual(lines, [
      `listening on 0.0.0.0:${port}, reachable from other machines (HOST is set): ` +
        "they can get a token for any role from /dev/token and move the clock with /dev/clock",
    ]);
    // The sweeps API still reaches the runner through the Invoke endpoint on the same server.
    assert.equal(process.env.LAMBDA_ENDPOINT, `http://127.0.0.1:${port}`);
  });

  it("an explicit host wins over HOST; a loopback HOST is not announced", async () => {
    assert.equal(apiHost("::1", { HOST: "0.0.0.0" }), "::1");
    assert.equal(apiHost(undefined, { HOST: " 10.0.0.7 " }), "10.0.0.7");
    process.env.HOST = "127.0.0.1";
    const { lines } = await start();
    assert.deepEqual(lines, []);
  });
});

describe("the DynamoDB Local data folder", () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "burden-watch-data-"));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("is created readable by its owner only, parents included", async () => {
    const folder = path.join(root, "new", "dynamodb-v2");
    await ensurePrivateFolder(folder);
    assert.equal(await modeOf(folder), 0o700);
    assert.equal(await modeOf(path.dirname(folder)), 0o700);
  });

  it("is tightened to 0700 when DynamoDB Local starts on a wider existing folder", async () => {
    const folder = path.join(root, "existing");
    await mkdir(folder);
    await chmod(folder, 0o755);
    const dynamodb = await startDynamoDb({ port: await findFreePort(), path: folder });
    try {
      assert.equal(await modeOf(folder), 0o700);
    } finally {
      await dynamodb.stop();
    }
  });
});
