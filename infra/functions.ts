/**
 * The function manifest: every Lambda function, the bounded context it serves and what it may
 * touch. The stateless stack, the local server and the tests read it, so a function's wiring is
 * declared here once instead of being special-cased by name.
 */
export type TableAccess = "read" | "readWrite";

export type FunctionSpec = {
  /** shared/<context>/ holds the routes and use cases the function serves. */
  context: string;
  /** "api": serves the route table's routes for this function; "invoke": called by other code. */
  trigger: "api" | "invoke";
  description: string;
  table: TableAccess;
  /** Serves listings, so it signs and verifies page cursors (CURSOR_SECRET). */
  pagesLists: boolean;
  /** Other functions of this manifest it invokes (asynchronously) through the Lambda API. */
  invokes: readonly string[];
  /** Sends email through SES. */
  sendsEmail: boolean;
  /**
   * Modules loaded from the Lambda runtime's own AWS SDK instead of the bundle: only clients on a
   * rare path behind a dynamic import, so they cost nothing at cold start.
   */
  runtimeProvided: readonly string[];
  memorySize?: number;
  timeoutSeconds?: number;
};

const api = {
  trigger: "api",
  pagesLists: false,
  invokes: [],
  sendsEmail: false,
  runtimeProvided: [],
} as const;

export const functionManifest = {
  meta: { ...api, context: "meta", description: "Health and the OpenAPI document", table: "read" },
  units: { ...api, context: "units", description: "Units of the city", table: "readWrite", pagesLists: true },
  requests: {
    ...api,
    context: "requests",
    description: "Requests (one matter, one report) and their decisions",
    table: "readWrite",
    pagesLists: true,
  },
  facts: {
    ...api,
    context: "facts",
    description: "Facts reported by departments and grassroots units",
    table: "readWrite",
    pagesLists: true,
  },
  sweeps: {
    ...api,
    context: "sweeps",
    description: "Starts and reads sweep runs",
    table: "readWrite",
    invokes: ["sweep-runner"],
    runtimeProvided: ["@aws-sdk/client-lambda"],
  },
  violations: {
    ...api,
    context: "violations",
    description: "Violations found by sweeps",
    table: "read",
    pagesLists: true,
  },
  "sweep-runner": {
    ...api,
    context: "sweeps",
    trigger: "invoke",
    description: "Runs a sweep over one window and mails the violations it finds",
    table: "readWrite",
    sendsEmail: true,
    runtimeProvided: ["@aws-sdk/client-ses"],
    memorySize: 1024,
    timeoutSeconds: 300,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functionManifest;

export type ApiFunctionName = {
  [K in FunctionName]: (typeof functionManifest)[K]["trigger"] extends "api" ? K : never;
}[FunctionName];

export const functionNames = Object.keys(functionManifest) as FunctionName[];

export const apiFunctionNames = functionNames.filter(
  (name): name is ApiFunctionName => functionManifest[name].trigger === "api",
);

export const invocableFunctionNames = functionNames.filter(
  (name) => functionManifest[name].trigger === "invoke",
);

/** One value per function of the manifest, keyed by its name. */
export const byFunction = <T>(build: (name: FunctionName) => T): Record<FunctionName, T> =>
  // Object.fromEntries cannot know its keys are exactly functionNames; they are by construction.
  Object.fromEntries(functionNames.map((name) => [name, build(name)])) as Record<FunctionName, T>;

/**
 * The variable through which a function that invokes `name` learns its deployed name, e.g.
 * SWEEP_RUNNER_FUNCTION for sweep-runner (read by shared/platform/config.ts).
 */
export const functionNameVariableOf = (name: FunctionName): string =>
  `${name.toUpperCase().replaceAll("-", "_")}_FUNCTION`;
