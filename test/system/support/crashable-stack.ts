/**
 * A local stack in a process of its own, for tests that kill it with SIGKILL and start it again on
 * the data it left: DynamoDB Local keeps its files in DATA_DIR, and the test spawns this script in
 * its own process group so one signal takes the database and the emulators down with it.
 *
 * With STALL_SES=1 the stack sends mail to an endpoint that accepts connections and never answers,
 * as a hung SES would. Prints one JSON line once ready: {apiUrl, sesUrl, dynamodbEndpoint}.
 */
import { createServer } from "node:net";
import { startDynamoDb } from "../../../scripts/local/dynamodb.ts";
import { startSes } from "../../../scripts/local/ses.ts";
import { startLocalStack } from "../../../scripts/local/stack.ts";

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
};

const dynamodb = await startDynamoDb({ port: Number(required("DYNAMODB_PORT")), path: required("DATA_DIR") });
const ses = await startSes({ port: Number(required("SES_PORT")) });

let sesUrl = ses.url;
if (process.env.STALL_SES === "1") {
  // Connections are accepted and kept open, and nothing is ever answered.
  const blackHole = createServer(() => {});
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
  const address = blackHole.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  sesUrl = `http://127.0.0.1:${address.port}`;
}

const stack = await startLocalStack({
  inMemory: true,
  port: Number(required("PORT")),
  // The emulators above are attached; these only keep the stack from checking their ports.
  dynamodbPort: 0,
  sesPort: 0,
  seed: true,
  schedule: false,
  emulators: { dynamodbEndpoint: dynamodb.endpoint, sesUrl },
  tableName: required("TABLE_NAME"),
});
process.stdout.write(
  `${JSON.stringify({ apiUrl: stack.apiUrl, sesUrl: ses.url, dynamodbEndpoint: dynamodb.endpoint })}\n`,
);
