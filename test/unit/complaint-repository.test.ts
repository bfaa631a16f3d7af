/**
 * What the complaint repository asks DynamoDB for, against a scripted client: the items of each
 * transaction (where the identity and the receipt's hash go, and where they never go), the sparse
 * queue of unclosed complaints, and the partitions each listing reads.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it, vi } from "vitest";
import {
  complaintEntity,
  complaintRepository,
  forwardEntity,
  identityEntity,
  receiptEntity,
} from "../../shared/complaints/repository.ts";
import type { ComplaintRecord, ForwardRecord } from "../../shared/complaints/schemas.ts";
import { ConflictError } from "../../shared/platform/errors.ts";
import { runKeyedAttempt } from "../../shared/platform/store/keyed-attempt.ts";
import { awsError, fakeDynamo } from "../fakes/dynamo.ts";
import { useEnv } from "../fakes/env.ts";
import { caller } from "../fakes/records.ts";

vi.mock("../../shared/platform/store/client.ts", async () =>
  (await import("../fakes/dynamo.ts")).mockedClientModule(),
);

useEnv("CURSOR_SECRET", "unit-test-cursor-secret-0123456789");
beforeEach(() => fakeDynamo.reset());

const AT = "2026-12-07T08:00:00.000Z";
const supervisor = caller("supervisor");
const REPORTER = { sub: "reporter", roles: [], unitId: undefined };

const complaint = (overrides: Partial<ComplaintRecord> = {}): ComplaintRecord => ({
  id: "C1",
  reference: "TS-2026-C1",
  subject: "Ledger",
  text: "Three times",
  category: "document",
  aboutUnitId: "dept-a",
  reporter: { signedIn: true, channel: "online", contactGiven: true },
  status: "new",
  receivedAt: AT,
  messageCount: 0,
  forwardIds: [],
  violationIds: [],
  createdBy: "reporter",
  createdAt: AT,
  updatedAt: AT,
  version: 1,
  ...overrides,
});

const forward = (overrides: Partial<ForwardRecord> = {}): ForwardRecord => ({
  id: "F1",
  complaintId: "C1",
  reference: "TS-2026-C1",
  category: "document",
  unitId: "dept-a",
  text: "Redacted",
  status: "forwarded",
  forwardedAt: AT,
  forwardedBy: "super",
  createdBy: "super",
  createdAt: AT,
  updatedAt: AT,
  version: 1,
  ...overrides,
});

const transaction = () => fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];

describe("the complaint entities", () => {
  it("queue a complaint until it is closed, and list every one by receipt instant", () => {
    const open = complaintEntity.toItem(complaint());
    assert.equal(open.pk, "COMPLAINT#C1");
    assert.equal(open.gsi3pk, "COMPLAINT#unclosed");
    assert.equal(open.gsi3sk, `${AT}#C1`);
    assert.equal(open.gsi4pk, "COMPLAINT");
    assert.equal(open.gsi4sk, `${AT}#C1`);
    assert.ok(!("queue" in open));
    for (const status of ["triaged", "investigating"] as const) {
      assert.equal(complaintEntity.toItem(complaint({ status })).gsi3pk, "COMPLAINT#unclosed");
    }
    for (const status of ["resolved", "unfounded"] as const) {
      const closed = complaintEntity.toItem(complaint({ status }));
      assert.ok(!("gsi3pk" in closed) && !("gsi3sk" in closed), `${status} leaves the queue`);
      assert.equal(closed.gsi4pk, "COMPLAINT");
    }
  });

  it("keep the receipt's hash, the identity and forwards in partitions of their own", () => {
    assert.equal(receiptEntity.toItem({ receiptHash: "h", complaintId: "C1" }).pk, "COMPLAINT_RECEIPT#h");
    assert.equal(identityEntity.toItem({ complaintId: "C1", sub: "s" }).pk, "COMPLAINT_IDENTITY#C1");
    const item = forwardEntity.toItem(forward());
    assert.equal(item.pk, "COMPLAINT_FORWARD#F1");
    assert.equal(item.gsi1pk, "COMPLAINT_FORWARD#dept-a");
    assert.equal(item.gsi1sk, `${AT}#F1`);
  });
});

describe("filing", () => {
  it("writes the complaint, its trail, the receipt's hash, the identity apart and the counters at once", async () => {
    const identity = { complaintId: "C1", sub: "cadre-7", unitId: "village-1", contact: "phone 123" };
    await complaintRepository.file(
      {
        record: complaint(),
        receiptHash: "hash-of-receipt",
        identity,
        counters: [{ year: 2026, unitId: "dept-a", deltas: { "complaints.received": 1 } }],
      },
      REPORTER,
      { receipt: "SECRET" },
    );
    const items = transaction();
    assert.deepEqual(
      items.map((item) => (item.Put ? String(item.Put.Item.pk) : String(item.Update?.Key.pk))),
      [
        "COMPLAINT#C1",
        "COMPLAINT#C1",
        "COMPLAINT_RECEIPT#hash-of-receipt",
        "COMPLAINT_IDENTITY#C1",
        "STATS#2026",
      ],
    );
    const [record, audit, , stored] = items;
    assert.equal(audit?.Put.Item.by, "reporter");
    assert.equal(audit?.Put.Item.action, "complaint.received");
    assert.deepEqual(stored?.Put.Item.contact, "phone 123");
    const complaintSide = JSON.stringify([record, audit]);
    for (const secret of ["cadre-7", "village-1", "phone 123", "SECRET"]) {
      assert.ok(!complaintSide.includes(secret), secret);
    }
    for (const item of items.slice(0, 4))
      assert.equal(item.Put.ConditionExpression, "attribute_not_exists(pk)");
  });

  it("writes no identity item for an anonymous complaint, and completes a keyed attempt", async () => {
    await runKeyedAttempt({ key: "k", token: "t" }, () =>
      complaintRepository.file({ record: complaint(), receiptHash: "h", counters: [] }, REPORTER, {
        id: "C1",
      }),
    );
    const items = transaction();
    assert.equal(items.length, 4);
    assert.ok(!JSON.stringify(items).includes("COMPLAINT_IDENTITY"));
    assert.equal(items.at(-1)?.Update?.Key.pk, "IDEMPOTENCY#k");
  });

  it("says ALREADY_EXISTS when the id is taken", async () => {
    fakeDynamo.answer(() => {
      throw awsError("TransactionCanceledException", {
        CancellationReasons: [{ Code: "ConditionalCheckFailed" }],
      });
    });
    await assert.rejects(
      complaintRepository.file({ record: complaint(), receiptHash: "h", counters: [] }, REPORTER, {}),
      (error) => error instanceof ConflictError && error.code === "ALREADY_EXISTS",
    );
  });
});

describe("changing a complaint", () => {
  const previous = complaint();
  const next = complaint({ messageCount: 1, version: 2, updatedAt: "2026-12-07T09:00:00.000Z" });
  const message = { id: "M1", from: "reporter" as const, text: "hello", at: "2026-12-07T09:00:00.000Z" };

  it("writes a message beside it, a forward with its own trail, and counters, in one transaction", async () => {
    await complaintRepository.change(
      {
        previous,
        next,
        action: "complaint.forwarded",
        message,
        forward: forward(),
        counters: [{ year: 2026, unitId: "dept-a", deltas: { "complaints.status.new": -1 } }],
      },
      supervisor,
    );
    const items = transaction();
    const keys = items.map((item) =>
      item.Put ? `${item.Put.Item.pk} ${item.Put.Item.sk}` : `${item.Update?.Key.pk}`,
    );
    assert.equal(keys[0], "COMPLAINT#C1 COMPLAINT");
    assert.match(keys[1] ?? "", /^COMPLAINT#C1 AUDIT#/);
    assert.equal(keys[2], "COMPLAINT#C1 MESSAGE#2026-12-07T09:00:00.000Z#M1");
    assert.equal(keys[3], "COMPLAINT_FORWARD#F1 COMPLAINT_FORWARD");
    assert.match(keys[4] ?? "", /^COMPLAINT_FORWARD#F1 AUDIT#/);
    assert.equal(keys[5], "STATS#2026");
    assert.equal(items[0]?.Put.ConditionExpression, "version = :expected");
    assert.equal(items[2]?.Put.Item.entity, "COMPLAINT_MESSAGE");
  });

  it("says STATE_CHANGED when it lost a race, and changeAfter never completes a keyed attempt", async () => {
    fakeDynamo.answer(() => {
      throw awsError("TransactionCanceledException", {
        CancellationReasons: [{ Code: "ConditionalCheckFailed" }],
      });
    });
    for (const write of [
      () => complaintRepository.change({ previous, next, action: "x" }, supervisor),
      () => complaintRepository.changeAfter({ previous, next, action: "x" }, supervisor),
    ]) {
      await assert.rejects(
        write(),
        (error) => error instanceof ConflictError && error.code === "STATE_CHANGED",
      );
    }
    fakeDynamo.reset();
    await runKeyedAttempt({ key: "k", token: "t" }, () =>
      complaintRepository.changeAfter({ previous, next, action: "complaint.violation_opened" }, supervisor),
    );
    assert.ok(!JSON.stringify(transaction()).includes("IDEMPOTENCY"));
    await runKeyedAttempt({ key: "k", token: "t" }, () =>
      complaintRepository.change({ previous, next, action: "complaint.triaged" }, supervisor),
    );
    assert.equal(transaction().at(-1)?.Update?.Key.pk, "IDEMPOTENCY#k");
  });

  it("answers a forward with its audit entry, STATE_CHANGED when it was answered meanwhile", async () => {
    const answered = forward({ status: "answered", version: 2 });
    await complaintRepository.answerForward(forward(), answered, caller("clerk"), { id: "F1" });
    assert.equal(transaction()[0]?.Put.Item.status, "answered");
    assert.equal(transaction()[1]?.Put.Item.action, "forward.answered");
    fakeDynamo.answer(() => {
      throw awsError("TransactionCanceledException", {
        CancellationReasons: [{ Code: "ConditionalCheckFailed" }],
      });
    });
    await assert.rejects(
      complaintRepository.answerForward(forward(), answered, caller("clerk"), {}),
      (error) => error instanceof ConflictError && error.code === "STATE_CHANGED",
    );
  });
});

describe("reading complaints", () => {
  it("reads one with its messages and trail in one consistent Query, and none of anything else", async () => {
    const record = complaint();
    fakeDynamo.answer(() => ({
      Items: [
        complaintEntity.toItem(record),
        {
          pk: "COMPLAINT#C1",
          sk: "AUDIT#x",
          entity: "AUDIT",
          at: AT,
          by: "reporter",
          role: "",
          action: "complaint.received",
          before: null,
          after: record,
        },
        {
          pk: "COMPLAINT#C1",
          sk: `MESSAGE#${AT}#M1`,
          entity: "COMPLAINT_MESSAGE",
          id: "M1",
          from: "reporter",
          text: "hi",
          at: AT,
        },
      ],
    }));
    const read = await complaintRepository.getWithTrail("C1");
    assert.deepEqual(read.record, record);
    assert.equal(read.audit[0]?.action, "complaint.received");
    assert.deepEqual(read.messages, [{ id: "M1", from: "reporter", text: "hi", at: AT }]);
    const query = fakeDynamo.last("QueryCommand");
    assert.equal(query.ConsistentRead, true);
    assert.deepEqual(query.ExpressionAttributeValues, { ":pk": "COMPLAINT#C1" });
    fakeDynamo.answer(() => ({ Items: [] }));
    assert.equal((await complaintRepository.getWithTrail("C2")).record, undefined);
  });

  it("reads the messages alone, a receipt's lookup, an identity and forwards by key", async () => {
    fakeDynamo.answer(() => ({ Items: [] }));
    await complaintRepository.messages("C1");
    assert.deepEqual(fakeDynamo.last("QueryCommand").ExpressionAttributeValues, {
      ":pk": "COMPLAINT#C1",
      ":message": "MESSAGE#",
    });
    fakeDynamo.answer(() => ({ Item: receiptEntity.toItem({ receiptHash: "h", complaintId: "C1" }) }));
    assert.deepEqual(await complaintRepository.receipt("h"), { receiptHash: "h", complaintId: "C1" });
    assert.deepEqual(fakeDynamo.last("GetCommand").Key, {
      pk: "COMPLAINT_RECEIPT#h",
      sk: "COMPLAINT_RECEIPT",
    });
    fakeDynamo.answer(() => ({}));
    assert.equal(await complaintRepository.identity("C1"), undefined);
    assert.deepEqual(fakeDynamo.last("GetCommand").Key, {
      pk: "COMPLAINT_IDENTITY#C1",
      sk: "COMPLAINT_IDENTITY",
    });
    fakeDynamo.answer(() => ({ Item: forwardEntity.toItem(forward()) }));
    assert.deepEqual(await complaintRepository.getForward("F1"), forward());
    fakeDynamo.answer(() => ({ Responses: { "burden-watch": [forwardEntity.toItem(forward())] } }));
    assert.deepEqual(await complaintRepository.getForwards(["F1"]), [forward()]);
    fakeDynamo.answer(() => ({ Item: complaintEntity.toItem(complaint()) }));
    assert.deepEqual(await complaintRepository.get("C1"), complaint());
  });

  it("lists from the unclosed queue for an unclosed status, else from every complaint, newest first", async () => {
    fakeDynamo.answer(() => ({ Items: [] }));
    await complaintRepository.list("triaged", 10);
    let query = fakeDynamo.last("QueryCommand");
    assert.equal(query.IndexName, "byStatus");
    assert.deepEqual(query.ExpressionAttributeValues, { ":pk": "COMPLAINT#unclosed", ":status": "triaged" });
    assert.equal(query.ScanIndexForward, false);
    await complaintRepository.list("resolved", 10);
    query = fakeDynamo.last("QueryCommand");
    assert.equal(query.IndexName, "byType");
    assert.deepEqual(query.ExpressionAttributeValues, { ":pk": "COMPLAINT", ":status": "resolved" });
    await complaintRepository.list(undefined, 10);
    query = fakeDynamo.last("QueryCommand");
    assert.equal(query.IndexName, "byType");
    assert.equal(query.FilterExpression, undefined);
    await complaintRepository.forwardsTo("dept-a", 5);
    query = fakeDynamo.last("QueryCommand");
    assert.equal(query.IndexName, "byUnit");
    assert.deepEqual(query.ExpressionAttributeValues, { ":pk": "COMPLAINT_FORWARD#dept-a" });
  });

  it("reads the whole unclosed queue, oldest first, following pages", async () => {
    fakeDynamo.answerInTurn(
      { Items: [complaintEntity.toItem(complaint({ id: "C1" }))], LastEvaluatedKey: { pk: "p" } },
      { Items: [complaintEntity.toItem(complaint({ id: "C2", status: "investigating" }))] },
    );
    const unclosed = await complaintRepository.unclosed();
    assert.deepEqual(
      unclosed.map((record) => record.id),
      ["C1", "C2"],
    );
    const [first, second] = fakeDynamo.inputsOf("QueryCommand");
    assert.equal(first?.IndexName, "byStatus");
    assert.equal(first?.ScanIndexForward, undefined, "ascending: the longest waiting first");
    assert.deepEqual(second?.ExclusiveStartKey, { pk: "p" });
  });
});
