/**
 * The function manifest: every Lambda function, the bounded context it serves and what it may
 * touch. The stateless stack, the local server and the tests read it, so a function's wiring is
 * declared here once instead of being special-cased by name.
 */
/**
 * The DynamoDB actions a function may perform on the table, as IAM names them, split so that a
 * read-only function reads as one (`write: []`). A transaction needs no action of its own: IAM
 * checks the item action of each operation in it (Put: PutItem, Update: UpdateItem, Delete:
 * DeleteItem, ConditionCheck: ConditionCheckItem). Scan and BatchWriteItem are not in these
 * types: every access pattern is a key lookup or an index query, and writes go one item at a time.
 * test/infra/table-access.test.ts checks each list against what the function's code sends.
 */
export type TableReadAction = "GetItem" | "BatchGetItem" | "Query";
export type TableWriteAction = "PutItem" | "UpdateItem" | "DeleteItem" | "ConditionCheckItem";
export type TableAccess = { read: readonly TableReadAction[]; write: readonly TableWriteAction[] };

export type FunctionSpec = {
  /** shared/<context>/ holds the routes and use cases the function serves. */
  context: string;
  /** "api": serves the route table's routes for this function; "invoke": called by other code. */
  trigger: "api" | "invoke";
  description: string;
  /** Exactly the table actions its code uses. */
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
  meta: {
    ...api,
    context: "meta",
    description: "Health and the OpenAPI document",
    table: { read: ["GetItem"], write: [] },
  },
  units: {
    ...api,
    context: "units",
    description: "Units of the city",
    // UpdateItem and DeleteItem: the idempotency record of a POST is completed or released.
    // ConditionCheckItem: a move checks that the new parent chain did not change meanwhile.
    table: {
      read: ["GetItem", "Query"],
      write: ["PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem"],
    },
    pagesLists: true,
  },
  requests: {
    ...api,
    context: "requests",
    description: "Requests (one matter, one report), their decisions and the veto-item register",
    // UpdateItem: quota counters and the email outbox; DeleteItem: a cancelled addition leaves its plan.
    table: { read: ["GetItem", "Query"], write: ["PutItem", "UpdateItem", "DeleteItem"] },
    pagesLists: true,
    sendsEmail: true,
    runtimeProvided: ["@aws-sdk/client-ses"],
  },
  facts: {
    ...api,
    context: "facts",
    description: "Facts reported by departments and grassroots units",
    // UpdateItem: in a report's transaction, its unit's daily count, the occurrence it joins or the
    // plan counter a new occurrence raises; and the idempotency record of a POST is completed.
    // DeleteItem: that record is released.
    table: { read: ["GetItem", "Query"], write: ["PutItem", "UpdateItem", "DeleteItem"] },
    pagesLists: true,
  },
  sweeps: {
    ...api,
    context: "sweeps",
    description: "Starts, lists and reads sweep runs",
    table: { read: ["GetItem", "Query"], write: ["PutItem", "UpdateItem", "DeleteItem"] },
    pagesLists: true,
    invokes: ["sweep-runner"],
    runtimeProvided: ["@aws-sdk/client-lambda"],
  },
  plans: {
    ...api,
    context: "plans",
    description: "Annual plans of meetings, documents and inspections, their quotas and CSV import",
    // BatchGetItem: a draft's unit ids are checked in one call. UpdateItem and DeleteItem: the
    // idempotency record of a POST is completed or released.
    table: { read: ["GetItem", "BatchGetItem", "Query"], write: ["PutItem", "UpdateItem", "DeleteItem"] },
  },
  violations: {
    ...api,
    context: "violations",
    description:
      "Violations found by sweeps or recorded by supervisors, followed up by the unit until a supervisor closes them",
    // GetItem: a supervisor's finding names a unit, which must exist. PutItem: each change writes the
    // violation's next version with its audit entry, in one transaction. UpdateItem and DeleteItem:
    // the idempotency record a POST claims is completed or released.
    table: { read: ["GetItem", "BatchGetItem", "Query"], write: ["PutItem", "UpdateItem", "DeleteItem"] },
    pagesLists: true,
  },
  secondments: {
    ...api,
    context: "secondments",
    description:
      "The register of staff borrowed from townships and villages, confirmed by both sides until returned",
    // GetItem: the two units named and the secondment moved. PutItem: each change writes the
    // secondment's next version with its audit entry. UpdateItem: the statistics counters in the
    // same transaction, and the idempotency record a POST completes; DeleteItem: that record released.
    table: { read: ["GetItem", "Query"], write: ["PutItem", "UpdateItem", "DeleteItem"] },
    pagesLists: true,
  },
  plaques: {
    ...api,
    context: "plaques",
    description: "Admitted plaque types and the register of plaques hung on village offices, until removed",
    // GetItem: the village, the issuing unit, the plaque type and the plaque moved. PutItem: each
    // change writes the record's next version with its audit entry. UpdateItem: the statistics
    // counters in the same transaction, and the idempotency record a POST completes; DeleteItem:
    // that record released.
    table: { read: ["GetItem", "Query"], write: ["PutItem", "UpdateItem", "DeleteItem"] },
    pagesLists: true,
  },
  stats: {
    ...api,
    context: "stats",
    description: "A year's statistics per unit and city-wide beside the year before, as JSON or CSV",
    // Query: the year's and the year before's counter partitions, the units and the overdue
    // violations; GetItem: the plans of both years. Read-only: the counters move in the
    // transactions of the records they count.
    table: { read: ["GetItem", "Query"], write: [] },
  },
  complaints: {
    ...api,
    context: "complaints",
    description:
      "Complaints filed anonymously or signed in, followed up with a receipt, handled by the Supervision Office",
    // BatchGetItem: a complaint's forwards. PutItem: each change writes the complaint's next version
    // with its audit entry (and a message, a forward, the receipt's hash, the reporter's identity) in
    // one transaction; a finding opened from a complaint is a violation written the same way.
    // UpdateItem: the statistics counters, and the idempotency record a POST completes; DeleteItem:
    // that record is released.
    table: { read: ["GetItem", "BatchGetItem", "Query"], write: ["PutItem", "UpdateItem", "DeleteItem"] },
    pagesLists: true,
  },
  "sweep-runner": {
    ...api,
    context: "sweeps",
    trigger: "invoke",
    description: "Runs a sweep over one window and mails the violations it finds",
    table: { read: ["GetItem", "BatchGetItem", "Query"], write: ["PutItem", "UpdateItem"] },
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

const variablePrefixOf = (name: FunctionName): string => name.toUpperCase().replaceAll("-", "_");

/**
 * The variable through which a function that invokes `name` learns its deployed name, e.g.
 * SWEEP_RUNNER_FUNCTION for sweep-runner (read by shared/platform/config.ts).
 */
export const functionNameVariableOf = (name: FunctionName): string => `${variablePrefixOf(name)}_FUNCTION`;

/** Seconds a run of `name` may last before Lambda stops it: its manifest entry, else 10. */
export const timeoutSecondsOf = (name: FunctionName): number => {
  const spec: FunctionSpec = functionManifest[name];
  return spec.timeoutSeconds ?? 10;
};

/**
 * The variable through which an invoked function, and every function that invokes it, learns how
 * long one of its runs may last, e.g. SWEEP_RUNNER_TIMEOUT_SECONDS (read by
 * shared/platform/config.ts to tell a run still going from one Lambda stopped).
 */
export const timeoutVariableOf = (name: FunctionName): string => `${variablePrefixOf(name)}_TIMEOUT_SECONDS`;
