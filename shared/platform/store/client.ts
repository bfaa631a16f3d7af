import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";

let rawClient: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;

/** The low-level client, for libraries (Powertools idempotency) that need one. */
export const dynamoClient = (): DynamoDBClient => {
  if (!rawClient) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
    rawClient = new DynamoDBClient({
      region: AWS_REGION,
      ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT } : {}),
      // A stalled database must fail a call in seconds (a 503 with Retry-After), not hold it for
      // the gateway's 29 s: one retry, each attempt bounded.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
    });
  }
  return rawClient;
};

/** One document client per process, created on first use so importing a module costs nothing. */
export const dynamo = (): DynamoDBDocumentClient => {
  documentClient ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
};
