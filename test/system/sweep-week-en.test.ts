import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Api, startApi } from "./client.ts";
import {
  emailsTo,
  mail,
  mailboxMark,
  NEXT_SWEEP_AT,
  prepareCity,
  reportWeek,
  setClock,
  sweep,
  type Tokens,
  tokensFor,
} from "./support/week.ts";

/** Text the email templates write in Chinese; in English emails none of it may remain. */
const CHINESE_TEMPLATE = /[，。：；、]|贵单位|逾期|整改/;

/** The same week with the deployment's email language switched to English. */
describe("a week swept, in en", () => {
  let api: Api;
  let tokens: Tokens;
  let startedAt = 0;

  beforeAll(async () => {
    // The functions read the setting when they load, as a deployed Lambda reads its environment.
    process.env.EMAIL_LOCALE = "en";
    api = await startApi();
    startedAt = await mailboxMark(api);
    tokens = await tokensFor(api);
    await reportWeek(api, tokens, await prepareCity(api, tokens));
  });

  afterAll(async () => {
    await api.call("DELETE", "/dev/clock");
    await api.stack.stop();
    delete process.env.EMAIL_LOCALE;
  });

  it("writes the digests and the summary in English, dates in Asia/Shanghai", async () => {
    await setClock(api, NEXT_SWEEP_AT);
    const result = await sweep(api, tokens);
    assert.equal(result.status, "completed", JSON.stringify(result));
    assert.equal(result.counts.emailsSent, 5);

    const [health] = await emailsTo(api, mail("health"), startedAt);
    const text = health?.body.text ?? "";
    assert.match(text, /[A-Za-z]{4,} [a-z]{3,}/);
    assert.doesNotMatch(text, CHINESE_TEMPLATE, text);
    // The meeting of 12 November is named by its day in the city's zone.
    assert.match(text, /12 Nov|2030-11-12|November 12/);

    const [summary] = await emailsTo(api, mail("supervision"), startedAt);
    assert.doesNotMatch(summary?.body.text ?? "", CHINESE_TEMPLATE);
    assert.doesNotMatch(summary?.subject ?? "", /[\u4e00-\u9fff]/);
  });
});
