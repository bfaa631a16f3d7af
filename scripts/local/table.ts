/**
 * Creates the single table from the same definition the CDK stateful stack uses, so the local
 * table and the deployed one cannot drift apart.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { tableIndexes, tableKeys } from "../../shared/platform/store/table-definition.ts";

const keySchema = (partitionKey: string, sortKey: string): KeySchemaElement[] => [
  { AttributeName: partitionKey, KeyType: "HASH" },
  { AttributeName: sortKey, KeyType: "RANGE" },
];

const attributeNames = (): string[] => [
  ...new Set([
    tableKeys.partitionKey,
    tableKeys.sortKey,
    ...tableIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ]),
];

const stringAttribute = (name: string): AttributeDefinition => ({ AttributeName: name, AttributeType: "S" });

const indexDefinition = (index: (typeof tableIndexes)[number]): GlobalSecondaryIndex => ({
  IndexName: index.indexName,
  KeySchema: keySchema(index.partitionKey, index.sortKey),
  Projection: { ProjectionType: "ALL" },
});

/** The CreateTable input for the definition; exported so tests can compare it with the result. */
export const createTableInput = (tableName: string) => ({
  TableName: tableName,
  BillingMode: "PAY_PER_REQUEST" as const,
  AttributeDefinitions: attributeNames().map(stringAttribute),
  KeySchema: keySchema(tableKeys.partitionKey, tableKeys.sortKey),
  GlobalSecondaryIndexes: tableIndexes.map(indexDefinition),
});

const describe = async (client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

const isActive = (table: TableDescription | undefined): table is TableDescription =>
  table?.TableStatus === "ACTIVE" &&
  (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === "ACTIVE");

const waitUntilActive = async (
  client: DynamoDBClient,
  tableName: string,
  timeoutMs = 30_000,
): Promise<TableDescription> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, tableName);
    if (isActive(table)) return table;
    if (Date.now() > deadline)
      throw new Error(`table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/**
 * A table kept from an older checkout may lack an index added since; it gets the missing ones
 * (one per UpdateTable, as DynamoDB requires) rather than failing on the first query.
 */
const addMissingIndexes = async (client: DynamoDBClient, table: TableDescription, tableName: string) => {
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of tableIndexes) {
    if (present.has(index.indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map(stringAttribute),
        GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
      }),
    );
    await waitUntilActive(client, tableName);
  }
};

const enableTtl = async (client: DynamoDBClient, tableName: string) => {
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  if (ttl?.TimeToLiveStatus === "ENABLED" && ttl.AttributeName === tableKeys.timeToLive) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableKeys.timeToLive, Enabled: true },
    }),
  );
};

/** Creates the table if absent, waits until it and its indexes are ACTIVE, and enables TTL. */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<TableDescription> => {
  const existing = await describe(client, tableName);
  if (!existing) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Another process created it between our describe and create: theirs is as good as ours.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  let table = await waitUntilActive(client, tableName);
  if (existing) {
    await addMissingIndexes(client, table, tableName);
    table = await waitUntilActive(client, tableName);
  }
  await enableTtl(client, tableName);
  return table;
};
