/**
 * The local server: one port on which the emulated HTTP API (gateway.ts) serves the route table,
 * with the local-only endpoints mounted ahead of it: those the cloud provides elsewhere, the Lambda
 * Invoke API (lambda-invoke.ts) and the token issuer standing in for Cognito (issuer-endpoints.ts),
 * and the clock a demo moves (dev-clock.ts), which the cloud has no counterpart of.
 */
import { createServer, type Server } from "node:http";
import { type RouteDefinition, routes as sharedRoutes } from "../../shared/routes.ts";
import { parseAllowOrigins } from "./cors.ts";
import { clockEndpoint } from "./dev-clock.ts";
import { INTEGRATION_TIMEOUT_MS } from "./event.ts";
import { createHttpApiGateway, MAX_PAYLOAD_BYTES } from "./gateway.ts";
import { cachingLoader, type HandlerLoader, importHandler } from "./handlers.ts";
import { createIssuerEndpoints } from "./issuer-endpoints.ts";
import { createLocalIssuer, issuerFor, type LocalIssuer, type SigningKey } from "./jwt.ts";
import { createLambdaInvokeEndpoint } from "./lambda-invoke.ts";

export { type HandlerLoader, importHandler, type LambdaHandler } from "./handlers.ts";

export type LocalServerOptions = {
  key: SigningKey;
  /** Defaults to http://localhost:<bound port>/local-issuer, known once the server listens. */
  issuerUrl?: string;
  routes?: readonly RouteDefinition[];
  /** Tests inject handlers; by default `functions/<fn>/handler.ts` is imported on first use. */
  loadHandler?: HandlerLoader;
  /** Comma-separated allow-list; defaults to CORS_ORIGINS, then "*". */
  corsOrigins?: string;
  region?: string;
  timeoutMs?: number;
  maxPayloadBytes?: number;
  /** One line per request; silent when absent. */
  log?: (line: string) => void;
  /** Throttles the routes that declare it (the default), as API Gateway does. */
  throttleRoutes?: boolean;
};

const issuers = new WeakMap<Server, LocalIssuer>();

/** The issuer whose tokens this server accepts, for signing tokens in tests and at start-up. */
export const issuerOf = (server: Server): LocalIssuer => {
  const issuer = issuers.get(server);
  if (!issuer) throw new Error("not a local server");
  return issuer;
};

const boundPort = (server: Server): number => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server is not listening on a port");
  return address.port;
};

/** The route table's methods plus those the local-only endpoints take from browsers too. */
const allowedMethods = (routes: readonly RouteDefinition[]): string[] => [
  ...new Set([...routes.map((route) => route.method), "POST", "DELETE", "OPTIONS"]),
];

export const createLocalServer = (options: LocalServerOptions): Server => {
  const routes = options.routes ?? sharedRoutes;
  const loadHandler = cachingLoader(options.loadHandler ?? importHandler);
  const region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
  const timeoutMs = options.timeoutMs ?? INTEGRATION_TIMEOUT_MS;

  // The issuer URL needs the bound port, so it is resolved on use rather than here.
  const server = createServer();
  const issuer = createLocalIssuer({
    key: options.key,
    issuer: () => options.issuerUrl ?? issuerFor(boundPort(server)),
  });
  issuers.set(server, issuer);

  const gateway = createHttpApiGateway({
    routes,
    loadHandler,
    verifyToken: issuer.verifyToken,
    cors: {
      allowOrigins: parseAllowOrigins(options.corsOrigins ?? process.env.CORS_ORIGINS),
      allowMethods: allowedMethods(routes),
    },
    region,
    timeoutMs,
    maxPayloadBytes: options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES,
    localEndpoints: [
      createLambdaInvokeEndpoint({ loadHandler, region }),
      createIssuerEndpoints(issuer),
      clockEndpoint,
    ],
    log: options.log,
    throttleRoutes: options.throttleRoutes,
  });
  server.on("request", (req, res) => {
    void gateway(req, res);
  });
  return server;
};

/** Starts listening and resolves once the port is bound. */
export const listen = (server: Server, port: number, host?: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(boundPort(server));
    });
  });

/** Closes the server, dropping idle keep-alive connections so the close does not hang. */
export const close = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
