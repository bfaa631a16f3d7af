/**
 * Deployment settings, read from CDK context (defaults in cdk.json; override one with
 * `npx cdk deploy -c mailFrom=notices@example.org`). Every value is validated here, at synth time,
 * so a typo fails `cdk synth` instead of a Lambda at 08:00 on a Monday.
 */
import type { Node } from "constructs";
import { isTimeZone } from "../shared/platform/time.ts";

export type EmailLocale = "zh-CN" | "en";

export type DeploymentSettings = {
  /**
   * `timeZone` (default "Asia/Shanghai"): IANA zone the deployment lives in. Sweep windows are ISO
   * weeks in this zone (TIME_ZONE env var) and the weekly schedule fires Monday 08:00 in it.
   */
  timeZone: string;
  /**
   * `mailFrom` (default "burden-watch@example.gov"): the From address of notification emails
   * (MAIL_FROM). It must belong to `sesIdentity`: equal to it when that is an address, or at that
   * domain (or a subdomain) when it is a domain.
   */
  mailFrom: string;
  /** `emailLocale` (default "zh-CN"; "zh-CN" or "en"): language of notification emails (EMAIL_LOCALE). */
  emailLocale: EmailLocale;
  /**
   * `sesIdentity` (default "example.gov"): the SES v2 identity to create and verify, either a
   * domain (DKIM records to publish are output by the stateful stack) or a single email address
   * (SES sends a verification link to it).
   */
  sesIdentity: string;
  /**
   * `corsOrigins` (default ["https://burden-watch.example.gov"]): browser origins allowed to call
   * the API, a JSON array in cdk.json or a comma-separated string on the command line. Used both
   * by the HTTP API's CORS preflight and by the functions (CORS_ORIGINS, comma-separated).
   */
  corsOrigins: string[];
  /**
   * `alarmEmail` (optional, default none): address subscribed to the alarm topic. Without it the
   * topic exists and alarms publish to it, but nobody is subscribed until an operator adds one.
   */
  alarmEmail: string | undefined;
  /** `nag` (default false): apply the cdk-nag AwsSolutions pack to every stack during synth. */
  nag: boolean;
  /**
   * The sweep's thresholds and addressees, each a context key that sets the functions' env var of
   * the same meaning; one left out keeps the default documented in the README ("Sweep rules"):
   * `meetingOverrunMinutes` (MEETING_OVERRUN_MINUTES, 15), `inspectionVisitsPerMonth`
   * (INSPECTION_VISITS_PER_MONTH, 2), `violationDueDays` (VIOLATION_DUE_DAYS, 14),
   * `plaqueRemoveDays` (PLAQUE_REMOVE_DAYS, 30),
   * `approvingUnitId` (APPROVING_UNIT_ID, city-office), `supervisionUnitId` (SUPERVISION_UNIT_ID,
   * supervision-office).
   */
  ruleSettings: Record<string, string>;
};

/** The context keys of `ruleSettings`, the env var each sets, and whether it is a count. */
const ruleSettingKeys = {
  meetingOverrunMinutes: { env: "MEETING_OVERRUN_MINUTES", count: true },
  inspectionVisitsPerMonth: { env: "INSPECTION_VISITS_PER_MONTH", count: true },
  violationDueDays: { env: "VIOLATION_DUE_DAYS", count: true },
  complaintTriageDays: { env: "COMPLAINT_TRIAGE_DAYS", count: true },
  complaintCloseDays: { env: "COMPLAINT_CLOSE_DAYS", count: true },
  secondmentConfirmDays: { env: "SECONDMENT_CONFIRM_DAYS", count: true },
  plaqueRemoveDays: { env: "PLAQUE_REMOVE_DAYS", count: true },
  approvingUnitId: { env: "APPROVING_UNIT_ID", count: false },
  supervisionUnitId: { env: "SUPERVISION_UNIT_ID", count: false },
} as const;

export const defaultSettings: DeploymentSettings = {
  timeZone: "Asia/Shanghai",
  mailFrom: "burden-watch@example.gov",
  emailLocale: "zh-CN",
  sesIdentity: "example.gov",
  corsOrigins: ["https://burden-watch.example.gov"],
  alarmEmail: undefined,
  nag: false,
  ruleSettings: {},
};

