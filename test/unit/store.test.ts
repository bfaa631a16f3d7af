/**
 * The entity store's requests to DynamoDB and its handling of DynamoDB's answers (pages,
 * unprocessed keys, cancelled transactions), against a scripted client.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it, vi } from "vitest";
import * as z from "zod/mini";
import { config } from "../../shared/platform/config.ts";
import { ConflictError, DependencyUnavailableError, ValidationError } from "../../shared/platform/errors.ts";
import { CorruptItemError, defineEntity } from "../../shared/platform/store/entity.ts";
import {
  auditPut,
  createAudited,
  equalityFilter,
  getRecord,
  getRecords,
  isConditionFailure,
  queryAll,
  queryPage,
  readApartWithAudit,
  readWithAudit,
  recordsBetween,
  replaceAudited,
  transactWrite,
} from "../../shared/platform/store/store.ts";
import { awsError, fakeDynamo } from "../fakes/dynamo.ts";
import { useEnv } from "../fakes/env.ts";
import { caller } from "../fakes/records.ts";

vi.mock("../../shared/platform/store/client.ts", async () =>
  (await import("../fakes/dynamo.ts")).mockedClientModule(),
);

const noteSchema = z.object({ id: z.string(), unitId: z.string(), at: z.string(), version: z.int() });
type Note = z.infer<typeof noteSchema>;
const noteEntity = defineEntity({
  type: "NOTE",
  version: 1,
  schema: noteSchema,
  primary: ["id"],
  indexes: { byUnit: { pk: ["unitId"], sk: ["at", "id"] }, byDay: { pk: ["unitId"], sk: ["at"] } },
});
const note = (id: string, overrides: Partial<Note> = {}): Note => ({
  id,
  unitId: "dept-a",
  at: "2026-11-25T01:00:00.000Z",
  version: 1,
  ...overrides,
});
const conflict = () => new ConflictError("changed", "STATE_CHANGED");

useEnv("CURSOR_SECRET", "unit-test-cursor-secret-0123456789");
beforeEach(() => fakeDynamo.reset());

describe("reading one record", () => {
  it("reads consistently by primary key and parses the item", async () => {
    fakeDynamo.answer(() => ({ Item: noteEntity.toItem(note("n1")) }));
    assert.deepEqual(await getRecord(noteEntity, { id: "n1" }), note("n1"));
    assert.deepEqual(fakeDynamo.inputsOf("GetCommand"), [
      { TableName: config().TABLE_NAME, Key: { pk: "NOTE#n1", sk: "NOTE" }, ConsistentRead: true },
    ]);
  });

  it("answers undefined for a missing record, and refuses a corrupt one", async () => {
    assert.equal(await getRecord(noteEntity, { id: "none" }), undefined);
    fakeDynamo.answer(() => ({ Item: { pk: "NOTE#n1", sk: "NOTE", id: "n1" } }));
    await assert.rejects(getRecord(noteEntity, { id: "n1" }), CorruptItemError);
  });
});

describe("filters", () => {
  it("joins the given equalities with AND and leaves undefined ones out", () => {
    assert.deepEqual(equalityFilter({ status: "open", rule: undefined, unitId: "dept-a" }), {
      expression: "#status = :status AND #unitId = :unitId",
      names: { "#status": "status", "#unitId": "unitId" },
      values: { ":status": "open", ":unitId": "dept-a" },
    });
    assert.equal(equalityFilter({ status: undefined }), undefined);
    assert.equal(equalityFilter({}), undefined);
  });
});

describe("pages", () => {
  const partition = noteEntity.partition("byUnit", { unitId: "dept-a" });

  it("queries one partition newest first, with the filter, and seals the next position", async () => {
    const last = { pk: "NOTE#n2", sk: "NOTE", gsi1pk: "NOTE#dept-a", gsi1sk: "x#n2" };
    fakeDynamo.answer(() => ({ Items: [noteEntity.toItem(note("n2"))], LastEvaluatedKey: last }));
    const filter = equalityFilter({ version: 1 });
    const page = await queryPage(noteEntity, { partition, filter, limit: 1 });
    assert.deepEqual(page.items, [note("n2")]);
    assert.ok(page.nextCursor);
    assert.ok(!page.nextCursor.includes("NOTE"));
    assert.deepEqual(fakeDynamo.inputsOf("QueryCommand")[0], {
      TableName: config().TABLE_NAME,
      IndexName: "byUnit",
      KeyConditionExpression: "#pk = :pk",
      FilterExpression: "#version = :version",
      ExpressionAttributeNames: { "#pk": "gsi1pk", "#version": "version" },
      ExpressionAttributeValues: { ":pk": "NOTE#dept-a", ":version": 1 },
      Limit: 1,
      ScanIndexForward: false,
      ExclusiveStartKey: undefined,
    });

    fakeDynamo.answer(() => ({ Items: [] }));
    const next = await queryPage(noteEntity, { partition, filter, limit: 1, cursor: page.nextCursor });
    assert.deepEqual(next, { items: [], nextCursor: null });
    assert.deepEqual(fakeDynamo.inputsOf("QueryCommand")[1]?.ExclusiveStartKey, last);
  });

  it("reads oldest first when asked", async () => {
    await queryPage(noteEntity, { partition, limit: 5, newestFirst: false });
    const [input] = fakeDynamo.inputsOf("QueryCommand");
    assert.equal(input?.ScanIndexForward, true);
    assert.equal(input?.FilterExpression, undefined);
  });

  it("refuses another partition's cursor, or another filter's, before asking the table", async () => {
    fakeDynamo.answer(() => ({ Items: [], LastEvaluatedKey: { pk: "NOTE#n1", sk: "NOTE" } }));
    const { nextCursor } = await queryPage(noteEntity, { partition, limit: 1 });
    assert.ok(nextCursor);
    fakeDynamo.reset();
    const otherUnit = noteEntity.partition("byUnit", { unitId: "dept-b" });
    await assert.rejects(
      queryPage(noteEntity, { partition: otherUnit, limit: 1, cursor: nextCursor }),
      ValidationError,
    );
    const filtered = { partition, limit: 1, cursor: nextCursor, filter: equalityFilter({ version: 2 }) };
    await assert.rejects(queryPage(noteEntity, filtered), ValidationError);
    assert.equal(fakeDynamo.sent.length, 0);
  });

  it("follows every page of a partition", async () => {
    fakeDynamo.answerInTurn(
      { Items: [{ n: 1 }], LastEvaluatedKey: { pk: "a" } },
      { Items: [{ n: 2 }], LastEvaluatedKey: { pk: "b" } },
      { Items: [{ n: 3 }] },
    );
    const items = await queryAll({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": "x" },
    });
    assert.deepEqual(items, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.deepEqual(
      fakeDynamo.inputsOf("QueryCommand").map((input) => input.ExclusiveStartKey),
      [undefined, { pk: "a" }, { pk: "b" }],
    );
  });

  it("reads the records whose sort key lies between two instants", async () => {
    fakeDynamo.answer(() => ({ Items: [noteEntity.toItem(note("n1"))] }));
    const partitionOfDay = noteEntity.partition("byDay", { unitId: "dept-a" });
    const records = await recordsBetween(
      noteEntity,
      partitionOfDay,
      "2026-11-25T00:00:00Z",
      "2026-11-26T00:00:00Z",
    );
    assert.deepEqual(records, [note("n1")]);
    const [input] = fakeDynamo.inputsOf("QueryCommand");
    assert.equal(input?.IndexName, "byDay");
    assert.equal(input?.KeyConditionExpression, "#pk = :pk AND #sk BETWEEN :from AND :to");
    assert.deepEqual(input?.ExpressionAttributeNames, { "#pk": "gsi2pk", "#sk": "gsi2sk" });
    assert.deepEqual(input?.ExpressionAttributeValues, {
      ":pk": "NOTE#dept-a",
      ":from": "2026-11-25T00:00:00Z",
      ":to": "2026-11-26T00:00:00Z",
    });
  });
});

describe("many records by key", () => {
  it("asks for each key once, 100 at a time, and again for the keys DynamoDB left unprocessed", async () => {
    const table = config().TABLE_NAME;
    const ids = Array.from({ length: 150 }, (_, index) => `n${index}`);
    let calls = 0;
    fakeDynamo.answer(({ input }) => {
      calls += 1;
      const keys = input.RequestItems?.[table]?.Keys ?? [];
      // The first call leaves its last key for later, as a throttled table does.
      const served = calls === 1 ? keys.slice(0, -1) : keys;
      const left = calls === 1 ? keys.slice(-1) : [];
      return {
        Responses: {
          [table]: served.map(({ pk }) => noteEntity.toItem(note(String(pk).slice("NOTE#".length)))),
        },
        ...(left.length > 0 ? { UnprocessedKeys: { [table]: { Keys: left } } } : {}),
      };
    });
    const records = await getRecords(
      noteEntity,
      [...ids, "n0", "n1"].map((id) => ({ id })),
    );
    assert.deepEqual(records.map((record) => record.id).sort(), [...ids].sort());
    const sizes = fakeDynamo
      .inputsOf("BatchGetCommand")
      .map((input) => input.RequestItems?.[table]?.Keys.length);
    assert.deepEqual(sizes, [100, 1, 50]);
  });

  it("sends nothing for no keys", async () => {
    assert.deepEqual(await getRecords(noteEntity, []), []);
    assert.equal(fakeDynamo.sent.length, 0);
  });
});

describe("audited writes", () => {
  const admin = caller("admin");

  it("writes the audit entry into the record's partition, never over an existing one", () => {
    const put = auditPut("NOTE#n1", admin, "note.changed", { a: 1 }, { a: 2 }, "2026-11-25T00:00:00.000Z");
    assert.equal(put.Put.ConditionExpression, "attribute_not_exists(pk)");
    assert.equal(put.Put.Item.pk, "NOTE#n1");
    assert.match(String(put.Put.Item.sk), /^AUDIT#2026-11-25T00:00:00\.000Z#[0-9A-Z]{26}$/);
    assert.deepEqual(
      { ...put.Put.Item, sk: undefined },
      {
        pk: "NOTE#n1",
        sk: undefined,
        entity: "AUDIT",
        at: "2026-11-25T00:00:00.000Z",
        by: "root",
        role: "admin",
        action: "note.changed",
        before: { a: 1 },
        after: { a: 2 },
      },
    );
  });

  it("creates a record and its first audit entry in one transaction", async () => {
    await createAudited(
      noteEntity,
      note("n1"),
      { caller: admin, action: "note.created", at: "t1" },
      conflict,
    );
    const [record, entry] = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(record?.Put.ConditionExpression, "attribute_not_exists(pk)");
    assert.deepEqual(record?.Put.Item, noteEntity.toItem(note("n1")));
    assert.equal(entry?.Put.Item.action, "note.created");
    assert.equal(entry?.Put.Item.before, null);
    assert.deepEqual(entry?.Put.Item.after, note("n1"));
  });

  it("replaces a record only at the version it was read, auditing before and after", async () => {
    const before = note("n1");
    const after = note("n1", { at: "2026-11-26T00:00:00.000Z", version: 2 });
    await replaceAudited(
      noteEntity,
      before,
      after,
      { caller: admin, action: "note.updated", at: "t2" },
      conflict,
    );
    const [record, entry] = fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
    assert.equal(record?.Put.ConditionExpression, "version = :expected");
    assert.deepEqual(record?.Put.ExpressionAttributeValues, { ":expected": 1 });
    assert.deepEqual(entry?.Put.Item.before, before);
    assert.deepEqual(entry?.Put.Item.after, after);
  });

  it("turns a lost condition into the caller's conflict and lets other failures through", async () => {
    const cancelled = awsError("TransactionCanceledException", {
      CancellationReasons: [{ Code: "None" }, { Code: "ConditionalCheckFailed" }],
    });
    fakeDynamo.answerInTurn(cancelled);
    await assert.rejects(
      transactWrite([], conflict),
      (error) => error instanceof ConflictError && error.code === "STATE_CHANGED",
    );
    fakeDynamo.answerInTurn(awsError("ThrottlingException"));
    await assert.rejects(
      transactWrite([], conflict),
      (error) => error instanceof Error && error.name === "ThrottlingException",
    );
    fakeDynamo.answerInTurn({});
    await transactWrite([], conflict);
  });

  it("sends a transaction that collided with another again, and tells the conflict which item failed", async () => {
    const cancelled = (...codes: string[]) =>
      awsError("TransactionCanceledException", { CancellationReasons: codes.map((Code) => ({ Code })) });
    fakeDynamo.answerInTurn(cancelled("TransactionConflict", "None"), {});
    await transactWrite([], conflict);
    assert.equal(fakeDynamo.inputsOf("TransactWriteCommand").length, 2);
    const failures: number[] = [];
    fakeDynamo.answerInTurn(cancelled("None", "None", "ConditionalCheckFailed"));
    await assert.rejects(
      transactWrite([], (failedAt) => {
        failures.push(failedAt);
        return conflict();
      }),
      ConflictError,
    );
    assert.deepEqual(failures, [2]);
    fakeDynamo.answer(() => {
      throw cancelled("TransactionConflict");
    });
    await assert.rejects(
      transactWrite([], conflict),
      (error) => error instanceof DependencyUnavailableError && error.headers["retry-after"] === "1",
    );
  });

  it("recognises a lost condition only by DynamoDB's own names and reasons", () => {
    assert.equal(isConditionFailure(awsError("ConditionalCheckFailedException")), true);
    const reasons = (...codes: string[]) =>
      awsError("TransactionCanceledException", { CancellationReasons: codes.map((Code) => ({ Code })) });
    assert.equal(isConditionFailure(reasons("None", "ConditionalCheckFailed")), true);
    assert.equal(isConditionFailure(reasons("TransactionConflict")), false);
    assert.equal(isConditionFailure(awsError("TransactionCanceledException")), false);
    assert.equal(
      isConditionFailure(
        awsError("TransactionCanceledException", { CancellationReasons: "ConditionalCheckFailed" }),
      ),
      false,
    );
    assert.equal(
      isConditionFailure(awsError("TransactionCanceledException", { CancellationReasons: [null, "x"] })),
      false,
    );
    assert.equal(isConditionFailure(awsError("ValidationException")), false);
    assert.equal(isConditionFailure({ name: "ConditionalCheckFailedException" }), false);
  });
});

describe("a record with its audit trail", () => {
  const entry = (action: string, at: string) => ({
    pk: "NOTE#n1",
    sk: `AUDIT#${at}#01`,
    entity: "AUDIT",
    at,
    by: "root",
    role: "admin",
    action,
    before: null,
    after: null,
  });
  const trail = () => [
    entry("note.created", "2026-11-01T00:00:00.000Z"),
    entry("note.updated", "2026-11-02T00:00:00.000Z"),
  ];

  /** Both reads answer the record and its entries, oldest first, without their keys, consistently. */
  const assertReadWhole = ({ record, audit }: Awaited<ReturnType<typeof readWithAudit<Note>>>) => {
    assert.deepEqual(record, note("n1"));
    assert.deepEqual(
      audit.map((item) => [item.action, item.at]),
      [
        ["note.created", "2026-11-01T00:00:00.000Z"],
        ["note.updated", "2026-11-02T00:00:00.000Z"],
      ],
    );
    assert.ok(!("pk" in (audit[0] ?? {})));
    const [input] = fakeDynamo.inputsOf("QueryCommand");
    assert.equal(input?.ConsistentRead, true);
    return input;
  };

  it("reads both from the one partition, oldest entry first", async () => {
    fakeDynamo.answer(() => ({ Items: [noteEntity.toItem(note("n1")), ...trail()] }));
    const input = assertReadWhole(await readWithAudit(noteEntity, { id: "n1" }));
    assert.deepEqual(input?.ExpressionAttributeValues, { ":pk": "NOTE#n1" });
  });

  it("apart: reads the record and only its trail (not what else its partition keeps), oldest entry first", async () => {
    fakeDynamo.answer(({ name }) =>
      name === "GetCommand" ? { Item: noteEntity.toItem(note("n1")) } : { Items: trail() },
    );
    const input = assertReadWhole(await readApartWithAudit(noteEntity, { id: "n1" }));
    assert.equal(input?.KeyConditionExpression, "pk = :pk AND begins_with(sk, :audit)");
    assert.deepEqual(input?.ExpressionAttributeValues, { ":pk": "NOTE#n1", ":audit": "AUDIT#" });
    assert.equal(fakeDynamo.last("GetCommand").ConsistentRead, true);
  });

  it("answers no record when only the trail is there", async () => {
    assert.deepEqual(await readWithAudit(noteEntity, { id: "gone" }), { record: undefined, audit: [] });
  });
});
