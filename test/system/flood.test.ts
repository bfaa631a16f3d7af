/**
 * A flood of reports from grassroots accounts: capped per unit and day, and unable to stop the
 * sweep of the flooded week or to push its violation past DynamoDB's item limit.
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { listEmails } from "../../scripts/local/ses.ts";
import { type Api, startApi } from "./client.ts";
import { dayOf, heldMeeting, lastWeek } from "./support/meetings.ts";

/** Runs `tasks` with at most `width` in flight. */
const inBatches = async <T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> => {
  const results: T[] = [];
  for (let offset = 0; offset < tasks.length; offset += width) {
    results.push(...(await Promise.all(tasks.slice(offset, offset + width).map((task) => task()))));
  }
  return results;
};

describe("a flood of reports", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.stack.stop());

  it("caps one unit's reports a day, and the sweep of a flooded week still opens and mails everything", async () => {
    const admin = await api.token("admin", "city-office", "root");
    const villages = [
      "village-1",
      "village-2",
      "village-3",
      "village-4",
      "village-5",
      "village-6",
      "village-7",
      "village-8",
    ];
    for (const id of villages.slice(3)) {
      const created = await api.call("POST", "/v1/units", {
        token: admin,
        body: { id, name: `Village ${id}`, kind: "village", parentId: "township-east", emails: [] },
      });
      assert.equal(created.status, 201);
    }
    const title = (village: string, index: number) =>
      `${"Mobilisation for the winter campaign, session ".repeat(5)}${village} ${index}`.slice(0, 200);
    const report = (village: string, token: string, index: number) => () =>
      api.call("POST", "/v1/events", {
        token,
        body: heldMeeting("dept-education", dayOf(lastWeek, 2), title(village, index)),
      });

    // One village tries 130 reports: the cap lets 100 through and refuses the rest with 429.
    const first = await api.token("grassroots", "village-1", "cadre-village-1");
    const flood = await inBatches(
      Array.from({ length: 130 }, (_, index) => report("village-1", first, index)),
      10,
    );
    assert.equal(flood.filter((reply) => reply.status === 201).length, 100);
    const refused = flood.filter((reply) => reply.status === 429);
    assert.equal(refused.length, 30);
    for (const reply of refused) {
      assert.ok(Number(reply.headers.get("retry-after")) > 0, "Retry-After says when to come back");
      assert.equal(typeof reply.body.error.code, "string");
    }
    // Seven more villages fill their day too: 800 reports of one department's one day.
    for (const village of villages.slice(1)) {
      const token = await api.token("grassroots", village, `cadre-${village}`);
      const replies = await inBatches(
        Array.from({ length: 100 }, (_, index) => report(village, token, index)),
        10,
      );
      assert.deepEqual([...new Set(replies.map((reply) => reply.status))], [201]);
    }
    const health = await api.token("department", "dept-health", "clerk-health");
    assert.equal(
      (
        await api.call("POST", "/v1/events", {
          token: health,
          body: heldMeeting("dept-health", dayOf(lastWeek, 3)),
        })
      ).status,
      201,
    );

    const { makeSweepRunner } = await import("../../shared/sweeps/run.ts");
    const { awsSweepRunDeps } = await import("../../shared/sweeps/runner-deps.ts");
    const before = (await listEmails(api.stack.sesUrl)).length;
    const sweep = await makeSweepRunner(awsSweepRunDeps()).run({
      window: lastWeek.label,
      dryRun: false,
      trigger: "cli",
      createdBy: "test",
    });
    assert.equal(sweep.status, "completed", sweep.error);
    assert.equal(sweep.counts.newViolations, 2);
    const sent = (await listEmails(api.stack.sesUrl)).slice(before);
    assert.deepEqual(sent.map((email) => email.destination.to[0]).sort(), [
      "education@demo.city.gov.cn",
      "health@demo.city.gov.cn",
      "supervision@demo.city.gov.cn",
    ]);

    const supervisor = await api.token("supervisor", "supervision-office", "inspector");
    const listed = await api.call("GET", "/v1/violations?unitId=dept-education", { token: supervisor });
    const [flooded] = listed.body.items;
    assert.equal(flooded.evidence.count, 800);
    assert.equal(flooded.evidence.factIds.length, 20);
    assert.ok(JSON.stringify(flooded).length < 4_000, "the violation stays small");
    const everyRef = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await api.call(
        "GET",
        `/v1/violations/${encodeURIComponent(flooded.id)}/evidence?limit=100${query}`,
        { token: supervisor },
      );
      assert.equal(page.status, 200);
      for (const item of page.body.items) everyRef.add(item.factId);
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(everyRef.size, 800);
    const otherUnit = await api.token("department", "dept-health", "clerk-health");
    const hidden = await api.call("GET", `/v1/violations/${encodeURIComponent(flooded.id)}/evidence`, {
      token: otherUnit,
    });
    assert.equal(hidden.status, 404);
  });
});
