import assert from "node:assert/strict";
import { App } from "aws-cdk-lib";
import { describe, test } from "vitest";
import { defaultSettings, readSettings, senderMatchesIdentity } from "../../infra/settings.ts";
import { cdkJson } from "./fixture.ts";

const settingsWith = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

describe("deployment settings from CDK context", () => {
  test("cdk.json's defaults are valid and match the documented defaults", () => {
    const settings = settingsWith(cdkJson.context);
    assert.equal(settings.timeZone, "Asia/Shanghai");
    assert.equal(settings.emailLocale, "zh-CN");
    assert.equal(settings.nag, false);
    assert.equal(settings.alarmEmail, undefined);
    assert.deepEqual(settings, { ...defaultSettings, nag: false });
  });

  test("an empty context falls back to the defaults", () => {
    assert.deepEqual(settingsWith({}), defaultSettings);
  });

  test("command-line strings are parsed: comma-separated origins, nag=true", () => {
    const settings = settingsWith({
      corsOrigins: "https://a.example.org, https://b.example.org",
      nag: "true",
      alarmEmail: "ops@example.gov",
    });
    assert.deepEqual(settings.corsOrigins, ["https://a.example.org", "https://b.example.org"]);
    assert.equal(settings.nag, true);
    assert.equal(settings.alarmEmail, "ops@example.gov");
  });

  test("an email identity is accepted when mailFrom is that address", () => {
    const settings = settingsWith({ sesIdentity: "notices@example.org", mailFrom: "notices@example.org" });
    assert.equal(settings.sesIdentity, "notices@example.org");
  });

  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ["unknown time zone", { timeZone: "Mars/Olympus" }, /timeZone/],
    ["unsupported locale", { emailLocale: "fr" }, /emailLocale/],
    ["malformed sender", { mailFrom: "not-an-address" }, /mailFrom/],
    ["sender outside the identity's domain", { mailFrom: "x@other.org" }, /cannot be sent through/],
    [
      "sender other than the identity address",
      { sesIdentity: "a@example.gov", mailFrom: "b@example.gov" },
      /cannot/,
    ],
    ["origin with a path", { corsOrigins: ["https://app.example.org/"] }, /corsOrigins/],
    ["origin without scheme", { corsOrigins: ["app.example.org"] }, /corsOrigins/],
    ["malformed alarm email", { alarmEmail: "ops" }, /alarmEmail/],
    ["non-string value", { timeZone: 8 }, /timeZone/],
    ["a threshold of zero", { meetingOverrunMinutes: "0" }, /meetingOverrunMinutes/],
    ["a threshold that is not a number", { inspectionVisitsPerMonth: "two" }, /inspectionVisitsPerMonth/],
    ["a unit id with spaces", { supervisionUnitId: "supervision office" }, /supervisionUnitId/],
  ];
  for (const [name, context, message] of invalid) {
    test(`rejects ${name}`, () => {
      assert.throws(() => settingsWith(context), message);
    });
  }

  test("rule thresholds and addressees become the functions' env vars; those left out keep their defaults", () => {
    const settings = settingsWith({ meetingOverrunMinutes: 30, approvingUnitId: "gov-office" });
    assert.deepEqual(settings.ruleSettings, {
      MEETING_OVERRUN_MINUTES: "30",
      APPROVING_UNIT_ID: "gov-office",
    });
  });

  test("a sender may use a subdomain of a domain identity", () => {
    assert.equal(senderMatchesIdentity("a@mail.example.gov", "example.gov"), true);
    assert.equal(senderMatchesIdentity("a@example.gov.evil.org", "example.gov"), false);
    assert.equal(senderMatchesIdentity("a@notexample.gov", "example.gov"), false);
  });
});
