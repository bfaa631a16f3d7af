/**
 * Request-path benchmark: what one API call on the local stack costs against the raw DynamoDB
 * Local calls it makes, measured side by side in one run (DESIGN.md §7 target: 1.5x, median).
 *
 *   npm run bench -- [--runs 15]   (after the cold-start benchmark; 20 calls per run)
 */
import { parseArgs } from "node:util";
import { QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { issuerOf } from "../local/server.ts";
import { startLocalStack, throwawayStack } from "../local/stack.ts";

const TARGET_RATIO = 1.5;
const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } }, strict: false });
const iterations = Math.max(50, Number(values.runs) * 20);

const stack = await startLocalStack(throwawayStack);
try {
  const { dynamo } = await import("../../shared/platform/store/client.ts");
  const { config } = await import("../../shared/platform/config.ts");
  const table = config().TABLE_NAME;
  const token = (
    await issuerOf(stack.server).signToken({ role: "department", unit: "dept-education", sub: "bench" })
  ).token;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const meeting = {
    kind: "meeting",
    title: "Bench",
    startsAt: "2027-02-01T09:00:00+08:00",
    durationMinutes: 30,
    format: "video",
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    attendeeUnitKinds: ["village"],
    relayed: false,
    reason: "bench",
  };

  const time = async (work: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const median = (samples: number[]) =>
    [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;

  const created = await fetch(`${stack.apiUrl}/v1/requests`, {
    method: "POST",
    headers,
    body: JSON.stringify(meeting),
  });
  const { id } = (await created.json()) as { id: string };

  const cases = {
    "GET /v1/requests/{id}": {
      api: () =>
        fetch(`${stack.apiUrl}/v1/requests/${id}`, { headers }).then((response) => response.arrayBuffer()),
      raw: () =>
        dynamo().send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": `REQUEST#${id}` },
            ConsistentRead: true,
          }),
        ),
    },
    "POST /v1/requests": {
      api: () =>
        fetch(`${stack.apiUrl}/v1/requests`, { method: "POST", headers, body: JSON.stringify(meeting) }).then(
          (response) => response.arrayBuffer(),
        ),
      raw: () => {
        const rawId = ulid();
        const at = new Date().toISOString();
        return dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: {
                    pk: `REQUEST#${rawId}`,
                    sk: "REQUEST",
                    gsi1pk: "BENCH",
                    gsi1sk: at,
                    body: meeting,
                    status: "submitted",
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: { pk: `REQUEST#${rawId}`, sk: `AUDIT#${at}`, after: meeting },
                },
              },
            ],
          }),
        );
      },
    },
  };

  console.log(`\nrequest path on the local stack, median of ${iterations} calls each, interleaved`);
  console.log("call".padEnd(26), "api ms".padStart(8), "raw ms".padStart(8), "ratio".padStart(7));
  let over = 0;
  for (const [name, { api, raw }] of Object.entries(cases)) {
    for (let warm = 0; warm < 20; warm += 1) await Promise.all([api(), raw()]);
    const apiSamples: number[] = [];
    const rawSamples: number[] = [];
    for (let run = 0; run < iterations; run += 1) {
      apiSamples.push(await time(api));
      rawSamples.push(await time(raw));
    }
    const ratio = median(apiSamples) / median(rawSamples);
    if (ratio > TARGET_RATIO) over += 1;
    console.log(
      name.padEnd(26),
      median(apiSamples).toFixed(2).padStart(8),
      median(rawSamples).toFixed(2).padStart(8),
      `${ratio.toFixed(2)}x`.padStart(7),
      ratio > TARGET_RATIO ? `over the ${TARGET_RATIO}x target` : "",
    );
  }
  if (over > 0) process.exitCode = 1;
} finally {
  await stack.stop();
}
