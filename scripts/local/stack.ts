/**
 * The whole local runtime in one call: DynamoDB Local, the SES emulator, the table, the demo city,
 * the API server and the weekly sweep. `npm start` and the system tests both use it.
 */
import type { Server } from "node:http";
import { config, reloadConfig } from "../../shared/platform/config.ts";
import { type LocalDynamoDb, localDynamoClient, startDynamoDb } from "./dynamodb.ts";
import { applyLocalEnvironment, loadCursorSecret, portsFromEnv } from "./env.ts";
import { loadSigningKey, type SignedToken } from "./jwt.ts";
import { cursorSecretFile, dynamodbDataDir, signingKeyFile } from "./paths.ts";
import { assertPortFree, portInUseMessage, portOrFree } from "./ports.ts";
import { scheduleWeekly, type WeeklySchedule } from "./schedule.ts";
import type { DemoIdentity } from "./seed.ts";
import { close, createLocalServer, type HandlerLoader, issuerOf, listen } from "./server.ts";
import { type LocalSes, startSes } from "./ses.ts";
import { ensureTable } from "./table.ts";

export type LocalStackOptions = {
  /** Nothing is written to disk: database, signing key and secrets live and die with the process. */
  inMemory?: boolean;
  /** 0 picks a free port. Defaults: PORT, DYNAMODB_PORT, SES_PORT, else 3000, 8000, 8005. */
  port?: number;
  dynamodbPort?: number;
  sesPort?: number;
  /**
   * Seeds the demo city when the database has no units. Without it nothing is written: a new table
   * stays empty, for scripts and tests that set up their own city. A token per demo role is signed
   * either way (without the seed, the units those tokens name exist only once someone creates them).
   */
  seed?: boolean;
  /** The weekly sweep timer; on by default, tests turn it off. */
  schedule?: boolean;
  /** Interface the API binds to; defaults to HOST, else 127.0.0.1 (see apiHost). */
  host?: string;
  /** Request log lines and warnings; silent when absent. */
  log?: (line: string) => void;
  loadHandler?: HandlerLoader;
  /** Emulators already running (the system tests' global setup): used, never stopped. */
  emulators?: RunningEmulators;
  /** Overrides TABLE_NAME, so several stacks can share one DynamoDB Local without sharing data. */
  tableName?: string;
  /** Routes that declare a throttle answer 429 past it (the default); suites that flood them turn it off. */
  throttleRoutes?: boolean;
};

export type RunningEmulators = { dynamodbEndpoint: string; sesUrl: string };

/** Tests and benchmarks: a seeded stack on free ports that keeps nothing and runs no schedule. */
export const throwawayStack: LocalStackOptions = {
  inMemory: true,
  port: 0,
  dynamodbPort: 0,
  sesPort: 0,
  seed: true,
  schedule: false,
};

export type DemoToken = DemoIdentity & SignedToken;

export type LocalStack = {
  apiUrl: string;
  sesUrl: string;
  dynamodbEndpoint: string;
  /** The DynamoDB Local process this stack started; undefined when it uses one already running. */
  dynamodbPid: number | undefined;
  tableName: string;
  server: Server;
  /** A signed token per demo role. */
  tokens?: DemoToken[];
  nextScheduledSweep: () => Date | undefined;
  stop: () => Promise<void>;
};

type Emulators = {
  dynamodb: Pick<LocalDynamoDb, "endpoint" | "pid" | "stop">;
  ses: Pick<LocalSes, "url" | "port" | "stop">;
};

const attach = ({ dynamodbEndpoint, sesUrl }: RunningEmulators): Emulators => ({
  dynamodb: { endpoint: dynamodbEndpoint, pid: undefined, stop: async () => {} },
  ses: { url: sesUrl, port: Number(new URL(sesUrl).port), stop: async () => {} },
});

export const startEmulators = async (
  dynamodbPort: number,
  sesPort: number,
  inMemory: boolean,
): Promise<Emulators> => {
  const [dynamodb, ses] = await Promise.allSettled([
    startDynamoDb({ port: dynamodbPort, path: inMemory ? undefined : dynamodbDataDir }),
    startSes({ port: sesPort }),
  ]);
  if (dynamodb.status === "fulfilled" && ses.status === "fulfilled") {
    return { dynamodb: dynamodb.value, ses: ses.value };
  }
  await Promise.all([
    dynamodb.status === "fulfilled" ? dynamodb.value.stop() : undefined,
    ses.status === "fulfilled" ? ses.value.stop() : undefined,
  ]);
  throw dynamodb.status === "rejected" ? dynamodb.reason : ses.status === "rejected" ? ses.reason : undefined;
};

/**
 * Where the API listens: the given host, else HOST, else 127.0.0.1. Loopback by default because
 * the local server hands out tokens for any role (/dev/token) and runs sweeps that send mail for
 * anyone who can reach it; HOST opts in to exposing it.
 */
export const apiHost = (host: string | undefined, env: NodeJS.ProcessEnv = process.env): string =>
  host ?? (env.HOST?.trim() || "127.0.0.1");

const isLoopback = (host: string): boolean =>
  host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);

const urlHost = (host: string): string => (host.includes(":") ? `[${host}]` : host);

/**
 * The address the local code (the sweeps API invoking the runner) calls the server at: loopback
 * when it listens on every interface, else the one address it listens on.
 */
