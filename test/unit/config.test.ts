import assert from "node:assert/strict";
import { afterEach, describe, it } from "vitest";
import { reloadConfig } from "../../shared/platform/config.ts";

describe("config", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    reloadConfig();
  });

  it("defaults to Asia/Shanghai and zh-CN", () => {
    delete process.env.TIME_ZONE;
    delete process.env.EMAIL_LOCALE;
    const config = reloadConfig();
    assert.equal(config.TIME_ZONE, "Asia/Shanghai");
    assert.equal(config.EMAIL_LOCALE, "zh-CN");
  });

  it("refuses a time zone that does not exist, at load rather than at the first sweep", () => {
    process.env.TIME_ZONE = "Mars/Olympus_Mons";
    assert.throws(() => reloadConfig(), /IANA time zone/);
  });

  it("refuses API servers that are not http(s) URLs", () => {
    process.env.API_SERVERS = "https://api.city.gov,ftp://files.city.gov";
    assert.throws(() => reloadConfig(), /comma-separated list of http\(s\) URLs/);
    process.env.API_SERVERS = "https://api.city.gov, http://localhost:3000";
    assert.equal(reloadConfig().API_SERVERS, "https://api.city.gov, http://localhost:3000");
  });

  it("refuses a number that is not a positive whole number", () => {
    process.env.MAX_BODY_BYTES = "0";
    assert.throws(() => reloadConfig());
    process.env.MAX_BODY_BYTES = "lots";
    assert.throws(() => reloadConfig());
  });

  it("reads flags from text", () => {
    process.env.VALIDATE_RESPONSES = "true";
    assert.equal(reloadConfig().VALIDATE_RESPONSES, true);
    delete process.env.VALIDATE_RESPONSES;
    assert.equal(reloadConfig().VALIDATE_RESPONSES, false);
  });

  it("reads numbers from text", () => {
    process.env.MEETING_MAX_MINUTES = "120";
    assert.equal(reloadConfig().MEETING_MAX_MINUTES, 120);
  });
});
