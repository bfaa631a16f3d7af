/**
 * The DynamoDB idempotency store: the requests it builds and how it reads a key someone else holds.
 * DynamoDB's own condition evaluation is exercised by the system tests on DynamoDB Local.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it, vi } from "vitest";
import { config } from "../../shared/platform/config.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { keyedCompletion } from "../../shared/platform/store/keyed-attempt.ts";
import { awsError, fakeDynamo } from "../fakes/dynamo.ts";

vi.mock("../../shared/platform/store/client.ts", async () =>
  (await import("../fakes/dynamo.ts")).mockedClientModule(),
);

beforeEach(() => fakeDynamo.reset());

const now = new Date("2026-11-27T08:00:00.000Z");
const until = new Date("2026-11-27T08:00:30.000Z");
const expires = new Date("2026-11-28T08:00:00.000Z");
const claim = () => dynamoIdempotencyStore.claim("k1", "hash-1", now, until, expires);
const taken = () => awsError("ConditionalCheckFailedException");
const stored = (fields: Record<string, unknown>) => ({
  Item: {
    pk: "IDEMPOTENCY#k1",
    sk: "IDEMPOTENCY",
    entity: "IDEMPOTENCY",
    schemaVersion: 1,
    key: "k1",
    ...fields,
  },
});

describe("the DynamoDB idempotency store", () => {
  it("claims a free key with one conditional put that an expired or abandoned claim also passes", async () => {
    const claimed = await claim();
    assert.equal(claimed.state, "claimed");
    const put = fakeDynamo.last("PutCommand");
    assert.equal(put.Item?.claimToken, claimed.state === "claimed" ? claimed.token : "none");
    assert.equal(put.Item?.pk, "IDEMPOTENCY#k1");
    assert.equal(put.Item?.status, "in_progress");
    assert.equal(put.Item?.inProgressUntil, until.getTime());
    assert.equal(
      put.Item?.expiresAt,
      Math.floor(expires.getTime() / 1000),
      "the table's TTL attribute, in seconds",
    );
    assert.match(String(put.ConditionExpression), /attribute_not_exists\(pk\) OR expiresAt < :now OR/);
    assert.deepEqual(put.ExpressionAttributeValues, {
      ":now": Math.floor(now.getTime() / 1000),
      ":nowMs": now.getTime(),
      ":inProgress": "in_progress",
    });
  });

  it("hands back the stored answer of a completed key", async () => {
    fakeDynamo.answerInTurn(
      taken(),
      stored({ status: "completed", payloadHash: "hash-1", inProgressUntil: 0, response: '{"id":"r1"}' }),
    );
    assert.deepEqual(await claim(), { state: "completed", payloadHash: "hash-1", response: { id: "r1" } });
    assert.equal(fakeDynamo.last("GetCommand").ConsistentRead, true);
  });

  it("reports a key still being worked on, with its payload's hash", async () => {
    fakeDynamo.answerInTurn(
      taken(),
      stored({ status: "in_progress", payloadHash: "hash-0", inProgressUntil: 1 }),
    );
    assert.deepEqual(await claim(), { state: "in_progress", payloadHash: "hash-0" });
  });

  it("reads a key released between the put and the read as in progress, never as a mismatch", async () => {
    fakeDynamo.answerInTurn(taken(), {});
    assert.deepEqual(await claim(), { state: "in_progress", payloadHash: "hash-1" });
  });

  it("lets any other failure through", async () => {
    fakeDynamo.answerInTurn(awsError("ProvisionedThroughputExceededException"));
    await assert.rejects(claim(), { name: "ProvisionedThroughputExceededException" });
  });

  it("stores the answer as JSON for its own claim, and releases only a claim still in progress", async () => {
    await dynamoIdempotencyStore.complete("k1", "t1", { id: "r1" });
    const update = fakeDynamo.last("UpdateCommand");
    assert.deepEqual(update.Key, { pk: "IDEMPOTENCY#k1", sk: "IDEMPOTENCY" });
    assert.equal(update.ConditionExpression, "claimToken = :token");
    assert.deepEqual(update.ExpressionAttributeValues, {
      ":completed": "completed",
      ":response": '{"id":"r1"}',
      ":token": "t1",
    });
    await dynamoIdempotencyStore.release("k1", "t1");
    const deleted = fakeDynamo.last("DeleteCommand");
    assert.deepEqual(deleted.Key, { pk: "IDEMPOTENCY#k1", sk: "IDEMPOTENCY" });
    assert.equal(deleted.ConditionExpression, "#status = :inProgress AND claimToken = :token");
    fakeDynamo.answerInTurn(taken(), taken());
    await dynamoIdempotencyStore.complete("k1", "t1", { id: "r1" });
    await dynamoIdempotencyStore.release("k1", "t1");
    fakeDynamo.answerInTurn(awsError("ThrottlingException"));
    await assert.rejects(dynamoIdempotencyStore.release("k1", "t1"), { name: "ThrottlingException" });
  });

  it("completes the key in the attempt's own transaction, with the record it writes as the answer", async () => {
    assert.deepEqual(keyedCompletion({ id: "r1" }), [], "nothing outside a keyed attempt");
    const items = await dynamoIdempotencyStore.attempt("k1", "t1", async () => keyedCompletion({ id: "r1" }));
    assert.deepEqual(items, [
      {
        Update: {
          TableName: config().TABLE_NAME,
          Key: { pk: "IDEMPOTENCY#k1", sk: "IDEMPOTENCY" },
          UpdateExpression: "SET #status = :completed, #response = :response",
          ConditionExpression: "#status = :inProgress AND claimToken = :token",
          ExpressionAttributeNames: { "#status": "status", "#response": "response" },
          ExpressionAttributeValues: {
            ":completed": "completed",
            ":inProgress": "in_progress",
            ":response": '{"id":"r1"}',
            ":token": "t1",
          },
        },
      },
    ]);
  });
});
