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

  it("reads numbers from text", () => {
    process.env.MEETING_MAX_MINUTES = "120";
    assert.equal(reloadConfig().MEETING_MAX_MINUTES, 120);
  });
});