const emailPattern = /^[^@\s]+@([a-z0-9-]+\.)+[a-z]{2,}$/i;
const domainPattern = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;

const fail = (message: string): never => {
  throw new Error(`Invalid CDK context: ${message}`);
};

const text = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return fail(`"${key}" must be a string, got ${JSON.stringify(value)}`);
  return value.trim();
};

const list = (node: Node, key: string): string[] | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return undefined;
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : undefined;
  if (!items?.every((item): item is string => typeof item === "string")) {
    return fail(`"${key}" must be an array of strings or a comma-separated string`);
  }
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
};

const flag = (node: Node, key: string): boolean => {
  const value: unknown = node.tryGetContext(key);
  return value === true || value === "true";
};

const isOrigin = (origin: string): boolean => {
  if (origin === "*") return true;
  try {
    const url = new URL(origin);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === origin;
  } catch {
    return false;
  }
};

/** True when `mailFrom` may be sent through `identity` (the address itself, or its domain/subdomain). */
export const senderMatchesIdentity = (mailFrom: string, identity: string): boolean => {
  const from = mailFrom.toLowerCase();
  const id = identity.toLowerCase();
  if (id.includes("@")) return from === id;
  const domain = from.slice(from.lastIndexOf("@") + 1);
  return domain === id || domain.endsWith(`.${id}`);
};

const emailLocale = (node: Node): EmailLocale => {
  const locale = text(node, "emailLocale") ?? defaultSettings.emailLocale;
  return locale === "zh-CN" || locale === "en"
    ? locale
    : fail(`"emailLocale" must be "zh-CN" or "en", got ${locale}`);
};

const ruleSettings = (node: Node): Record<string, string> => {
  const environment: Record<string, string> = {};
  for (const [key, { env, count }] of Object.entries(ruleSettingKeys)) {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === "") continue;
    const asText = String(value).trim();
    if (count && !/^[1-9]\d{0,8}$/.test(asText))
      fail(`"${key}" must be a whole number of at least 1, got ${asText}`);
    if (!count && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(asText))
      fail(`"${key}" must be a unit id, got ${asText}`);
    environment[env] = asText;
  }
  return environment;
};

export const readSettings = (node: Node): DeploymentSettings => {
  const settings: DeploymentSettings = {
    timeZone: text(node, "timeZone") ?? defaultSettings.timeZone,
    mailFrom: text(node, "mailFrom") ?? defaultSettings.mailFrom,
    emailLocale: emailLocale(node),
    sesIdentity: text(node, "sesIdentity") ?? defaultSettings.sesIdentity,
    corsOrigins: list(node, "corsOrigins") ?? defaultSettings.corsOrigins,
    alarmEmail: text(node, "alarmEmail"),
    nag: flag(node, "nag"),
    ruleSettings: ruleSettings(node),
  };
  if (!isTimeZone(settings.timeZone)) fail(`"timeZone" ${settings.timeZone} is not an IANA time zone`);
  if (!emailPattern.test(settings.mailFrom)) fail(`"mailFrom" ${settings.mailFrom} is not an email address`);
  if (!emailPattern.test(settings.sesIdentity) && !domainPattern.test(settings.sesIdentity)) {
    fail(`"sesIdentity" ${settings.sesIdentity} is neither a domain nor an email address`);
  }
  if (!senderMatchesIdentity(settings.mailFrom, settings.sesIdentity)) {
    fail(`"mailFrom" ${settings.mailFrom} cannot be sent through SES identity ${settings.sesIdentity}`);
  }
  if (settings.corsOrigins.length === 0) fail(`"corsOrigins" must list at least one origin`);
  for (const origin of settings.corsOrigins) {
    if (!isOrigin(origin))
      fail(`"corsOrigins" entry ${origin} is not an origin like https://app.example.org`);
  }
  if (settings.alarmEmail !== undefined && !emailPattern.test(settings.alarmEmail)) {
    fail(`"alarmEmail" ${settings.alarmEmail} is not an email address`);
  }
  return settings;
};
