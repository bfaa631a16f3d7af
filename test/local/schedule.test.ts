import assert from "node:assert/strict";
import { describe, it, vi } from "vitest";
import { nextWeeklyRun, scheduleWeekly } from "../../scripts/local/schedule.ts";
import { setSystemClock } from "../../shared/platform/clock.ts";

describe("weekly sweep schedule", () => {
  const shanghai = "Asia/Shanghai";

  it("runs next Monday 08:00 in the configured zone", () => {
    // Friday 2026-11-27 10:00 Shanghai
    assert.equal(
      nextWeeklyRun(new Date("2026-11-27T02:00:00Z"), shanghai).toISOString(),
      "2026-11-30T00:00:00.000Z",
    );
  });

  it("runs the same Monday when it is earlier than 08:00 there", () => {
    // Monday 2026-11-30 07:59 Shanghai, still Sunday in UTC
    assert.equal(
      nextWeeklyRun(new Date("2026-11-29T23:59:00Z"), shanghai).toISOString(),
      "2026-11-30T00:00:00.000Z",
    );
  });

  it("waits a week once Monday 08:00 has passed, even by a millisecond", () => {
    assert.equal(
      nextWeeklyRun(new Date("2026-11-30T00:00:00.000Z"), shanghai).toISOString(),
      "2026-12-07T00:00:00.000Z",
    );
  });

  it("follows daylight saving time in zones that have it", () => {
    // New York: EST (UTC-5) in January, EDT (UTC-4) after the switch on 2026-03-08
    assert.equal(
      nextWeeklyRun(new Date("2026-01-01T00:00:00Z"), "America/New_York").toISOString(),
      "2026-01-05T13:00:00.000Z",
    );
    assert.equal(
      nextWeeklyRun(new Date("2026-03-07T12:00:00Z"), "America/New_York").toISOString(),
      "2026-03-09T12:00:00.000Z",
    );
  });

  it("fires on real time with the Monday 08:00 it was scheduled for, wherever /dev/clock moved the clock", async () => {
    // Monday 2026-11-30 07:59 Shanghai, real time; the use cases' clock three weeks ahead.
    vi.useFakeTimers({ now: new Date("2026-11-29T23:59:00Z") });
    setSystemClock(new Date("2026-12-21T10:00:00+08:00"));
    const fired: string[] = [];
    const schedule = scheduleWeekly(
      async (scheduledAt) => {
        fired.push(scheduledAt.toISOString());
      },
      { timeZone: shanghai },
    );
    try {
      assert.equal(schedule.next()?.toISOString(), "2026-11-30T00:00:00.000Z");
      await vi.advanceTimersByTimeAsync(60_000);
      assert.deepEqual(fired, ["2026-11-30T00:00:00.000Z"]);
      assert.equal(schedule.next()?.toISOString(), "2026-12-07T00:00:00.000Z");
    } finally {
      schedule.stop();
      setSystemClock(undefined);
      vi.useRealTimers();
    }
  });
});
