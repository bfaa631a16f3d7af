import assert from "node:assert/strict";
import { describe, it } from "vitest";
import * as z from "zod/mini";
import { factEntity } from "../../shared/facts/repository.ts";
import { CorruptItemError, defineEntity } from "../../shared/platform/store/entity.ts";
import { requestEntity } from "../../shared/requests/repository.ts";
import { unitEntity } from "../../shared/units/repository.ts";
import { violationEntity } from "../../shared/violations/repository.ts";
import { meetingFact, requestRecord, unitRecord, violationRecord } from "../fakes/records.ts";

const noteSchema = z.strictObject({ id: z.string(), unitId: z.string(), at: z.string(), pages: z.int() });
type Note = z.infer<typeof noteSchema>;

/** A small entity with a derived attribute, a strict schema and two indexes. */
const noteEntity = defineEntity({
  type: "NOTE",
  version: 3,
  schema: noteSchema,
  // Annotated as the application's entities are: an unannotated parameter defers inference of the
  // derived names, and the indexes could not use them.
  derive: (note: Note) => ({ day: note.at.slice(0, 10) }),
  primary: ["id"],
  indexes: {
    byUnit: { pk: ["unitId"], sk: ["at", "id"] },
    byDay: { pk: ["day"], sk: ["at", "id"] },
  },
});

const note = { id: "n1", unitId: "dept-a", at: "2026-11-25T09:00:00.000Z", pages: 3 };

describe("declared entities", () => {
  it("derives every key from the declared attributes", () => {
    assert.deepEqual(noteEntity.toItem(note), {
      ...note,
      pk: "NOTE#n1",
      sk: "NOTE",
      entity: "NOTE",
      schemaVersion: 3,
      gsi1pk: "NOTE#dept-a",
      gsi1sk: "2026-11-25T09:00:00.000Z#n1",
      gsi2pk: "NOTE#2026-11-25",
      gsi2sk: "2026-11-25T09:00:00.000Z#n1",
    });
    assert.deepEqual(noteEntity.key({ id: "n1" }), { pk: "NOTE#n1", sk: "NOTE" });
  });

  it("names the partition and sort-key prefix of an index", () => {
    assert.deepEqual(noteEntity.partition("byUnit", { unitId: "dept-b" }), {
      index: "byUnit",
      name: "gsi1pk",
      sortName: "gsi1sk",
      value: "NOTE#dept-b",
    });
    assert.equal(noteEntity.partition("byDay", { day: "2026-11-26" }).value, "NOTE#2026-11-26");
  });

  it("refuses an index the entity does not declare", () => {
    assert.throws(() => noteEntity.partition("byStatus", {}), /NOTE is not indexed by byStatus/);
  });

  it("reads back exactly the record it stored, without the table's attributes", () => {
    const item = { ...noteEntity.toItem(note), expiresAt: 1_900_000_000 };
    // A strict schema would refuse any key attribute left on the record.
    assert.deepEqual(noteEntity.fromItem(item), note);
    for (const name of ["pk", "sk", "gsi1pk", "gsi2sk", "entity", "schemaVersion", "expiresAt"]) {
      assert.ok(!(name in noteEntity.fromItem(item)), name);
    }
  });

  it("throws CorruptItemError for an item that no longer matches the schema", () => {
    const item = noteEntity.toItem(note);
    for (const corrupt of [
      { ...item, pages: "three" },
      { ...item, id: undefined },
      { ...item, colour: "red" },
    ]) {
      assert.throws(
        () => noteEntity.fromItem(corrupt),
        (error) => {
          assert.ok(error instanceof CorruptItemError);
          assert.equal(error.name, "CorruptItemError");
          assert.match(error.message, /stored NOTE item does not match its schema/);
          assert.ok(error.cause instanceof Error);
          return true;
        },
      );
    }
  });
});

describe("the application's entities", () => {
  it("round-trips a unit, a request, a fact and a violation", () => {
    const unit = unitRecord();
    const request = requestRecord({
      decision: {
        decision: "approve",
        override: { reason: "urgent" },
        by: "boss",
        at: "2026-11-02T00:00:00Z",
      },
    });
    const fact = meetingFact({ requestId: "r1" });
    const violation = violationRecord();
    assert.deepEqual(unitEntity.fromItem(unitEntity.toItem(unit)), unit);
    assert.deepEqual(requestEntity.fromItem(requestEntity.toItem(request)), request);
    assert.deepEqual(factEntity.fromItem(factEntity.toItem(fact)), fact);
    assert.deepEqual(violationEntity.fromItem(violationEntity.toItem(violation)), violation);
  });

  it("files a request under the UTC day it happens on, whatever offset the form used", () => {
    // 07:00 in Shanghai on 1 December is still 30 November in UTC.
    const item = requestEntity.toItem(requestRecord({ id: "r7", startsAt: "2026-12-01T07:00:00+08:00" }));
    assert.equal(item.pk, "REQUEST#r7");
    assert.equal(item.gsi1pk, "REQUEST#dept-a");
    assert.equal(item.gsi2pk, "REQUEST#2026-11-30");
    assert.equal(item.gsi2sk, "2026-11-30T23:00:00.000Z#r7");
    assert.equal(item.gsi3pk, "REQUEST#submitted");
    assert.equal(item.gsi4pk, "REQUEST");
    assert.equal(item.schemaVersion, 3);
    assert.ok(!("happensAtUtc" in item), "derived values live only in keys");
  });

  it("files a fact under the UTC day it happened on", () => {
    const item = factEntity.toItem(meetingFact({ id: "f7", heldAt: "2026-11-25T01:30:00+08:00" }));
    assert.equal(item.gsi2pk, "FACT#2026-11-24");
    assert.equal(item.gsi2sk, "2026-11-24T17:30:00.000Z#f7");
    assert.equal(item.gsi1pk, "FACT#dept-a");
  });

  it("refuses a request item whose kind is unknown, as corrupt rather than as something else", () => {
    const item = { ...requestEntity.toItem(requestRecord()), kind: "lunch" };
    assert.throws(() => requestEntity.fromItem(item), CorruptItemError);
  });
});
