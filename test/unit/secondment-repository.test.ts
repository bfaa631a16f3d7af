/**
 * What the secondment repository asks DynamoDB for: the partitions each listing reads, the counters
 * and audit entry each write carries in its transaction, and how the sweep's full read pages.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it, vi } from "vitest";
import { ConflictError } from "../../shared/platform/errors.ts";
import { secondmentEntity, secondmentRepository } from "../../shared/secondments/repository.ts";
import type { Secondment } from "../../shared/secondments/schemas.ts";
import { awsError, fakeDynamo } from "../fakes/dynamo.ts";
import { useEnv } from "../fakes/env.ts";
import { caller } from "../fakes/records.ts";

vi.mock("../../shared/platform/store/client.ts", async () =>
  (await import("../fakes/dynamo.ts")).mockedClientModule(),
);

useEnv("CURSOR_SECRET", "unit-test-cursor-secret-0123456789");
beforeEach(() => fakeDynamo.reset());

const secondment = (overrides: Partial<Secondment> = {}): Secondment => ({
  id: "s1",
  personRef: "借调-2026-003",
  fromUnitId: "village-1",
  toUnitId: "dept-a",
  startDate: "2026-03-02",
  returnBy: "2026-06-30",
  purpose: "School safety",
  registeredBy: "borrower",
  status: "pending_confirmation",
  createdBy: "clerk",
  createdAt: "2026-03-02T01:00:00.000Z",
  updatedAt: "2026-03-02T01:00:00.000Z",
  version: 1,
  ...overrides,
});

const lastQuery = () => fakeDynamo.last("QueryCommand");

describe("the secondment entity", () => {
  it("sits in its borrower's and its lender's partitions, and in the outstanding queue by returnBy until returned", () => {
    const item = secondmentEntity.toItem(secondment());
    assert.equal(item.pk, "SECONDMENT#s1");
    assert.equal(item.gsi1pk, "SECONDMENT#dept-a");
    assert.equal(item.gsi1sk, "2026-03-02#s1");
    assert.equal(item.gsi2pk, "SECONDMENT#village-1");
    assert.equal(item.gsi3pk, "SECONDMENT#outstanding");
    assert.equal(item.gsi3sk, "2026-06-30#s1");
    assert.equal(item.gsi4pk, "SECONDMENT");
    assert.equal(item.gsi4sk, "2026-03-02T01:00:00.000Z#s1");
    assert.equal(secondmentEntity.toItem(secondment({ status: "active" })).gsi3pk, "SECONDMENT#outstanding");
    assert.equal(secondmentEntity.toItem(secondment({ status: "returned" })).gsi3pk, "SECONDMENT#returned");
    assert.ok(!("queue" in item), "the queue lives only in the key");
    assert.deepEqual(secondmentEntity.fromItem(item), secondment());
  });
});

describe("listing secondments", () => {
  it("reads the borrower's partition, or the lender's, newest start first, filtering the status", async () => {
    await secondmentRepository.list({ borrower: "dept-a", status: "active" }, 10);
    assert.equal(lastQuery().IndexName, "byUnit");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, {
      ":pk": "SECONDMENT#dept-a",
      ":status": "active",
    });
    assert.equal(lastQuery().ScanIndexForward, false);
    assert.equal(lastQuery().Limit, 10);
    await secondmentRepository.list({ lender: "village-1" }, 10);
    assert.equal(lastQuery().IndexName, "byDay");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, { ":pk": "SECONDMENT#village-1" });
    assert.equal(lastQuery().FilterExpression, undefined);
  });

  it("reads a status's queue by returnBy, telling the outstanding statuses apart by a filter", async () => {
    await secondmentRepository.list({ status: "return_declared" }, 10);
    assert.equal(lastQuery().IndexName, "byStatus");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, {
      ":pk": "SECONDMENT#outstanding",
      ":status": "return_declared",
    });
    assert.equal(lastQuery().ScanIndexForward, true);
    await secondmentRepository.list({ status: "returned" }, 10);
    assert.deepEqual(lastQuery().ExpressionAttributeValues, { ":pk": "SECONDMENT#returned" });
  });

  it("reads every secondment newest first when nothing narrows the listing, with a cursor bound to it", async () => {
    const startKey = { pk: "SECONDMENT#s1", sk: "SECONDMENT", gsi4pk: "SECONDMENT", gsi4sk: "x" };
    fakeDynamo.answer(() => ({ Items: [secondmentEntity.toItem(secondment())], LastEvaluatedKey: startKey }));
    const first = await secondmentRepository.list({}, 1);
    assert.equal(lastQuery().IndexName, "byType");
    assert.deepEqual(first.items, [secondment()]);
    await secondmentRepository.list({}, 1, first.nextCursor ?? "");
    assert.deepEqual(lastQuery().ExclusiveStartKey, startKey);
    await assert.rejects(
      secondmentRepository.list({ borrower: "dept-b" }, 1, first.nextCursor ?? ""),
      /cursor is not valid/,
    );
  });
});

describe("reading secondments whole", () => {
  it("follows every page of the outstanding queue for the sweep", async () => {
    fakeDynamo.answerInTurn(
      { Items: [secondmentEntity.toItem(secondment({ id: "s1" }))], LastEvaluatedKey: { pk: "p" } },
      { Items: [secondmentEntity.toItem(secondment({ id: "s2", status: "active" }))] },
    );
    const outstanding = await secondmentRepository.outstanding();
    assert.deepEqual(
      outstanding.map((record) => record.id),
      ["s1", "s2"],
    );
    const [first, second] = fakeDynamo.inputsOf("QueryCommand");
    assert.equal(first?.IndexName, "byStatus");
    assert.deepEqual(first?.ExpressionAttributeValues, { ":pk": "SECONDMENT#outstanding" });
    assert.deepEqual(second?.ExclusiveStartKey, { pk: "p" });
  });

  it("reads one secondment by key, and with its audit trail in one consistent query", async () => {
    fakeDynamo.answer(({ name }) =>
      name === "GetCommand"
        ? { Item: secondmentEntity.toItem(secondment()) }
        : {
            Items: [
              secondmentEntity.toItem(secondment()),
              {
                pk: "SECONDMENT#s1",
                sk: "AUDIT#2026-03-02T01:00:00.000Z#A",
                entity: "AUDIT",
                at: "2026-03-02T01:00:00.000Z",
                by: "clerk",
                role: "department",
                action: "secondment.registered",
                before: null,
                after: secondment(),
              },
            ],
          },
    );
    assert.deepEqual(await secondmentRepository.get("s1"), secondment());
    assert.deepEqual(fakeDynamo.last("GetCommand").Key, { pk: "SECONDMENT#s1", sk: "SECONDMENT" });
    const { record, audit } = await secondmentRepository.getWithAudit("s1");
    assert.deepEqual(record, secondment());
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ["secondment.registered"],
    );
    assert.equal(lastQuery().ConsistentRead, true);
  });
});

describe("writing secondments", () => {
  const conditionFailed = () =>
    awsError("TransactionCanceledException", { CancellationReasons: [{ Code: "ConditionalCheckFailed" }] });

  it("registers a secondment with its audit entry and both units' counters in one transaction", async () => {
    await secondmentRepository.create(secondment(), caller("clerk"), [
      { year: 2026, unitId: "dept-a", deltas: { "secondments.registered": 1 } },
      { year: 2026, unitId: "village-1", deltas: { "secondments.lent": 1 } },
    ]);
    const items = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(items[0]?.Put.ConditionExpression, "attribute_not_exists(pk)");
    assert.equal(items[1]?.Put.Item.action, "secondment.registered");
    assert.deepEqual(items[2]?.Update?.Key, { pk: "STATS#2026", sk: "UNIT#dept-a" });
    assert.deepEqual(items[3]?.Update?.Key, { pk: "STATS#2026", sk: "UNIT#village-1" });
    assert.equal(items.length, 4);
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      secondmentRepository.create(secondment(), caller("clerk"), []),
      (error) => error instanceof ConflictError && error.code === "ALREADY_EXISTS",
    );
  });

  it("moves a secondment with its audit entry and counters, unless it changed since it was read", async () => {
    const previous = secondment();
    const next = {
      ...previous,
      status: "active" as const,
      version: 2,
      updatedAt: "2026-03-03T00:00:00.000Z",
    };
    await secondmentRepository.replace(previous, next, caller("village"), "secondment.confirmed", [
      { year: 2026, unitId: "dept-a", deltas: { "secondments.active": 1 } },
    ]);
    const items = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(items[0]?.Put.ConditionExpression, "version = :expected");
    assert.deepEqual(items[1]?.Put.Item.before, previous);
    assert.equal(items[1]?.Put.Item.action, "secondment.confirmed");
    assert.deepEqual(items[2]?.Update?.Key, { pk: "STATS#2026", sk: "UNIT#dept-a" });
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      secondmentRepository.replace(previous, next, caller("village"), "secondment.confirmed", []),
      (error) => error instanceof ConflictError && error.code === "STATE_CHANGED",
    );
  });
});
