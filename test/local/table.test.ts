import assert from "node:assert/strict";
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type LocalDynamoDb, startDynamoDb } from "../../scripts/local/dynamodb.ts";
import { LOCAL_CREDENTIALS } from "../../scripts/local/env.ts";
import { findFreePort } from "../../scripts/local/ports.ts";
import { ensureTable } from "../../scripts/local/table.ts";
import { tableIndexes, tableKeys } from "../../shared/platform/store/table-definition.ts";

describe("ensureTable on DynamoDB Local", () => {
  let dynamodb: LocalDynamoDb;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamodb = await startDynamoDb({ port: await findFreePort() });
    client = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: "us-east-1",
      credentials: LOCAL_CREDENTIALS,
    });
  });

  afterAll(async () => {
    client?.destroy();
    await dynamodb?.stop();
  });

  it("creates exactly the keys and GSIs of the shared table definition", async () => {
    await ensureTable(client, "burden-watch-test");
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: "burden-watch-test" }));
    assert.ok(table);
    assert.equal(table.TableStatus, "ACTIVE");
    assert.equal(table.BillingModeSummary?.BillingMode, "PAY_PER_REQUEST");
    assert.deepEqual(table.KeySchema, [
      { AttributeName: tableKeys.partitionKey, KeyType: "HASH" },
      { AttributeName: tableKeys.sortKey, KeyType: "RANGE" },
    ]);

    const actual = (table.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        indexName: index.IndexName,
        keys: index.KeySchema?.map((key) => `${key.KeyType}:${key.AttributeName}`),
        projection: index.Projection?.ProjectionType,
      }))
      .sort((a, b) => String(a.indexName).localeCompare(String(b.indexName)));
    const expected = tableIndexes
      .map((index) => ({
        indexName: index.indexName,
        keys: [`HASH:${index.partitionKey}`, `RANGE:${index.sortKey}`],
        projection: "ALL",
      }))
      .sort((a, b) => a.indexName.localeCompare(b.indexName));
    assert.deepEqual(actual, expected);
    assert.equal(table.LocalSecondaryIndexes, undefined);

    for (const attribute of table.AttributeDefinitions ?? []) assert.equal(attribute.AttributeType, "S");

    const { TimeToLiveDescription: ttl } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: "burden-watch-test" }),
    );
    assert.equal(ttl?.TimeToLiveStatus, "ENABLED");
    assert.equal(ttl?.AttributeName, tableKeys.timeToLive);
  });

  it("leaves an existing table as it is", async () => {
    const before = await client.send(new DescribeTableCommand({ TableName: "burden-watch-test" }));
    await ensureTable(client, "burden-watch-test");
    const after = await client.send(new DescribeTableCommand({ TableName: "burden-watch-test" }));
    assert.equal(after.Table?.CreationDateTime?.getTime(), before.Table?.CreationDateTime?.getTime());
    assert.equal(after.Table?.GlobalSecondaryIndexes?.length, tableIndexes.length);
  });
});
