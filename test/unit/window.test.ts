import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  localDay,
  localMidnightUtc,
  previousWeek,
  utcDaysBetween,
  windowOfWeek,
} from "../../shared/platform/time.ts";

describe("sweep windows", () => {
  it("takes the previous ISO week in Asia/Shanghai", () => {
    // Monday 2026-11-30 01:00 in Shanghai is still Sunday in UTC: the local week decides.
    const window = previousWeek(new Date("2026-11-29T17:00:00Z"), "Asia/Shanghai");
    assert.equal(window.label, "2026-W48");
    assert.equal(window.firstDay, "2026-11-23");
    assert.equal(window.startUtc, "2026-11-22T16:00:00.000Z");
    assert.equal(window.endUtc, "2026-11-29T16:00:00.000Z");
  });

  it("maps a label to its Monday-to-Monday range", () => {
    const window = windowOfWeek("2026-W49", "Asia/Shanghai");
    assert.equal(window.firstDay, "2026-11-30");
    assert.equal(window.startUtc, "2026-11-29T16:00:00.000Z");
    assert.equal(window.endUtc, "2026-12-06T16:00:00.000Z");
  });

  it("handles the ISO week that belongs to the previous year", () => {
    assert.equal(windowOfWeek("2027-W01", "UTC").firstDay, "2027-01-04");
    assert.equal(previousWeek(new Date("2027-01-05T12:00:00Z"), "UTC").label, "2026-W53");
    assert.equal(windowOfWeek("2026-W53", "UTC").firstDay, "2026-12-28");
  });

  it("refuses a week that does not exist", () => {
    assert.throws(() => windowOfWeek("2025-W53", "UTC"), RangeError);
    assert.throws(() => windowOfWeek("2026-48", "UTC"), RangeError);
  });

  it("finds local midnight across a daylight-saving change", () => {
    assert.equal(
      localMidnightUtc("2026-03-09", "America/New_York").toISOString(),
      "2026-03-09T04:00:00.000Z",
    );
    assert.equal(
      localMidnightUtc("2026-03-07", "America/New_York").toISOString(),
      "2026-03-07T05:00:00.000Z",
    );
  });

  it("names the local day of an instant", () => {
    assert.equal(localDay("2026-11-22T16:30:00Z", "Asia/Shanghai"), "2026-11-23");
    assert.equal(localDay("2026-11-22T16:30:00Z", "UTC"), "2026-11-22");
  });

  it("lists the UTC days a window touches", () => {
    assert.deepEqual(utcDaysBetween("2026-11-22T16:00:00.000Z", "2026-11-29T16:00:00.000Z"), [
      "2026-11-22",
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
  });
});
