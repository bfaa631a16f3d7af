/**
 * What the violation repository asks DynamoDB for: which index and partition each listing reads,
 * which conditions stay outside its key, and how its cursors and full reads page, against a
 * scripted client.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it, vi } from "vitest";
import { ConflictError } from "../../shared/platform/errors.ts";
import { violationEntity, violationRepository } from "../../shared/violations/repository.ts";
import { fakeDynamo } from "../fakes/dynamo.ts";
import { useEnv } from "../fakes/env.ts";
import { caller, violationRecord } from "../fakes/records.ts";

vi.mock("../../shared/platform/store/client.ts", async () =>
  (await import("../fakes/dynamo.ts")).mockedClientModule(),
);

useEnv("CURSOR_SECRET", "unit-test-cursor-secret-0123456789");
beforeEach(() => fakeDynamo.reset());

const lastQuery = () => fakeDynamo.last("QueryCommand");
const now = new Date("2026-12-07T08:00:00.000Z");

describe("the violation entity", () => {
  it("queues open and responded violations together by due instant, the others by status", () => {
    const open = violationEntity.toItem(violationRecord({ id: "v1", dueAt: "2026-12-14T10:00:00+08:00" }));
    assert.equal(open.gsi3pk, "VIOLATION#unresolved");
    assert.equal(open.gsi3sk, "2026-12-14T02:00:00.000Z#v1", "due instants sort in UTC");
    assert.equal(
      violationEntity.toItem(violationRecord({ status: "responded" })).gsi3pk,
      "VIOLATION#unresolved",
    );
    assert.equal(
      violationEntity.toItem(violationRecord({ status: "dismissed" })).gsi3pk,
      "VIOLATION#dismissed",
    );
    assert.equal(open.gsi1pk, "VIOLATION#dept-a");
    assert.equal(open.gsi1sk, "2026-11-25#v1");
    assert.equal(open.gsi2pk, "VIOLATION#2026-W48");
    assert.equal(open.gsi2sk, "UNAPPROVED_MEETING#v1");
    assert.equal(open.gsi4pk, "VIOLATION");
    assert.equal(open.schemaVersion, 3);
    assert.ok(!("queue" in open) && !("dueAtUtc" in open), "derived values live only in keys");
  });
});

describe("listing violations", () => {
  it("reads one unit's partition newest first, with every other condition as a filter", async () => {
    await violationRepository.list(
      { unitId: "dept-a", status: "open", rule: "UNAPPROVED_MEETING", window: "2026-W48" },
      10,
    );
    assert.equal(lastQuery().IndexName, "byUnit");
    assert.equal(lastQuery().KeyConditionExpression, "#pk = :pk");
    assert.equal(lastQuery().FilterExpression, "#rule = :rule AND #status = :status AND #window = :window");
    assert.equal(lastQuery().ScanIndexForward, false);
    assert.equal(lastQuery().Limit, 10);
  });

  it("finds the overdue ones by key in the unresolved queue, the longest overdue first", async () => {
    await violationRepository.list({ overdue: { is: true, now }, rule: "UNAPPROVED_MEETING" }, 10);
    assert.equal(lastQuery().IndexName, "byStatus");
    assert.equal(lastQuery().KeyConditionExpression, "#pk = :pk AND #sk < :dueAt");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, {
      ":pk": "VIOLATION#unresolved",
      ":dueAt": "2026-12-07T08:00:00.000Z",
      ":rule": "UNAPPROVED_MEETING",
    });
    assert.equal(lastQuery().ScanIndexForward, true);
  });

  it("filters a unit's partition for overdue ones, which it does not order by due instant", async () => {
    await violationRepository.list({ unitId: "dept-a", overdue: { is: true, now } }, 10);
    assert.equal(lastQuery().IndexName, "byUnit");
    assert.equal(lastQuery().FilterExpression, "#status IN (:unresolved0, :unresolved1) AND #dueAt < :now");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, {
      ":pk": "VIOLATION#dept-a",
      ":unresolved0": "open",
      ":unresolved1": "responded",
      ":now": "2026-12-07T08:00:00.000Z",
    });
    await violationRepository.list(
      { unitId: "dept-a", rule: "OVERDUE_APPROVAL", overdue: { is: true, now } },
      10,
    );
    assert.equal(
      lastQuery().FilterExpression,
      "(#rule = :rule) AND (#status IN (:unresolved0, :unresolved1) AND #dueAt < :now)",
    );
    await violationRepository.list({ overdue: { is: false, now } }, 10);
    assert.equal(lastQuery().IndexName, "byType");
    assert.equal(
      lastQuery().FilterExpression,
      "NOT (#status IN (:unresolved0, :unresolved1) AND #dueAt < :now)",
    );
  });

  it("reads one week's violations from that week's partition", async () => {
    await violationRepository.list({ window: "2026-W48", status: "open" }, 10);
    assert.equal(lastQuery().IndexName, "byDay");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, {
      ":pk": "VIOLATION#2026-W48",
      ":status": "open",
    });
  });

  it("reads a status's queue, telling open from responded by a filter", async () => {
    await violationRepository.list({ status: "responded" }, 10);
    assert.equal(lastQuery().IndexName, "byStatus");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, {
      ":pk": "VIOLATION#unresolved",
      ":status": "responded",
    });
    await violationRepository.list({ status: "rectified", overdue: { is: false, now } }, 10);
    assert.deepEqual(lastQuery().ExpressionAttributeValues, { ":pk": "VIOLATION#rectified" });
    assert.equal(lastQuery().FilterExpression, undefined);
    await violationRepository.list({ status: "open", overdue: { is: false, now } }, 10);
    assert.equal(lastQuery().KeyConditionExpression, "#pk = :pk AND #sk >= :dueAt");
  });

  it("reads every violation newest first when nothing narrows the listing", async () => {
    await violationRepository.list({}, 10);
    assert.equal(lastQuery().IndexName, "byType");
    assert.equal(lastQuery().FilterExpression, undefined);
    assert.equal(lastQuery().ScanIndexForward, false);
  });

  it("asks nothing when no violation can match: a closed one is never overdue", async () => {
    const page = await violationRepository.list({ status: "dismissed", overdue: { is: true, now } }, 10);
    assert.deepEqual(page, { items: [], nextCursor: null });
    assert.equal(fakeDynamo.sent.length, 0);
  });

  it("pages the overdue listing on with a cursor that outlives the instant, but not another listing", async () => {
    const startKey = { pk: "VIOLATION#v1", sk: "VIOLATION", gsi3pk: "VIOLATION#unresolved", gsi3sk: "x" };
    fakeDynamo.answer(() => ({
      Items: [violationEntity.toItem(violationRecord({ dueAt: "2026-12-01T00:00:00.000Z" }))],
      LastEvaluatedKey: startKey,
    }));
    const first = await violationRepository.list({ unitId: "dept-a", overdue: { is: true, now } }, 1);
    assert.deepEqual(first.items, [violationRecord({ dueAt: "2026-12-01T00:00:00.000Z" })]);
    const cursor = first.nextCursor ?? "";
    const later = new Date(now.getTime() + 60_000);
    await violationRepository.list({ unitId: "dept-a", overdue: { is: true, now: later } }, 1, cursor);
    assert.deepEqual(lastQuery().ExclusiveStartKey, startKey);
    await assert.rejects(
      violationRepository.list({ unitId: "dept-b", overdue: { is: true, now } }, 1, cursor),
      /cursor is not valid/,
    );
    await assert.rejects(
      violationRepository.list({ unitId: "dept-a", overdue: { is: false, now } }, 1, cursor),
      /cursor is not valid/,
    );
  });
});

describe("reading violations whole", () => {
  it("follows every page of the unresolved queue, and of one week", async () => {
    fakeDynamo.answerInTurn(
      { Items: [violationEntity.toItem(violationRecord({ id: "v1" }))], LastEvaluatedKey: { pk: "p" } },
      { Items: [violationEntity.toItem(violationRecord({ id: "v2", status: "responded" }))] },
    );
    const unresolved = await violationRepository.unresolved();
    assert.deepEqual(
      unresolved.map((violation) => violation.id),
      ["v1", "v2"],
    );
    const [first, second] = fakeDynamo.inputsOf("QueryCommand");
    assert.equal(first?.IndexName, "byStatus");
    assert.deepEqual(first?.ExpressionAttributeValues, { ":pk": "VIOLATION#unresolved" });
    assert.deepEqual(second?.ExclusiveStartKey, { pk: "p" });

    await violationRepository.openedIn("2026-W48");
    assert.equal(lastQuery().IndexName, "byDay");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, { ":pk": "VIOLATION#2026-W48" });
  });

  it("reads one violation with its audit trail, and none of its evidence", async () => {
    const record = violationRecord();
    fakeDynamo.answer(({ name }) =>
      name === "GetCommand"
        ? { Item: violationEntity.toItem(record) }
        : {
            Items: [
              {
                pk: "VIOLATION#v",
                sk: "AUDIT#2026-11-30T00:00:00.000Z#A",
                entity: "AUDIT",
                at: "2026-11-30T00:00:00.000Z",
                by: "schedule",
                role: "supervisor",
                action: "violation.opened",
                before: null,
                after: record,
              },
            ],
          },
    );
    const { record: read, audit } = await violationRepository.get(record.id);
    assert.deepEqual(read, record);
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ["violation.opened"],
    );
    assert.equal(lastQuery().ConsistentRead, true);
    assert.equal(lastQuery().ExpressionAttributeValues?.[":audit"], "AUDIT#");
  });
});

describe("writing violations", () => {
  const conditionFailed = () =>
    Object.assign(new Error("TransactionCanceledException"), {
      name: "TransactionCanceledException",
      CancellationReasons: [{ Code: "ConditionalCheckFailed" }],
    });

  it("creates a supervisor's finding with its audit entry, and refuses an id taken", async () => {
    const finding = violationRecord({ id: "SUPERVISION_FINDING:X" });
    await violationRepository.create(finding, caller("supervisor"), { ...finding, overdue: false });
    const items = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(items[0]?.Put.ConditionExpression, "attribute_not_exists(pk)");
    assert.equal(items[1]?.Put.Item.action, "violation.opened");
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      violationRepository.create(violationRecord(), caller("supervisor"), violationRecord()),
      (error) => error instanceof ConflictError && error.code === "ALREADY_EXISTS",
    );
  });

  it("moves a violation with its audit entry, unless it changed since it was read", async () => {
    const previous = violationRecord();
    const next = {
      ...previous,
      status: "responded" as const,
      version: 2,
      updatedAt: "2026-12-01T00:00:00.000Z",
    };
    await violationRepository.replace(previous, next, caller("clerk"), "violation.responded");
    const items = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(items[0]?.Put.ConditionExpression, "version = :expected");
    assert.deepEqual(items[0]?.Put.ExpressionAttributeValues, { ":expected": 1 });
    assert.equal(items[0]?.Put.Item.gsi3pk, "VIOLATION#unresolved");
    assert.deepEqual(items[1]?.Put.Item.before, previous);
    assert.deepEqual(items[1]?.Put.Item.after, next);
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      violationRepository.replace(previous, next, caller("clerk"), "violation.responded"),
      (error) => error instanceof ConflictError && error.code === "STATE_CHANGED",
    );
  });
});