const selfAddress = (host: string, port: number): string =>
  `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : urlHost(host)}:${port}`;

/** The start-up line that says the API is exposed, or undefined while only this machine reaches it. */
export const exposureNotice = (host: string, port: number): string | undefined =>
  isLoopback(host)
    ? undefined
    : `listening on ${urlHost(host)}:${port}, reachable from other machines (HOST is set): ` +
      "they can get a token for any role from /dev/token and move the clock with /dev/clock";

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  const inMemory = options.inMemory ?? false;
  const defaults = portsFromEnv();
  const log = options.log ?? (() => {});
  const host = apiHost(options.host);
  // The API port is fixed before anything starts: the functions' environment names it as their
  // Lambda endpoint.
  const [apiPort, dynamodbPort, sesPort] = await Promise.all([
    portOrFree(options.port ?? defaults.port),
    portOrFree(options.dynamodbPort ?? defaults.dynamodbPort),
    portOrFree(options.sesPort ?? defaults.sesPort),
  ]);
  // Checked up front so a busy port fails in milliseconds, before any emulator is started.
  await assertPortFree(apiPort, "the API", "PORT");
  await assertPortFree(dynamodbPort, "DynamoDB Local", "DYNAMODB_PORT");
  await assertPortFree(sesPort, "the SES emulator", "SES_PORT");

  let dynamodb: Emulators["dynamodb"] | undefined;
  let ses: Emulators["ses"] | undefined;
  let server: Server | undefined;
  let schedule: WeeklySchedule | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      schedule?.stop();
      if (server) await close(server);
      await Promise.all([dynamodb?.stop(), ses?.stop()]);
    })();
    return stopping;
  };

  try {
    ({ dynamodb, ses } = options.emulators
      ? attach(options.emulators)
      : await startEmulators(dynamodbPort, sesPort, inMemory));
    if (options.tableName) process.env.TABLE_NAME = options.tableName;
    applyLocalEnvironment({
      dynamodbEndpoint: dynamodb.endpoint,
      sesEndpoint: ses.url,
      lambdaEndpoint: selfAddress(host, apiPort),
      cursorSecret: await loadCursorSecret(inMemory ? undefined : cursorSecretFile),
    });
    // The OpenAPI document names the address this stack really serves on.
    process.env.API_SERVERS ??= selfAddress(host, apiPort);
    const { TABLE_NAME, TIME_ZONE, CORS_ORIGINS } = config();
    const tableClient = localDynamoClient(dynamodb.endpoint);
    try {
      await ensureTable(tableClient, TABLE_NAME);
    } finally {
      tableClient.destroy();
    }

    // Imported only now: the use cases behind the seed read the environment applied above.
    const seedModule = await import("./seed.ts");
    if (options.seed) {
      try {
        const result = await seedModule.seedDemoCity();
        if (result.seeded) {
          log(
            `seeded the demo city (${result.units} units, ${result.plans} published plans for ${result.year})`,
          );
        }
      } catch (error) {
        log(`warning: seeding the demo city failed: ${describeError(error)}`);
      }
    }

    const key = await loadSigningKey(inMemory ? undefined : signingKeyFile);
    server = createLocalServer({
      key,
      corsOrigins: CORS_ORIGINS,
      log,
      ...(options.loadHandler ? { loadHandler: options.loadHandler } : {}),
      ...(options.throttleRoutes === undefined ? {} : { throttleRoutes: options.throttleRoutes }),
    });
    const port = await listen(server, apiPort, host).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "EADDRINUSE" ? new Error(portInUseMessage(apiPort, "the API", "PORT")) : error;
    });
    const exposed = exposureNotice(host, port);
    if (exposed) log(exposed);
    const issuer = issuerOf(server);
    // A public route that also takes a token checks it in the function, against this issuer, as a
    // deployed function checks it against the user pool.
    process.env.TOKEN_ISSUER = issuer.issuer();
    process.env.TOKEN_AUDIENCE = issuer.audience;
    reloadConfig();
    const tokens = await Promise.all(
      seedModule.demoIdentities.map(async (identity) => ({
        ...identity,
        ...(await issuer.signToken(identity)),
      })),
    );

    if (options.schedule ?? true) {
      schedule = scheduleWeekly(
        async (scheduledAt) => {
          const [{ makeSweepRunner }, { awsSweepRunDeps }] = await Promise.all([
            import("../../shared/sweeps/run.ts"),
            import("../../shared/sweeps/runner-deps.ts"),
          ]);
          // The week before the Monday it fired for, as the deployed schedule's scheduledTime says,
          // even while /dev/clock has moved the clock the sweep's records are stamped with.
          const sweep = await makeSweepRunner(awsSweepRunDeps()).run({
            dryRun: false,
            trigger: "schedule",
            createdBy: "schedule",
            asOf: scheduledAt,
          });
          log(`scheduled sweep ${sweep.id} of ${sweep.window}: ${sweep.status}`);
        },
        { timeZone: TIME_ZONE, onError: (error) => log(`scheduled sweep failed: ${describeError(error)}`) },
      );
    }

    return {
      apiUrl: `http://localhost:${port}`,
      sesUrl: `http://localhost:${ses.port}`,
      dynamodbEndpoint: dynamodb.endpoint,
      dynamodbPid: dynamodb.pid,
      tableName: TABLE_NAME,
      server,
      tokens,
      nextScheduledSweep: () => schedule?.next(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
