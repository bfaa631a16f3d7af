/**
 * The thin adapters to Lambda and SES and the default wiring: the commands they build, with the
 * AWS clients replaced by recorders.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it, vi } from "vitest";
import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { reloadConfig } from "../../shared/platform/config.ts";
import { sesMailer } from "../../shared/platform/email.ts";
import { requestLimits, requestSettings } from "../../shared/requests/limits.ts";
import { awsSweepRunDeps } from "../../shared/sweeps/runner-deps.ts";
import { invokeRunner } from "../../shared/sweeps/use-cases.ts";

const aws = vi.hoisted(() => ({
  clients: [] as { service: string; config: Record<string, unknown> }[],
  commands: [] as { name: string; input: Record<string, unknown> }[],
  reply: {} as Record<string, unknown>,
}));

vi.mock("@aws-sdk/client-lambda", () => ({
  LambdaClient: class {
    constructor(config: Record<string, unknown>) {
      aws.clients.push({ service: "lambda", config });
    }
    async send(command: { input: Record<string, unknown> }) {
      aws.commands.push({ name: "Invoke", input: command.input });
      return {};
    }
  },
  InvokeCommand: class {
    readonly input: Record<string, unknown>;
    constructor(input: Record<string, unknown>) {
      this.input = input;
    }
  },
}));

vi.mock("@aws-sdk/client-ses", () => ({
  SESClient: class {
    constructor(config: Record<string, unknown>) {
      aws.clients.push({ service: "ses", config });
    }
    async send(command: { input: Record<string, unknown> }) {
      aws.commands.push({ name: "SendEmail", input: command.input });
      return aws.reply;
    }
  },
  SendEmailCommand: class {
    readonly input: Record<string, unknown>;
    constructor(input: Record<string, unknown>) {
      this.input = input;
    }
  },
}));

const saved = { ...process.env };
const setEnv = (values: Record<string, string>) => {
  Object.assign(process.env, values);
  reloadConfig();
};
afterEach(() => {
  process.env = { ...saved };
  reloadConfig();
});

describe("handing a sweep to the runner", () => {
  it("invokes the runner function asynchronously with the sweep's id, creating the client once", async () => {
    setEnv({ SWEEP_RUNNER_FUNCTION: "bw-sweep-runner", LAMBDA_ENDPOINT: "http://127.0.0.1:3999" });
    await invokeRunner("S1");
    await invokeRunner("S2");
    const invocations = aws.commands.filter((command) => command.name === "Invoke");
    assert.deepEqual(
      invocations.map(({ input }) => [
        input.FunctionName,
        input.InvocationType,
        Buffer.from(input.Payload as Buffer).toString(),
      ]),
      [
        ["bw-sweep-runner", "Event", '{"sweepId":"S1"}'],
        ["bw-sweep-runner", "Event", '{"sweepId":"S2"}'],
      ],
    );
    const lambdas = aws.clients.filter((client) => client.service === "lambda");
    assert.equal(lambdas.length, 1);
    assert.equal(lambdas[0]?.config.endpoint, "http://127.0.0.1:3999");
  });
});

describe("sending email through SES", () => {
  it("sends HTML and text in UTF-8 from the deployment's sender and configuration set", async () => {
    setEnv({
      MAIL_FROM: "noreply@city.gov",
      SES_CONFIGURATION_SET: "digests",
      SES_ENDPOINT: "http://127.0.0.1:8005",
    });
    aws.reply = { MessageId: "m-1" };
    const id = await sesMailer.send({ to: ["a@city.gov"], subject: "周报", html: "<p>hi</p>", text: "hi" });
    assert.equal(id, "m-1");
    const [sent] = aws.commands.filter((command) => command.name === "SendEmail");
    assert.deepEqual(sent?.input, {
      Source: "noreply@city.gov",
      Destination: { ToAddresses: ["a@city.gov"] },
      ConfigurationSetName: "digests",
      Message: {
        Subject: { Data: "周报", Charset: "UTF-8" },
        Body: { Html: { Data: "<p>hi</p>", Charset: "UTF-8" }, Text: { Data: "hi", Charset: "UTF-8" } },
      },
    });
    assert.equal(
      aws.clients.find((client) => client.service === "ses")?.config.endpoint,
      "http://127.0.0.1:8005",
    );
    aws.reply = {};
    assert.equal(await sesMailer.send({ to: ["a@city.gov"], subject: "s", html: "h", text: "t" }), "");
  });
});

describe("default wiring", () => {
  it("reads the request limits from the deployment's settings", () => {
    setEnv({
      MEETING_MAX_MINUTES: "45",
      MEETING_MIN_NOTICE_HOURS: "24",
      DOCUMENT_MAX_PAGES: "6",
      REQUEST_DECIDE_DAYS: "3",
      TIME_ZONE: "Europe/Berlin",
    });
    assert.deepEqual(requestLimits(), {
      meetingMaxMinutes: 45,
      meetingMinNoticeHours: 24,
      documentMaxPages: 6,
    });
    assert.deepEqual(requestSettings(), { timeZone: "Europe/Berlin", decideDays: 3 });
  });

  it("gives the runner the configured zone, locale, thresholds and addressees, the system clock and sortable ids", () => {
    setEnv({
      TIME_ZONE: "Europe/Berlin",
      EMAIL_LOCALE: "en",
      SWEEP_RUNNER_TIMEOUT_SECONDS: "120",
      MEETING_OVERRUN_MINUTES: "30",
      INSPECTION_VISITS_PER_MONTH: "3",
      VIOLATION_DUE_DAYS: "7",
      APPROVING_UNIT_ID: "gov-office",
      SUPERVISION_UNIT_ID: "inspectorate",
      COMPLAINT_TRIAGE_DAYS: "2",
      COMPLAINT_CLOSE_DAYS: "20",
      SECONDMENT_CONFIRM_DAYS: "10",
    });
    const deps = awsSweepRunDeps();
    assert.deepEqual(deps.settings, {
      timeZone: "Europe/Berlin",
      locale: "en",
      runnerTimeoutSeconds: 120,
      thresholds: {
        meetingOverrunMinutes: 30,
        inspectionVisitsPerMonth: 3,
        complaintTriageDays: 2,
        complaintCloseDays: 20,
        secondmentConfirmDays: 10,
      },
      violationDueDays: 7,
      approvingUnitId: "gov-office",
      supervisionUnitId: "inspectorate",
    });
    assert.equal(deps.clock, systemClock);
    assert.equal(deps.ids, ulidIds);
    assert.ok(Math.abs(systemClock.now().getTime() - Date.now()) < 1000);
    const [first, second] = [ulidIds.next(), ulidIds.next()];
    assert.match(first, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.notEqual(first, second);
  });
});
