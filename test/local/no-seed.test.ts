import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterEach, describe, it } from "vitest";
import { localDynamoClient } from "../../scripts/local/dynamodb.ts";

const root = join(import.meta.dirname, "..", "..");

type Started = {
  child: ChildProcess;
  banner: string;
  apiUrl: string;
  dynamodbEndpoint: string;
  tableName: string;
};

/** What the tests started, stopped after each one whatever happened. */
const running: ChildProcess[] = [];

/** `npm start -- <flags>` on free ports, until its banner is printed. */
const start = async (flags: string[]): Promise<Started> => {
  const child = spawn(process.execPath, [join(root, "scripts", "local", "start.ts"), ...flags], {
    cwd: root,
    env: { ...process.env, PORT: "0", DYNAMODB_PORT: "0", SES_PORT: "0", HOST: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const deadline = Date.now() + 60_000;
  while (!output.includes("Press Ctrl-C to stop.")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`npm start ${flags.join(" ")} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const api = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
  const dynamodb = /DynamoDB Local\s+(http:\/\/\S+)\s+\(table (\S+)\)/.exec(output);
  assert.ok(api && dynamodb?.[1] && dynamodb[2], output);
  return { child, banner: output, apiUrl: api, dynamodbEndpoint: dynamodb[1], tableName: dynamodb[2] };
};

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
};

const itemsIn = async ({ dynamodbEndpoint, tableName }: Started): Promise<number> => {
  const client = localDynamoClient(dynamodbEndpoint);
  try {
    const scan = await client.send(new ScanCommand({ TableName: tableName, Select: "COUNT" }));
    return scan.Count ?? 0;
  } finally {
    client.destroy();
  }
};

/** The units the banner's admin token lists, through the API. */
const unitsListed = async (started: Started): Promise<string[]> => {
  const token = /admin\s+\S+: curl -H "Authorization: Bearer (\S+)"/.exec(started.banner)?.[1];
  assert.ok(token, started.banner);
  const response = await fetch(`${started.apiUrl}/v1/units?limit=100`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { items: { id: string }[] }).items.map((unit) => unit.id);
};

const rolesIn = (banner: string): string[] =>
  [...banner.matchAll(/^ {2}(\w+)\s+\S+: curl -H "Authorization: Bearer /gm)]
    .map((match) => match[1] ?? "")
    .sort();

describe("npm start -- --no-seed", () => {
  afterEach(async () => {
    await Promise.all(running.splice(0).map(stop));
  });

  it("starts with an empty table, says so, and still prints a working token per role", async () => {
    const started = await start(["--in-memory", "--no-seed"]);
    assert.equal(await itemsIn(started), 0);
    assert.match(started.banner, /No demo city \(--no-seed\)/);
    assert.match(started.banner, /do not exist until you create them/);
    assert.deepEqual(rolesIn(started.banner), [
      "admin",
      "approver",
      "department",
      "grassroots",
      "supervisor",
    ]);
    assert.deepEqual(await unitsListed(started), []);
    await stop(started.child);
    assert.equal(started.child.exitCode, 0);
  });

  it("without the flag, seeds the demo city", async () => {
    const started = await start(["--in-memory"]);
    assert.ok((await itemsIn(started)) > 0);
    assert.doesNotMatch(started.banner, /No demo city/);
    const units = await unitsListed(started);
    for (const id of ["city-office", "dept-education", "township-east", "village-1"]) {
      assert.ok(units.includes(id), `${id} is seeded`);
    }
  });
});
