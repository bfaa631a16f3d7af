/**
 * Environment read once, when a module first asks. Every setting has a default that suits local
 * development except the ones a deployment must decide (table, sender address).
 */
import * as z from "zod/mini";
import { integer } from "./schema.ts";
import { isTimeZone } from "./time.ts";

const positiveInt = (fallback: number) =>
  z._default(z.pipe(z.coerce.number(), integer(1, 2 ** 31)), fallback);

const optionalText = z.optional(z.string().check(z.minLength(1)));

/** A comma-separated list of absolute http(s) URLs, e.g. "https://api.example.gov,http://localhost:3000". */
const urlList = z.string().check(
  z.refine(
    (value) =>
      value
        .split(",")
        .map((item) => item.trim())
        .every((item) => z.url({ protocol: /^https?$/ }).safeParse(item).success),
    "a comma-separated list of http(s) URLs",
  ),
);

const configSchema = z.object({
  TABLE_NAME: z._default(z.string().check(z.minLength(1)), "burden-watch"),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), "us-east-1"),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SES_ENDPOINT: z.optional(z.url()),
  TIME_ZONE: z._default(
    z.string().check(z.refine(isTimeZone, "an IANA time zone such as Asia/Shanghai")),
    "Asia/Shanghai",
  ),
  MAIL_FROM: z._default(z.string().check(z.minLength(3)), "burden-watch@example.gov"),
  SES_CONFIGURATION_SET: optionalText,
  EMAIL_LOCALE: z._default(z.enum(["zh-CN", "en"]), "zh-CN"),
  /** Signs page cursors; no default, so a deployment can never run on a guessable key. */
  CURSOR_SECRET: z.optional(z.string().check(z.minLength(16))),
  CORS_ORIGINS: z._default(z.string(), "*"),
  /**
   * Who issues the tokens a public route that also takes one (a complaint filed signed in) checks
   * itself, as the authorizer checks the others: the issuer URL (its keys are at
   * `<issuer>/.well-known/jwks.json`) and the audience, the app client's id.
   */
  TOKEN_ISSUER: z.optional(z.url({ protocol: /^https?$/ })),
  TOKEN_AUDIENCE: optionalText,
  /** The base URLs the OpenAPI document lists under `servers`, comma-separated, first one preferred. */
  API_SERVERS: z._default(urlList, "http://127.0.0.1:3000"),
  MAX_BODY_BYTES: positiveInt(64 * 1024),
  MEETING_MAX_MINUTES: positiveInt(90),
  MEETING_MIN_NOTICE_HOURS: positiveInt(72),
  /** Pages a document may run to before its request gets a TOO_LONG finding. */
  DOCUMENT_MAX_PAGES: positiveInt(10),
  /** Days an approver has to decide a submitted request (its `decideBy`). */
  REQUEST_DECIDE_DAYS: positiveInt(5),
  /** Minutes a held meeting may run past its approved duration before MEETING_STANDARD_RAISED. */
  MEETING_OVERRUN_MINUTES: positiveInt(15),
  /** Visits one grassroots unit may receive in a calendar month before REPEATED_INSPECTION. */
  INSPECTION_VISITS_PER_MONTH: positiveInt(2),
  /** Days the Supervision Office has to triage a complaint before COMPLAINT_OVERDUE. */
  COMPLAINT_TRIAGE_DAYS: positiveInt(3),
  /** Days it has to close a complaint (resolved or unfounded) before COMPLAINT_OVERDUE. */
  COMPLAINT_CLOSE_DAYS: positiveInt(30),
  /** Days a department has to confirm a lending a grassroots unit registered before SECONDMENT_UNCONFIRMED. */
  SECONDMENT_CONFIRM_DAYS: positiveInt(14),
  /** Days a violation has to be corrected, from when it is opened or reopened (its `dueAt`). */
  VIOLATION_DUE_DAYS: positiveInt(14),
  /** Days a village has to take down a plaque of no admitted type, from its registration (its `removeBy`). */
  PLAQUE_REMOVE_DAYS: positiveInt(30),
  /** The unit that decides requests: OVERDUE_APPROVAL is addressed to it. */
  APPROVING_UNIT_ID: z._default(z.string().check(z.minLength(1)), "city-office"),
  /** The Supervision Office: it receives the city-wide summary of every sweep. */
  SUPERVISION_UNIT_ID: z._default(z.string().check(z.minLength(1)), "supervision-office"),
  IDEMPOTENCY_TTL_SECONDS: positiveInt(24 * 3600),
  /** How far back a fact may be reported: older ones were due in an earlier sweep. */
  FACT_MAX_AGE_DAYS: positiveInt(90),
  /** Facts one unit may report per local day; more is a flood, answered 429 with Retry-After. */
  FACTS_PER_UNIT_PER_DAY: positiveInt(100),
  /**
   * The sweep runner's own timeout (the deployed stack sets both from the function manifest): a
   * digest claim and a running sweep older than this were left by a runner that no longer runs.
   */
  SWEEP_RUNNER_TIMEOUT_SECONDS: positiveInt(300),
  SWEEP_RUNNER_FUNCTION: z._default(z.string().check(z.minLength(1)), "burden-watch-sweep-runner"),
  /** Local runtime only: where the emulated Lambda Invoke API listens. */
  LAMBDA_ENDPOINT: z.optional(z.url()),
  AWS_LAMBDA_FUNCTION_NAME: z._default(z.string(), "local"),
  /** Tests only: check every answer against its route's response schema (a mismatch is a 500). */
  VALIDATE_RESPONSES: z._default(z.stringbool(), false),
});

export type Config = z.infer<typeof configSchema>;

let loaded: Config | undefined;

export const config = (): Config => {
  loaded ??= configSchema.parse(process.env);
  return loaded;
};

/** Tests and the local runtime set env vars before the first call; this lets them start over. */
export const reloadConfig = (): Config => {
  loaded = undefined;
  return config();
};
