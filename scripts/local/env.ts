/**
 * The environment the handlers read (shared/config.ts), pointed at the local emulators. It must be
 * in place before any handler or use case is imported, because those read it once.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { functionNameVariableOf, invocableFunctionNames } from "../../infra/functions.ts";
import { reloadConfig } from "../../shared/platform/config.ts";
import { FUNCTION_PREFIX } from "./handlers.ts";

/** The emulators accept any credentials; fixed dummies guarantee real ones are never sent. */
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

export type LocalPorts = { port: number; dynamodbPort: number; sesPort: number };

const portFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${name} must be a port number between 0 and 65535, not "${raw}"`);
  }
  return port;
};

/** PORT, DYNAMODB_PORT and SES_PORT, defaulting to 3000, 8000 and 8005. */
export const portsFromEnv = (): LocalPorts => ({
  port: portFromEnv("PORT", 3000),
  dynamodbPort: portFromEnv("DYNAMODB_PORT", 8000),
  sesPort: portFromEnv("SES_PORT", 8005),
});

/** A random secret kept in `file` so list cursors survive restarts; per process without a file. */
export const loadCursorSecret = async (file?: string): Promise<string> => {
  if (file) {
    const existing = await readFile(file, "utf8").catch(() => "");
    if (existing.trim().length >= 32) return existing.trim();
  }
  const secret = randomBytes(32).toString("base64url");
  if (file) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
  }
  return secret;
};

export type LocalEnvironment = {
  dynamodbEndpoint: string;
  sesEndpoint: string;
  /** The local server, which also answers the Lambda Invoke API for the sweep runner. */
  lambdaEndpoint: string;
  cursorSecret?: string | undefined;
};

/**
 * Endpoints and credentials are always overridden; settings a developer may want to vary (table
 * name, region, time zone, CORS origins, cursor secret) are kept when already set.
 */
export const applyLocalEnvironment = (env: LocalEnvironment): void => {
  process.env.DYNAMODB_ENDPOINT = env.dynamodbEndpoint;
  process.env.SES_ENDPOINT = env.sesEndpoint;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.LAMBDA_ENDPOINT = env.lambdaEndpoint;
  // Every invoked function is reachable by its local name, as the deployed stack sets its own.
  for (const name of invocableFunctionNames)
    process.env[functionNameVariableOf(name)] = `${FUNCTION_PREFIX}${name}`;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.TABLE_NAME ??= "burden-watch";
  process.env.TIME_ZONE ??= "Asia/Shanghai";
  if (env.cursorSecret) process.env.CURSOR_SECRET ??= env.cursorSecret;
  reloadConfig();
};
