import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, it } from "vitest";
import { listEmails } from "../../scripts/local/ses.ts";
import { type LocalStack, startLocalStack, throwawayStack } from "../../scripts/local/stack.ts";

const javaProcessesOn = (endpoint: string): string[] => {
  const port = new URL(endpoint).port;
  try {
    return execFileSync("pgrep", ["-f", `DynamoDBLocal.*-port ${port}`], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};

describe("the local stack", () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack(throwawayStack);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("serves the shared routes with the real handlers", async () => {
    const response = await fetch(`${stack.apiUrl}/v1/health`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, "ok");
  });

  it("seeds the demo city and prints a working token per role", async () => {
    assert.deepEqual(stack.tokens?.map((token) => token.role).sort(), [
      "admin",
      "approver",
      "department",
      "grassroots",
      "supervisor",
    ]);
    const admin = stack.tokens?.find((token) => token.role === "admin");
    assert.ok(admin);
    const response = await fetch(`${stack.apiUrl}/v1/units?limit=100`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    assert.equal(response.status, 200);
    const { items } = (await response.json()) as { items: { id: string; parentId?: string }[] };
    const ids = items.map((unit) => unit.id);
    for (const id of ["city-office", "supervision-office", "dept-education", "township-east", "village-1"]) {
      assert.ok(ids.includes(id), `${id} is seeded`);
    }
    assert.equal(items.filter((unit) => unit.parentId === "township-east").length, 3);
  });

  it("runs the SES emulator with an empty store", async () => {
    assert.deepEqual(await listEmails(stack.sesUrl), []);
  });

  it("stops every child process", async () => {
    assert.equal(javaProcessesOn(stack.dynamodbEndpoint).length, 1);
    await stack.stop();
    assert.deepEqual(javaProcessesOn(stack.dynamodbEndpoint), []);
    await assert.rejects(fetch(`${stack.sesUrl}/store`));
    await assert.rejects(fetch(`${stack.apiUrl}/v1/health`));
  });
});
