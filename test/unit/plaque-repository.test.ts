/**
 * What the plaque repository asks DynamoDB for: plaque types by key and in one partition, the
 * partitions each plaque listing reads, the counters each write carries, and the sweep's queue.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it, vi } from "vitest";
import { plaqueEntity, plaqueRepository, plaqueTypeEntity } from "../../shared/plaques/repository.ts";
import type { Plaque, PlaqueType } from "../../shared/plaques/schemas.ts";
import { ConflictError } from "../../shared/platform/errors.ts";
import { awsError, fakeDynamo } from "../fakes/dynamo.ts";
import { useEnv } from "../fakes/env.ts";
import { caller } from "../fakes/records.ts";

vi.mock("../../shared/platform/store/client.ts", async () =>
  (await import("../fakes/dynamo.ts")).mockedClientModule(),
);

useEnv("CURSOR_SECRET", "unit-test-cursor-secret-0123456789");
beforeEach(() => fakeDynamo.reset());

const plaqueType = (overrides: Partial<PlaqueType> = {}): PlaqueType => ({
  id: "t1",
  name: "村民委员会",
  description: "The villagers' committee",
  createdBy: "root",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  version: 1,
  ...overrides,
});

const plaque = (overrides: Partial<Plaque> = {}): Plaque => ({
  id: "p1",
  villageUnitId: "village-1",
  title: "Extension station",
  issuingUnitId: "dept-a",
  status: "to_remove",
  removeBy: "2026-12-28",
  createdBy: "village-head",
  createdAt: "2026-11-28T02:00:00.000Z",
  updatedAt: "2026-11-28T02:00:00.000Z",
  version: 1,
  ...overrides,
});

const lastQuery = () => fakeDynamo.last("QueryCommand");
const conditionFailed = () =>
  awsError("TransactionCanceledException", { CancellationReasons: [{ Code: "ConditionalCheckFailed" }] });
const stateChanged = (error: unknown) => error instanceof ConflictError && error.code === "STATE_CHANGED";

describe("the plaque entities", () => {
  it("key a plaque by village, issuing unit, status by removeBy, and creation", () => {
    const item = plaqueEntity.toItem(plaque());
    assert.equal(item.gsi1pk, "PLAQUE#village-1");
    assert.equal(item.gsi1sk, "2026-11-28T02:00:00.000Z#p1");
    assert.equal(item.gsi2pk, "PLAQUE#dept-a");
    assert.equal(item.gsi3pk, "PLAQUE#to_remove");
    assert.equal(item.gsi3sk, "2026-12-28#p1");
    assert.equal(item.gsi4pk, "PLAQUE");
    const admitted = plaqueEntity.toItem(plaque({ status: "admitted", removeBy: undefined }));
    assert.equal(admitted.gsi3pk, "PLAQUE#admitted");
    assert.equal(admitted.gsi3sk, "#p1");
    assert.equal(plaqueTypeEntity.toItem(plaqueType()).gsi4sk, "2026-01-01T00:00:00.000Z#t1");
  });
});

describe("plaque types", () => {
  it("are read by key, a page oldest first, or all of them", async () => {
    fakeDynamo.answer(({ name }) =>
      name === "GetCommand"
        ? { Item: plaqueTypeEntity.toItem(plaqueType()) }
        : { Items: [plaqueTypeEntity.toItem(plaqueType())] },
    );
    assert.deepEqual(await plaqueRepository.getType("t1"), plaqueType());
    assert.deepEqual(fakeDynamo.last("GetCommand").Key, { pk: "PLAQUE_TYPE#t1", sk: "PLAQUE_TYPE" });
    const page = await plaqueRepository.listTypes(5);
    assert.deepEqual(page.items, [plaqueType()]);
    assert.equal(lastQuery().IndexName, "byType");
    assert.equal(lastQuery().ScanIndexForward, true);
    assert.equal(lastQuery().Limit, 5);
    assert.deepEqual(await plaqueRepository.allTypes(), [plaqueType()]);
    assert.deepEqual(lastQuery().ExpressionAttributeValues, { ":pk": "PLAQUE_TYPE" });
  });

  it("are created and replaced with their audit entries, refusing a taken id or a stale version", async () => {
    await plaqueRepository.createType(plaqueType(), caller("admin"));
    let items = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(items[1]?.Put.Item.action, "plaque_type.created");
    const next = { ...plaqueType(), description: "new", version: 2, updatedAt: "2026-02-01T00:00:00.000Z" };
    await plaqueRepository.replaceType(plaqueType(), next, caller("admin"));
    items = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(items[0]?.Put.ConditionExpression, "version = :expected");
    assert.equal(items[1]?.Put.Item.action, "plaque_type.updated");
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      plaqueRepository.createType(plaqueType(), caller("admin")),
      (error) => error instanceof ConflictError && error.code === "ALREADY_EXISTS",
    );
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(plaqueRepository.replaceType(plaqueType(), next, caller("admin")), stateChanged);
  });
});

describe("listing plaques", () => {
  it("reads a village's partition, filtering the issuing unit and status", async () => {
    await plaqueRepository.list(
      { villageUnitId: "village-1", issuingUnitId: "dept-a", status: "admitted" },
      10,
    );
    assert.equal(lastQuery().IndexName, "byUnit");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, {
      ":pk": "PLAQUE#village-1",
      ":issuingUnitId": "dept-a",
      ":status": "admitted",
    });
    assert.equal(lastQuery().ScanIndexForward, false);
  });

  it("reads an issuing unit's partition, a status's queue by removeBy, or every plaque", async () => {
    await plaqueRepository.list({ issuingUnitId: "dept-a", status: "removed" }, 10);
    assert.equal(lastQuery().IndexName, "byDay");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, { ":pk": "PLAQUE#dept-a", ":status": "removed" });
    await plaqueRepository.list({ status: "to_remove" }, 10);
    assert.equal(lastQuery().IndexName, "byStatus");
    assert.deepEqual(lastQuery().ExpressionAttributeValues, { ":pk": "PLAQUE#to_remove" });
    assert.equal(lastQuery().ScanIndexForward, true);
    await plaqueRepository.list({}, 10);
    assert.equal(lastQuery().IndexName, "byType");
    assert.equal(lastQuery().ScanIndexForward, false);
  });
});

describe("the plaques to remove", () => {
  it("are the whole to_remove queue, every page, the earliest removeBy first", async () => {
    fakeDynamo.answerInTurn(
      { Items: [plaqueEntity.toItem(plaque({ id: "p1" }))], LastEvaluatedKey: { pk: "p" } },
      { Items: [plaqueEntity.toItem(plaque({ id: "p2", removeBy: "2026-12-30" }))] },
    );
    const due = await plaqueRepository.toRemove();
    assert.deepEqual(
      due.map((item) => [item.id, item.removeBy]),
      [
        ["p1", "2026-12-28"],
        ["p2", "2026-12-30"],
      ],
    );
    const [first, second] = fakeDynamo.inputsOf("QueryCommand");
    assert.equal(first?.IndexName, "byStatus");
    assert.deepEqual(first?.ExpressionAttributeValues, { ":pk": "PLAQUE#to_remove" });
    assert.deepEqual(second?.ExclusiveStartKey, { pk: "p" });
  });
});

describe("writing plaques", () => {
  it("registers a plaque with its audit entry and counters, and moves it unless it changed meanwhile", async () => {
    await plaqueRepository.create(plaque(), caller("village"), [
      { year: 2026, unitId: "village-1", deltas: { "plaques.registered": 1, "plaques.admitted": 0 } },
      { year: 2026, unitId: "dept-a", deltas: { "plaques.demanded": 1 } },
    ]);
    let items = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(items[1]?.Put.Item.action, "plaque.registered");
    assert.deepEqual(items[2]?.Update?.Key, { pk: "STATS#2026", sk: "UNIT#village-1" });
    assert.deepEqual(items[3]?.Update?.Key, { pk: "STATS#2026", sk: "UNIT#dept-a" });
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      plaqueRepository.create(plaque(), caller("village"), []),
      (error) => error instanceof ConflictError && error.code === "ALREADY_EXISTS",
    );

    const next = { ...plaque(), status: "removed" as const, removedOn: "2026-12-01", version: 2 };
    fakeDynamo.reset();
    await plaqueRepository.replace(plaque(), next, caller("village"), "plaque.removed", [
      { year: 2026, unitId: "village-1", deltas: { "plaques.removed": 1, "plaques.pending": -1 } },
    ]);
    items = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(items[0]?.Put.Item.gsi3pk, "PLAQUE#removed");
    assert.equal(items[1]?.Put.Item.action, "plaque.removed");
    assert.equal(items.length, 3);
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      plaqueRepository.replace(plaque(), next, caller("village"), "plaque.removed", []),
      stateChanged,
    );
  });

  it("reads one plaque by key and with its trail", async () => {
    fakeDynamo.answer(({ name }) =>
      name === "GetCommand"
        ? { Item: plaqueEntity.toItem(plaque()) }
        : { Items: [plaqueEntity.toItem(plaque())] },
    );
    assert.deepEqual(await plaqueRepository.get("p1"), plaque());
    const { record, audit } = await plaqueRepository.getWithAudit("p1");
    assert.deepEqual(record, plaque());
    assert.deepEqual(audit, []);
  });
});
