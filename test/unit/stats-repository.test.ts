/**
 * What the statistics read of DynamoDB: one Query of a year's counter partition (or of one unit's
 * item in it), every page, figures parsed as numbers; and the overdue violations as a key range
 * of the unresolved queue. Against a scripted client; DynamoDB Local runs them in the system tests.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it, vi } from "vitest";
import { CorruptItemError } from "../../shared/platform/store/entity.ts";
import { statsRepository } from "../../shared/stats/repository.ts";
import { violationEntity, violationRepository } from "../../shared/violations/repository.ts";
import { fakeDynamo } from "../fakes/dynamo.ts";
import { violationRecord } from "../fakes/records.ts";

vi.mock("../../shared/platform/store/client.ts", async () =>
  (await import("../fakes/dynamo.ts")).mockedClientModule(),
);

beforeEach(() => fakeDynamo.reset());

const counterItem = (unitId: string, figures: Record<string, unknown>) => ({
  pk: "STATS#2026",
  sk: `UNIT#${unitId}`,
  entity: "STATS_COUNTERS",
  unitId,
  year: 2026,
  ...figures,
});

describe("the counter items of a year", () => {
  it("are one Query of the year's partition, followed to its last page", async () => {
    fakeDynamo.answerInTurn(
      {
        Items: [counterItem("dept-a", { "meetings.held": 3 })],
        LastEvaluatedKey: { pk: "STATS#2026", sk: "UNIT#dept-a" },
      },
      { Items: [counterItem("dept-b", { "meetings.held": 1, "violations.opened": 2 })] },
    );
    const counters = await statsRepository.countersOf(2026);
    assert.deepEqual(counters, [
      { unitId: "dept-a", figures: { "meetings.held": 3 } },
      { unitId: "dept-b", figures: { "meetings.held": 1, "violations.opened": 2 } },
    ]);
    const [first, second] = fakeDynamo.inputsOf("QueryCommand");
    assert.equal(first?.KeyConditionExpression, "pk = :pk");
    assert.deepEqual(first?.ExpressionAttributeValues, { ":pk": "STATS#2026" });
    assert.equal(first?.IndexName, undefined, "the table's own key, no index");
    assert.deepEqual(second?.ExclusiveStartKey, { pk: "STATS#2026", sk: "UNIT#dept-a" });
  });

  it("are one unit's item only when a unit is named", async () => {
    await statsRepository.countersOf(2025, "dept-a");
    assert.equal(fakeDynamo.last("QueryCommand").KeyConditionExpression, "pk = :pk AND sk = :sk");
    assert.deepEqual(fakeDynamo.last("QueryCommand").ExpressionAttributeValues, {
      ":pk": "STATS#2025",
      ":sk": "UNIT#dept-a",
    });
  });

  it("refuse an item whose figure is not a number as corrupt, never as a client's error", async () => {
    fakeDynamo.answerInTurn({ Items: [counterItem("dept-a", { "meetings.held": "three" })] });
    await assert.rejects(statsRepository.countersOf(2026), CorruptItemError);
  });
});

describe("the overdue violations", () => {
  it("are the unresolved queue's items due before now, by key", async () => {
    const overdue = violationRecord({ dueAt: "2026-11-01T00:00:00.000Z" });
    fakeDynamo.answerInTurn({ Items: [violationEntity.toItem(overdue)] });
    const now = new Date("2026-11-27T08:00:00.000Z");
    assert.deepEqual(await violationRepository.overdueAt(now), [overdue]);
    const query = fakeDynamo.last("QueryCommand");
    assert.equal(query.IndexName, "byStatus");
    assert.equal(query.KeyConditionExpression, "#pk = :pk AND #sk < :now");
    assert.deepEqual(query.ExpressionAttributeValues, {
      ":pk": "VIOLATION#unresolved",
      ":now": "2026-11-27T08:00:00.000Z",
    });
  });
});
