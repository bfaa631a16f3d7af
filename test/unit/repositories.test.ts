/**
 * What each repository asks DynamoDB for (which index, which partition, which condition) and how
 * it reads DynamoDB's refusals, against a scripted client.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it, vi } from "vitest";
import type { OccurrenceRecord } from "../../shared/facts/occurrence-record.ts";
import { factRepository } from "../../shared/facts/repository.ts";
import { checkHealth } from "../../shared/meta/health.ts";
import { setSystemClock } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { ConflictError, DependencyUnavailableError } from "../../shared/platform/errors.ts";
import { emailOutbox } from "../../shared/platform/outbox.ts";
import { requestRepository } from "../../shared/requests/repository.ts";
import { sweepEntity, sweepRepository } from "../../shared/sweeps/repository.ts";
import { unitRepository } from "../../shared/units/repository.ts";
import { violationRepository } from "../../shared/violations/repository.ts";
import { awsError, fakeDynamo } from "../fakes/dynamo.ts";
import { useEnv } from "../fakes/env.ts";
import { caller, meetingFact, requestRecord, unitRecord, violationRecord } from "../fakes/records.ts";

vi.mock("../../shared/platform/store/client.ts", async () =>
  (await import("../fakes/dynamo.ts")).mockedClientModule(),
);

useEnv("CURSOR_SECRET", "unit-test-cursor-secret-0123456789");
beforeEach(() => fakeDynamo.reset());

const admin = caller("admin");
const lastQuery = () => fakeDynamo.inputsOf("QueryCommand").at(-1);
const transactionItems = () => fakeDynamo.last("TransactWriteCommand").TransactItems ?? [];
const conditionFailed = () =>
  awsError("TransactionCanceledException", { CancellationReasons: [{ Code: "ConditionalCheckFailed" }] });

describe("units", () => {
  it("lists every unit in id order from the byType index", async () => {
    await unitRepository.list(100);
    assert.equal(lastQuery()?.IndexName, "byType");
    assert.deepEqual(lastQuery()?.ExpressionAttributeValues, { ":pk": "UNIT" });
    assert.equal(lastQuery()?.ScanIndexForward, true);
  });

  it("audits creation and updates, and names the conflict of each", async () => {
    const unit = unitRecord();
    await unitRepository.create(unit, admin);
    assert.equal(transactionItems()[1]?.Put.Item.action, "unit.created");
    const next = { ...unit, name: "Renamed", version: 2, updatedAt: "2026-02-01T00:00:00.000Z" };
    const parent = unitRecord({ id: "township-east", version: 3 });
    await unitRepository.replace(unit, next, admin, [parent]);
    assert.equal(transactionItems()[1]?.Put.Item.action, "unit.updated");
    assert.equal(transactionItems()[1]?.Put.Item.at, "2026-02-01T00:00:00.000Z");
    assert.deepEqual(transactionItems()[2]?.ConditionCheck, {
      TableName: config().TABLE_NAME,
      Key: { pk: "UNIT#township-east", sk: "UNIT" },
      ConditionExpression: "version = :version",
      ExpressionAttributeValues: { ":version": 3 },
    });

    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      unitRepository.create(unit, admin),
      (error) => error instanceof ConflictError && error.code === "ALREADY_EXISTS",
    );
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      unitRepository.replace(unit, next, admin, []),
      (error) => error instanceof ConflictError && error.code === "STATE_CHANGED",
    );
  });

  it("reads one unit by id", async () => {
    fakeDynamo.answer(() => ({ Item: { pk: "UNIT#dept-a", sk: "UNIT", ...unitRecord() } }));
    assert.deepEqual(await unitRepository.get("dept-a"), unitRecord());
  });
});

describe("requests", () => {
  it("lists a unit's requests newest first, filtering by status and kind only when asked", async () => {
    await requestRepository.listByUnit("dept-a", { status: "submitted", limit: 10, oldestFirst: false });
    assert.equal(lastQuery()?.IndexName, "byUnit");
    assert.deepEqual(lastQuery()?.ExpressionAttributeValues, {
      ":pk": "REQUEST#dept-a",
      ":status": "submitted",
    });
    assert.equal(lastQuery()?.FilterExpression, "#status = :status");
    assert.equal(lastQuery()?.ScanIndexForward, false);
    await requestRepository.listByUnit("dept-a", { kind: "document", limit: 10, oldestFirst: true });
    assert.equal(lastQuery()?.FilterExpression, "#kind = :kind");
    assert.equal(lastQuery()?.ScanIndexForward, true);
    await requestRepository.listByUnit("dept-a", { limit: 10, oldestFirst: false });
    assert.equal(lastQuery()?.FilterExpression, undefined);
  });

  it("lists every unit's requests from the status partition when a status is asked, else from all", async () => {
    await requestRepository.listAll({ status: "approved", limit: 10, oldestFirst: false });
    assert.equal(lastQuery()?.IndexName, "byStatus");
    assert.deepEqual(lastQuery()?.ExpressionAttributeValues, { ":pk": "REQUEST#approved" });
    await requestRepository.listAll({ limit: 10, oldestFirst: false });
    assert.equal(lastQuery()?.IndexName, "byType");
    assert.deepEqual(lastQuery()?.ExpressionAttributeValues, { ":pk": "REQUEST" });
  });

  it("reads the requests happening on one UTC day of a window", async () => {
    fakeDynamo.answer(() => ({ Items: [{ pk: "REQUEST#r1", sk: "REQUEST", ...requestRecord() }] }));
    const found = await requestRepository.happeningOnUtcDay(
      "2026-11-29",
      "2026-11-29T16:00:00Z",
      "2026-12-06T16:00:00Z",
    );
    assert.deepEqual(found, [requestRecord()]);
    assert.equal(lastQuery()?.IndexName, "byDay");
    assert.equal(lastQuery()?.ExpressionAttributeValues?.[":pk"], "REQUEST#2026-11-29");
  });

  it("submits with an audit entry, and transitions only from the version read", async () => {
    const record = requestRecord();
    await requestRepository.create(record, caller("clerk"));
    assert.equal(transactionItems()[1]?.Put.Item.action, "request.submitted");
    const next = { ...record, status: "withdrawn" as const, version: 2 };
    await requestRepository.transition(record, next, caller("clerk"), "request.withdrawn");
    assert.equal(transactionItems()[1]?.Put.Item.action, "request.withdrawn");
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      requestRepository.create(record, caller("clerk")),
      (error) => error instanceof ConflictError && error.code === "ALREADY_EXISTS",
    );
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      requestRepository.transition(record, next, caller("clerk"), "request.withdrawn"),
      (error) => error instanceof ConflictError && error.code === "STATE_CHANGED",
    );
  });

  it("reads one request, with or without its trail, and many by id", async () => {
    const item = { pk: "REQUEST#r1", sk: "REQUEST", ...requestRecord() };
    fakeDynamo.answer(({ name }) =>
      name === "GetCommand"
        ? { Item: item }
        : name === "QueryCommand"
          ? { Items: [item] }
          : { Responses: { [config().TABLE_NAME]: [item] } },
    );
    assert.deepEqual(await requestRepository.get("r1"), requestRecord());
    assert.deepEqual(await requestRepository.getWithAudit("r1"), { record: requestRecord(), audit: [] });
  });
});

describe("facts", () => {
  const capReached = new Error("cap reached");
  const quota = { day: "2026-11-28", limit: 100, exceeded: () => capReached };
  const cancelled = (...codes: string[]) =>
    awsError("TransactionCanceledException", { CancellationReasons: codes.map((Code) => ({ Code })) });
  const meetingOccurrence = (): OccurrenceRecord => ({
    id: "meeting_held:dept-a:2026-11-25",
    kind: "meeting_held",
    subjectUnitId: "dept-a",
    title: "Safety meeting",
    happenedAt: "2026-11-25T09:00:00+08:00",
    day: "2026-11-25",
    reporters: new Set(["dept-a"]),
    firstReportId: "f1",
    firstReportedAt: "2026-11-28T00:00:00.000Z",
    lastReportedAt: "2026-11-28T00:00:00.000Z",
  });
  const meeting = {
    occurrence: meetingOccurrence(),
    countsAgainst: { year: 2026, kind: "meetings" as const },
    existed: false,
  };
  const visit = {
    existed: false,
    occurrence: {
      ...meetingOccurrence(),
      id: "inspection_visit:dept-a:village-1:2026-11-25",
      kind: "inspection_visit" as const,
      targetUnitId: "village-1",
    },
  };

  it("reports with an audit entry and refuses a duplicate id", async () => {
    await factRepository.create(meetingFact(), caller("clerk"), quota, meeting);
    assert.equal(transactionItems()[1]?.Put.Item.action, "fact.reported");
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      factRepository.create(meetingFact(), caller("clerk"), quota, meeting),
      ConflictError,
    );
  });

  it("counts the report against its unit's local day in the same transaction, only below the cap", async () => {
    await factRepository.create(meetingFact({ unitId: "village-1" }), caller("village"), quota, meeting);
    const counter = transactionItems()[2]?.Update;
    assert.deepEqual(counter?.Key, { pk: "FACT_DAY_COUNT#village-1#2026-11-28", sk: "FACT_DAY_COUNT" });
    assert.equal(counter?.ConditionExpression, "attribute_not_exists(#count) OR #count < :limit");
    assert.equal(counter?.ExpressionAttributeValues[":limit"], 100);
    assert.match(counter?.UpdateExpression ?? "", /#count = if_not_exists\(#count, :zero\) \+ :one/);
  });

  it("creates the occurrence of a first report only if absent, and counts it once against its plan's year", async () => {
    await factRepository.create(meetingFact(), caller("clerk"), quota, meeting);
    const [, , , put, reported, stats, ...rest] = transactionItems();
    assert.equal(put?.Put.ConditionExpression, "attribute_not_exists(pk)");
    assert.equal(put?.Put.Item.pk, "OCCURRENCE#meeting_held:dept-a:2026-11-25");
    assert.deepEqual(put?.Put.Item.reporters, new Set(["dept-a"]));
    // Indexed by the unit it is about, latest first, and by its kind's local month and day.
    assert.equal(put?.Put.Item.gsi1pk, "OCCURRENCE#dept-a");
    assert.equal(put?.Put.Item.gsi1sk, "2026-11-25T01:00:00.000Z#meeting_held:dept-a:2026-11-25");
    assert.equal(put?.Put.Item.gsi2pk, "OCCURRENCE#meeting_held#2026-11");
    assert.equal(put?.Put.Item.gsi2sk, "2026-11-25#meeting_held:dept-a:2026-11-25");
    assert.deepEqual(reported?.Update?.Key, { pk: "PLAN#2026#meetings", sk: "REPORTED#dept-a" });
    assert.match(reported?.Update?.UpdateExpression ?? "", /ADD #reported :one/);
    assert.equal(reported?.Update?.ConditionExpression, undefined);
    // The statistics count the new occurrence in the year of its local day.
    assert.deepEqual(stats?.Update?.Key, { pk: "STATS#2026", sk: "UNIT#dept-a" });
    assert.equal(stats?.Update?.ExpressionAttributeNames?.["#f0"], "meetings.held");
    assert.deepEqual(rest, []);
    assert.equal(fakeDynamo.inputsOf("TransactWriteCommand").length, 1);
  });

  it("adds a later report's unit to the reporters of the occurrence it found, in one transaction that counts nothing", async () => {
    const later = meetingFact({ id: "f2", unitId: "village-1" });
    await factRepository.create(later, caller("village"), quota, { ...meeting, existed: true });
    assert.equal(fakeDynamo.inputsOf("TransactWriteCommand").length, 1);
    const [fact, , counter, join, ...rest] = transactionItems();
    assert.equal(fact?.Put.Item.id, "f2");
    assert.equal(counter?.Update?.Key.pk, "FACT_DAY_COUNT#village-1#2026-11-28");
    assert.deepEqual(join?.Update?.Key, {
      pk: "OCCURRENCE#meeting_held:dept-a:2026-11-25",
      sk: "OCCURRENCE",
    });
    assert.equal(join?.Update?.ConditionExpression, "attribute_exists(pk)");
    assert.match(join?.Update?.UpdateExpression ?? "", /^ADD reporters :reporter SET lastReportedAt = :at$/);
    assert.deepEqual(join?.Update?.ExpressionAttributeValues, {
      ":reporter": new Set(["village-1"]),
      ":at": later.createdAt,
    });
    assert.deepEqual(rest, []);
  });

  it("joins an occurrence another report created since it was read, in a second transaction that counts nothing", async () => {
    fakeDynamo.answerInTurn(cancelled("None", "None", "None", "ConditionalCheckFailed", "None"), {});
    await factRepository.create(
      meetingFact({ id: "f2", unitId: "village-1" }),
      caller("village"),
      quota,
      meeting,
    );
    const [first, second] = fakeDynamo.inputsOf("TransactWriteCommand");
    // The first attempt also carried the plan's and the statistics' counters; the join counts nothing.
    assert.equal(first?.TransactItems?.length, 6);
    assert.equal(second?.TransactItems?.length, 4);
    assert.equal(second?.TransactItems?.[0]?.Put.Item.id, "f2");
    assert.equal(second?.TransactItems?.[2]?.Update?.Key.pk, "FACT_DAY_COUNT#village-1#2026-11-28");
    const join = second?.TransactItems?.[3]?.Update;
    assert.deepEqual(join?.Key, { pk: "OCCURRENCE#meeting_held:dept-a:2026-11-25", sk: "OCCURRENCE" });
    assert.equal(join?.ConditionExpression, "attribute_exists(pk)");
    assert.match(join?.UpdateExpression ?? "", /^ADD reporters :reporter SET lastReportedAt = :at$/);
    assert.deepEqual(join?.ExpressionAttributeValues, {
      ":reporter": new Set(["village-1"]),
      ":at": meetingFact().createdAt,
    });
  });

  it("counts a visit against no plan", async () => {
    await factRepository.create(meetingFact(), caller("clerk"), quota, visit);
    // No plan counter: the visit's statistics only, for the lead unit and for the unit visited.
    assert.equal(transactionItems().length, 6);
    assert.equal(transactionItems()[3]?.Put.Item.targetUnitId, "village-1");
    assert.deepEqual(
      transactionItems()
        .slice(4)
        .map((item) => [item.Update?.Key.sk, item.Update?.ExpressionAttributeNames?.["#f0"]]),
      [
        ["UNIT#dept-a", "inspections.visits"],
        ["UNIT#village-1", "inspections.visitsReceived"],
      ],
    );
  });

  it("answers the quota's own error when the counter is at the cap, and writes nothing", async () => {
    fakeDynamo.answerInTurn(cancelled("None", "None", "ConditionalCheckFailed", "ConditionalCheckFailed"));
    await assert.rejects(
      factRepository.create(meetingFact(), caller("clerk"), quota, meeting),
      (error) => error === capReached,
    );
    assert.equal(fakeDynamo.inputsOf("TransactWriteCommand").length, 1);
  });

  it("tries again when simultaneous reports collide, and gives up as unavailable after a few", async () => {
    fakeDynamo.answerInTurn(cancelled("None", "None", "TransactionConflict"), {});
    await factRepository.create(meetingFact(), caller("clerk"), quota, meeting);
    assert.equal(fakeDynamo.inputsOf("TransactWriteCommand").length, 2);

    fakeDynamo.reset();
    fakeDynamo.answer(() => {
      throw cancelled("TransactionConflict", "None", "None");
    });
    await assert.rejects(
      factRepository.create(meetingFact(), caller("clerk"), quota, meeting),
      DependencyUnavailableError,
    );
    assert.equal(fakeDynamo.inputsOf("TransactWriteCommand").length, 8);
  });

  it("lists by unit or all, and reads one UTC day of a window", async () => {
    await factRepository.listByUnit("village-1", 5);
    assert.deepEqual(lastQuery()?.ExpressionAttributeValues, { ":pk": "FACT#village-1" });
    await factRepository.listAll(5);
    assert.deepEqual(lastQuery()?.ExpressionAttributeValues, { ":pk": "FACT" });
    await factRepository.happenedOnUtcDay("2026-11-24", "a", "b");
    assert.equal(lastQuery()?.IndexName, "byDay");
    fakeDynamo.answer(() => ({ Item: { pk: "FACT#f1", sk: "FACT", ...meetingFact() } }));
    assert.deepEqual(await factRepository.get("f1"), meetingFact());
  });

  it("reads one occurrence by its id", async () => {
    assert.equal(await factRepository.getOccurrence("meeting_held:dept-a:2026-11-25"), undefined);
    assert.deepEqual(fakeDynamo.last("GetCommand").Key, {
      pk: "OCCURRENCE#meeting_held:dept-a:2026-11-25",
      sk: "OCCURRENCE",
    });
  });

  it("lists the occurrences about a unit, the latest first, with their reporters as a set", async () => {
    const stored = {
      pk: "OCCURRENCE#meeting_held:dept-a:2026-11-25",
      sk: "OCCURRENCE",
      ...meetingOccurrence(),
    };
    fakeDynamo.answer(() => ({ Items: [{ ...stored, reporters: new Set(["dept-a", "village-1"]) }] }));
    const page = await factRepository.occurrencesAbout("dept-a", 10);
    assert.deepEqual(page.items, [{ ...meetingOccurrence(), reporters: new Set(["dept-a", "village-1"]) }]);
    assert.equal(lastQuery()?.IndexName, "byUnit");
    assert.deepEqual(lastQuery()?.ExpressionAttributeValues, { ":pk": "OCCURRENCE#dept-a" });
    assert.equal(lastQuery()?.ScanIndexForward, false);
  });

  it("reads the visits of a month's days, the last day whole", async () => {
    await factRepository.visitsInMonth("2026-11", "2026-11-01", "2026-11-29");
    assert.equal(lastQuery()?.IndexName, "byDay");
    assert.deepEqual(lastQuery()?.ExpressionAttributeValues, {
      ":pk": "OCCURRENCE#inspection_visit#2026-11",
      ":from": "2026-11-01",
      ":to": "2026-11-29~",
    });
  });
});

describe("violations", () => {
  it("creates a violation once: true when this call opened it, false when it existed", async () => {
    assert.equal(await violationRepository.createIfAbsent(violationRecord(), caller("supervisor")), true);
    assert.equal(transactionItems()[1]?.Put.Item.action, "violation.opened");
    fakeDynamo.answerInTurn(conditionFailed());
    assert.equal(await violationRepository.createIfAbsent(violationRecord(), caller("supervisor")), false);
    fakeDynamo.answerInTurn(awsError("ThrottlingException"));
    await assert.rejects(
      violationRepository.createIfAbsent(violationRecord(), caller("supervisor")),
      /ThrottlingException/,
    );
  });

  it("keeps evidence beside the violation and pages through it with a sealed cursor", async () => {
    await violationRepository.putEvidence("UNAPPROVED_MEETING:dept-a:2026-11-25", ["f1", "f2"]);
    const puts = fakeDynamo.inputsOf("PutCommand");
    assert.deepEqual(
      puts.map((put) => [put.Item?.pk, put.Item?.sk, put.Item?.factId]),
      [
        ["VIOLATION#UNAPPROVED_MEETING:dept-a:2026-11-25", "EVIDENCE#f1", "f1"],
        ["VIOLATION#UNAPPROVED_MEETING:dept-a:2026-11-25", "EVIDENCE#f2", "f2"],
      ],
    );
    fakeDynamo.answer(() => ({
      Items: [{ pk: "p", sk: "EVIDENCE#f1", entity: "EVIDENCE", factId: "f1" }],
      LastEvaluatedKey: { pk: "p", sk: "EVIDENCE#f1" },
    }));
    const page = await violationRepository.listEvidence("UNAPPROVED_MEETING:dept-a:2026-11-25", 1);
    assert.deepEqual(page.items, [{ factId: "f1" }]);
    assert.equal(lastQuery()?.KeyConditionExpression, "pk = :pk AND begins_with(sk, :prefix)");
    assert.equal(typeof page.nextCursor, "string");
    await violationRepository.listEvidence("UNAPPROVED_MEETING:dept-a:2026-11-25", 1, page.nextCursor ?? "");
    assert.deepEqual(lastQuery()?.ExclusiveStartKey, { pk: "p", sk: "EVIDENCE#f1" });
    await assert.rejects(
      violationRepository.listEvidence("UNAPPROVED_MEETING:dept-b:2026-11-25", 1, page.nextCursor ?? ""),
      /cursor is not valid/,
    );
  });

  it("replaces a violation with an audit entry, unless it changed meanwhile", async () => {
    const next = { ...violationRecord(), version: 2, updatedAt: "2026-12-01T00:00:00.000Z" };
    await violationRepository.replace(
      violationRecord(),
      next,
      caller("supervisor"),
      "violation.evidence_added",
    );
    assert.equal(transactionItems()[1]?.Put.Item.action, "violation.evidence_added");
    fakeDynamo.answerInTurn(conditionFailed());
    await assert.rejects(
      violationRepository.replace(violationRecord(), next, caller("supervisor"), "violation.evidence_added"),
      (error) => error instanceof ConflictError && error.code === "STATE_CHANGED",
    );
  });

  it("reads many violations by id", async () => {
    fakeDynamo.answer(() => ({
      Responses: { [config().TABLE_NAME]: [{ pk: "x", sk: "VIOLATION", ...violationRecord() }] },
    }));
    assert.deepEqual(await violationRepository.getMany([violationRecord().id]), [violationRecord()]);
  });
});

describe("sweeps and digests", () => {
  const sweep = {
    id: "S1",
    window: "2026-W48",
    windowStartUtc: "2026-11-22T16:00:00.000Z",
    windowEndUtc: "2026-11-29T16:00:00.000Z",
    dryRun: false,
    status: "running" as const,
    trigger: "cli" as const,
    createdBy: "cli",
    counts: {
      factsRead: 0,
      newViolations: 0,
      openViolations: 0,
      emailsSent: 0,
      emailsFailed: 0,
      subjectsFailed: 0,
    },
    deadline: "2026-11-30T00:05:00.000Z",
    createdAt: "2026-11-30T00:00:00.000Z",
    updatedAt: "2026-11-30T00:00:00.000Z",
  };

  it("saves a sweep whole and reads it back", async () => {
    await sweepRepository.save(sweep);
    const put = fakeDynamo.last("PutCommand");
    assert.equal(put.Item?.pk, "SWEEP#S1");
    fakeDynamo.answer(() => ({ Item: put.Item }));
    assert.deepEqual(await sweepRepository.get("S1"), sweep);
  });

  it("lists the running sweeps of a time range from the byType index", async () => {
    fakeDynamo.answer(() => ({
      Items: [sweepEntity.toItem(sweep), sweepEntity.toItem({ ...sweep, id: "S2", status: "completed" })],
    }));
    assert.deepEqual(
      await sweepRepository.runningBetween("2026-11-16T00:00:00.000Z", "2026-11-30T01:00:00.000Z"),
      [sweep],
    );
    assert.equal(lastQuery()?.IndexName, "byType");
    assert.deepEqual(lastQuery()?.ExpressionAttributeValues, {
      ":pk": "SWEEP",
      ":from": "2026-11-16T00:00:00.000Z",
      ":to": "2026-11-30T01:00:00.000Z",
    });
  });

  it("marks a sweep abandoned only while it is running with the deadline it was read with", async () => {
    const now = new Date("2026-11-30T01:00:00.000Z");
    assert.equal(await sweepRepository.abandon(sweep, "gone", now), true);
    const update = fakeDynamo.last("UpdateCommand");
    assert.equal(
      update.ConditionExpression,
      "#status = :running AND deadline = :deadline AND deadline < :now",
    );
    assert.equal(update.ExpressionAttributeValues?.[":deadline"], "2026-11-30T00:05:00.000Z");
    fakeDynamo.answerInTurn(awsError("ConditionalCheckFailedException"));
    assert.equal(await sweepRepository.abandon(sweep, "gone", now), false);
    fakeDynamo.answerInTurn(awsError("ThrottlingException"));
    await assert.rejects(sweepRepository.abandon(sweep, "gone", now), /ThrottlingException/);
  });

  it("claims a digest with a lease unless it was sent or another claim's lease runs", async () => {
    const now = new Date("2026-11-30T01:00:00.000Z");
    const until = new Date("2026-11-30T01:01:00.000Z");
    assert.deepEqual(await emailOutbox.claim("2026-W48#dept-a#h", "t1", now, until), {
      claimed: true,
      token: "t1",
    });
    const [update] = fakeDynamo.inputsOf("UpdateCommand");
    assert.match(
      String(update?.ConditionExpression),
      /#status = :sending AND \(attribute_not_exists\(leaseUntil\) OR leaseUntil <= :now\)/,
    );
    assert.equal(update?.ExpressionAttributeValues?.[":leaseUntil"], "2026-11-30T01:01:00.000Z");
    assert.deepEqual(update?.Key, { pk: "OUTBOX#2026-W48#dept-a#h", sk: "OUTBOX" });

    const held = {
      pk: "OUTBOX#k",
      sk: "OUTBOX",
      key: "k",
      status: "sending",
      leaseUntil: "2026-11-30T01:00:30.000Z",
    };
    fakeDynamo.answerInTurn(awsError("ConditionalCheckFailedException"), { Item: held });
    assert.deepEqual(await emailOutbox.claim("k", "t2", now, until), {
      claimed: false,
      status: "sending",
      leaseUntil: "2026-11-30T01:00:30.000Z",
    });
    fakeDynamo.answerInTurn(awsError("ConditionalCheckFailedException"), {
      Item: { ...held, status: "sent" },
    });
    assert.deepEqual(await emailOutbox.claim("k", "t2", now, until), { claimed: false, status: "sent" });
    fakeDynamo.answerInTurn(awsError("ThrottlingException"));
    await assert.rejects(emailOutbox.claim("k", "t2", now, until), /ThrottlingException/);
  });

  it("marks a digest sent with its message id, and releases only its own claim", async () => {
    const now = new Date("2026-11-30T01:00:00.000Z");
    await emailOutbox.markSent("k", "msg-1", now);
    await emailOutbox.release("k", "t1", now);
    const [sent, released] = fakeDynamo.inputsOf("UpdateCommand");
    assert.equal(
      sent?.UpdateExpression,
      "SET #status = :sent, messageId = :messageId, sentAt = :now REMOVE leaseUntil",
    );
    assert.equal(sent?.ExpressionAttributeValues?.[":messageId"], "msg-1");
    assert.equal(released?.ConditionExpression, "#status = :sending AND claimToken = :token");
    fakeDynamo.answerInTurn(awsError("ConditionalCheckFailedException"));
    await emailOutbox.release("k", "t1", now);
  });
});

describe("health", () => {
  it("is ok when the table answers and degraded when it does not", async () => {
    const { clock, ...healthy } = await checkHealth();
    assert.deepEqual(healthy, { status: "ok", dependencies: { dynamodb: "ok" } });
    assert.equal(clock.source, "system");
    assert.deepEqual(fakeDynamo.inputsOf("GetCommand")[0]?.Key, { pk: "HEALTH", sk: "HEALTH" });
    fakeDynamo.answerInTurn(awsError("TimeoutError"));
    const { clock: _clock, ...degraded } = await checkHealth();
    assert.deepEqual(degraded, { status: "degraded", dependencies: { dynamodb: "unavailable" } });
  });

  it("names the clock the use cases read: real time, or the instant the local runtime moved it to", async () => {
    const before = Date.now();
    const real = (await checkHealth()).clock;
    assert.equal(real.source, "system");
    assert.ok(Date.parse(real.now) >= before && Date.parse(real.now) <= Date.now());
    try {
      setSystemClock(new Date("2026-11-02T08:00:00+08:00"));
      const moved = (await checkHealth()).clock;
      assert.equal(moved.source, "set");
      const sinceSet = Date.parse(moved.now) - Date.parse("2026-11-02T00:00:00Z");
      assert.ok(sinceSet >= 0 && sinceSet < 5_000, moved.now);
    } finally {
      setSystemClock(undefined);
    }
  });
});
