import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { FactRepository } from "../../shared/facts/repository.ts";
import { type FactRecord, reportFactSchema } from "../../shared/facts/schemas.ts";
import { makeFactUseCases } from "../../shared/facts/use-cases.ts";
import {
  BusinessRuleError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
} from "../../shared/platform/errors.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import { requestRecordSchema } from "../../shared/requests/schemas.ts";
import type { UnitRepository } from "../../shared/units/repository.ts";
import { fixedClock, memoryFacts, memoryRequests, memoryUnits, sequentialIds } from "../fakes/memory.ts";
import {
  caller,
  documentReport,
  meetingFact,
  meetingReport,
  requestRecord,
  unitRecord,
  unnumberedReport,
  visitReport,
} from "../fakes/records.ts";

const clerk = caller("clerk");
const village = caller("village");
const grassroots = (unitId: string): Caller => ({ sub: `head-of-${unitId}`, roles: ["grassroots"], unitId });
const otherVillage = grassroots("village-2");

const report = meetingReport;

/** A document request of dept-a, as the store holds it. */
const documentRequest = requestRecordSchema.parse({
  kind: "document",
  title: "Notice on winter heating safety",
  docType: "notice",
  pages: 3,
  audienceUnitKinds: ["township"],
  draftingStartsOn: "2026-11-10",
  reason: "Heating season",
  id: "rd",
  unitId: "dept-a",
  status: "approved",
  findings: [],
  createdBy: "clerk",
  createdAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-02T00:00:00.000Z",
  version: 2,
});

/**
 * The facts store with the daily cap kept as the DynamoDB transaction keeps it: a count per unit
 * and local day, refusing (with the quota's own error) a report past the limit.
 */
const cappedFacts = (initial: FactRecord[]) => {
  const inner = memoryFacts(initial);
  const counts = new Map<string, number>();
  const quotas: { unitId: string; day: string; limit: number }[] = [];
  const reported: Parameters<FactRepository["create"]>[3][] = [];
  const create: FactRepository["create"] = async (record, reporter, quota, occurrence) => {
    quotas.push({ unitId: record.unitId, day: quota.day, limit: quota.limit });
    reported.push(occurrence);
    const key = `${record.unitId}|${quota.day}`;
    const count = counts.get(key) ?? 0;
    if (count >= quota.limit) throw quota.exceeded();
    counts.set(key, count + 1);
    await inner.create(record, reporter, quota, occurrence);
  };
  return { ...inner, create, quotas, reported };
};

const cityUnits = () =>
  memoryUnits([
    unitRecord({ id: "dept-a" }),
    unitRecord({ id: "dept-b" }),
    unitRecord({ id: "city-office", kind: "office" }),
    unitRecord({ id: "township-east", kind: "township" }),
    unitRecord({ id: "village-1", kind: "village", parentId: "township-east" }),
    unitRecord({ id: "village-2", kind: "village", parentId: "township-east" }),
  ]);

const setup = (limits = { maxAgeDays: 90, perUnitPerDay: 100 }, units: UnitRepository = cityUnits()) => {
  const facts = cappedFacts([
    meetingFact({ id: "fa", unitId: "dept-a" }),
    meetingFact({ id: "fv", unitId: "village-1" }),
  ]);
  const requests = memoryRequests([
    requestRecord({ id: "ra", unitId: "dept-a" }),
    requestRecord({ id: "rb", unitId: "dept-b" }),
    documentRequest,
  ]);
  const clock = fixedClock("2026-11-28T00:00:00.000Z");
  const useCases = makeFactUseCases({
    facts,
    units,
    requests,
    clock,
    ids: sequentialIds("F"),
    limits,
    timeZone: "Asia/Shanghai",
  });
  return { facts, clock, useCases };
};

const refusedAt = (code: string, path: string) => (error: unknown) => {
  assert.ok(error instanceof BusinessRuleError, String(error));
  assert.equal(error.code, code);
  assert.deepEqual(
    error.details.map((detail) => detail.path),
    [path],
  );
  return true;
};

describe("reporting facts", () => {
  it("records a department's own meeting with the reporting unit and person", async () => {
    const { useCases, facts } = setup();
    const fact = await useCases.report(clerk, report({ requestId: "ra" }));
    assert.deepEqual(fact, {
      ...report({ requestId: "ra" }),
      id: "F0001",
      unitId: "dept-a",
      createdBy: "clerk",
      createdAt: "2026-11-28T00:00:00.000Z",
      updatedAt: "2026-11-28T00:00:00.000Z",
      version: 1,
    });
    assert.deepEqual(facts.records.get("F0001"), fact);
  });

  it("reads a meeting's accompanyingAttendees as false when the form leaves it out", () => {
    const { accompanyingAttendees: _left, ...withoutIt } = report();
    const parsed = reportFactSchema.parse(withoutIt);
    assert.equal(parsed.kind === "meeting_held" && parsed.accompanyingAttendees, false);
    const required = reportFactSchema.parse({ ...withoutIt, accompanyingAttendees: true });
    assert.equal(required.kind === "meeting_held" && required.accompanyingAttendees, true);
    assert.equal(reportFactSchema.safeParse({ ...withoutIt, accompanyingAttendees: "yes" }).success, false);
  });

  it("lets a grassroots unit report a meeting another unit convened", async () => {
    const { useCases } = setup();
    const fact = await useCases.report(village, report());
    assert.equal(fact.unitId, "village-1");
    assert.equal(fact.kind === "meeting_held" && fact.convenerUnitId, "dept-a");
  });

  it("accepts a document from its issuer and from a grassroots unit that received it", async () => {
    const { useCases, facts } = setup();
    const own = await useCases.report(clerk, documentReport({ requestId: "rd", planItemId: "d-2026-a-01" }));
    assert.deepEqual(own, {
      ...documentReport({ requestId: "rd", planItemId: "d-2026-a-01" }),
      id: "F0001",
      unitId: "dept-a",
      createdBy: "clerk",
      createdAt: "2026-11-28T00:00:00.000Z",
      updatedAt: "2026-11-28T00:00:00.000Z",
      version: 1,
    });
    const received = await useCases.report(village, unnumberedReport());
    assert.equal(received.unitId, "village-1");
    assert.equal(received.kind === "document_issued" && received.docNumber, undefined);
    assert.deepEqual(facts.records.get(received.id), received);
  });

  it("accepts an inspection visit from its lead unit and from the unit visited", async () => {
    const { useCases } = setup();
    const led = await useCases.report(clerk, visitReport({ targetUnitId: "village-2" }));
    assert.equal(led.unitId, "dept-a");
    const received = await useCases.report(village, visitReport({ leadUnitId: "city-office" }));
    assert.equal(received.unitId, "village-1");
    assert.equal(received.kind === "inspection_visit" && received.targetUnitId, "village-1");
    const township = await useCases.report(
      grassroots("township-east"),
      visitReport({ targetUnitId: "township-east" }),
    );
    assert.equal(township.unitId, "township-east");
  });

  it("refuses a department reporting another unit's meeting, document or inspection, at the subject's field", async () => {
    const { useCases, facts } = setup();
    const before = facts.records.size;
    await assert.rejects(
      useCases.report(clerk, report({ convenerUnitId: "dept-b" })),
      refusedAt("NOT_OWN_MEETING", "convenerUnitId"),
    );
    await assert.rejects(
      useCases.report(clerk, documentReport({ issuerUnitId: "dept-b" })),
      refusedAt("NOT_OWN_DOCUMENT", "issuerUnitId"),
    );
    await assert.rejects(
      useCases.report(clerk, visitReport({ leadUnitId: "dept-b" })),
      refusedAt("NOT_OWN_INSPECTION", "leadUnitId"),
    );
    assert.equal(facts.records.size, before);
  });

  it("refuses a grassroots unit reporting an inspection of another unit", async () => {
    const { useCases } = setup();
    for (const targetUnitId of ["village-2", "township-east", "dept-b"]) {
      await assert.rejects(
        useCases.report(village, visitReport({ targetUnitId })),
        refusedAt("NOT_VISITED_UNIT", "targetUnitId"),
      );
    }
  });

  it("refuses a grassroots unit named as a document's issuer or an inspection's lead", async () => {
    const { useCases } = setup();
    for (const unitId of ["township-east", "village-2"]) {
      await assert.rejects(
        useCases.report(village, documentReport({ issuerUnitId: unitId })),
        refusedAt("ISSUER_NOT_CITY_UNIT", "issuerUnitId"),
      );
      await assert.rejects(
        useCases.report(village, visitReport({ leadUnitId: unitId })),
        refusedAt("LEAD_NOT_CITY_UNIT", "leadUnitId"),
      );
    }
    const office = await useCases.report(village, documentReport({ issuerUnitId: "city-office" }));
    assert.equal(office.kind === "document_issued" && office.issuerUnitId, "city-office");
  });

  it("refuses an inspection target that is no township or village, or no unit at all", async () => {
    const { useCases } = setup();
    for (const targetUnitId of ["dept-b", "city-office"]) {
      await assert.rejects(useCases.report(clerk, visitReport({ targetUnitId })), (error) => {
        refusedAt("TARGET_NOT_GRASSROOTS", "targetUnitId")(error);
        assert.ok(error instanceof BusinessRuleError);
        assert.match(error.message, new RegExp(`"${targetUnitId}" is a (department|office)`));
        return true;
      });
    }
    await assert.rejects(
      useCases.report(clerk, visitReport({ targetUnitId: "village-404" })),
      refusedAt("UNKNOWN_UNIT", "targetUnitId"),
    );
    await assert.rejects(
      useCases.report(village, documentReport({ issuerUnitId: "dept-gone" })),
      refusedAt("UNKNOWN_UNIT", "issuerUnitId"),
    );
  });

  it("refuses a report wrong in several ways for the first wrong field, however fast each read answers", async () => {
    const units = cityUnits();
    const slowUnits: UnitRepository = {
      ...units,
      get: async (id) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return units.get(id);
      },
    };
    const { useCases } = setup(undefined, slowUnits);
    await assert.rejects(
      useCases.report(clerk, visitReport({ targetUnitId: "village-404", requestId: "rb" })),
      refusedAt("UNKNOWN_UNIT", "targetUnitId"),
    );
  });

  it("refuses a convener that is not a unit", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.report(village, report({ convenerUnitId: "dept-gone" })),
      refusedAt("UNKNOWN_UNIT", "convenerUnitId"),
    );
  });

  it("refuses a request that is not the subject unit's, or not of the fact's kind, as if it did not exist", async () => {
    const { useCases } = setup();
    for (const requestId of ["rb", "r-none", "rd"]) {
      await assert.rejects(
        useCases.report(clerk, report({ requestId })),
        refusedAt("UNKNOWN_REQUEST", "requestId"),
      );
    }
    await assert.rejects(
      useCases.report(village, documentReport({ requestId: "ra" })),
      refusedAt("UNKNOWN_REQUEST", "requestId"),
    );
    await assert.rejects(useCases.report(clerk, visitReport({ requestId: "rd" })), (error) => {
      refusedAt("UNKNOWN_REQUEST", "requestId")(error);
      assert.ok(error instanceof BusinessRuleError);
      assert.match(error.message, /dept-a has no inspection request "rd"/);
      return true;
    });
  });

  it("refuses a convener that is a township or village: only departments and offices convene", async () => {
    const { useCases, facts } = setup();
    const before = facts.records.size;
    for (const convenerUnitId of ["township-east", "village-2"]) {
      await assert.rejects(useCases.report(village, report({ convenerUnitId })), (error) => {
        refusedAt("CONVENER_NOT_CITY_UNIT", "convenerUnitId")(error);
        assert.ok(error instanceof BusinessRuleError);
        assert.match(error.message, /department or office/);
        return true;
      });
    }
    assert.equal(facts.records.size, before);
    const office = await useCases.report(village, report({ convenerUnitId: "city-office" }));
    assert.equal(office.kind === "meeting_held" && office.convenerUnitId, "city-office");
  });

  it("refuses a meeting that has not happened yet, allowing a few minutes of clock skew", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.report(clerk, report({ heldAt: "2026-11-28T00:06:00Z" })),
      refusedAt("NOT_YET_HAPPENED", "heldAt"),
    );
    const skewed = await useCases.report(clerk, report({ heldAt: "2026-11-28T00:04:00Z" }));
    assert.equal(skewed.kind === "meeting_held" && skewed.heldAt, "2026-11-28T00:04:00Z");
  });

  it("refuses a document or a visit in the future, at issuedAt or visitedAt", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.report(village, documentReport({ issuedAt: "2026-11-28T08:06:00+08:00" })),
      refusedAt("NOT_YET_HAPPENED", "issuedAt"),
    );
    await assert.rejects(
      useCases.report(village, visitReport({ visitedAt: "2026-11-29T09:00:00+08:00" })),
      refusedAt("NOT_YET_HAPPENED", "visitedAt"),
    );
  });

  it("refuses a meeting held longer ago than the deployment's FACT_MAX_AGE_DAYS", async () => {
    const { useCases } = setup({ maxAgeDays: 90, perUnitPerDay: 100 });
    // 90 days before 2026-11-28T00:00Z is 2026-08-30T00:00Z.
    await assert.rejects(
      useCases.report(clerk, report({ heldAt: "2026-08-29T23:59:00Z" })),
      refusedAt("TOO_OLD", "heldAt"),
    );
    const recent = await useCases.report(clerk, report({ heldAt: "2026-08-30T00:01:00Z" }));
    assert.equal(recent.kind === "meeting_held" && recent.heldAt, "2026-08-30T00:01:00Z");
    const { useCases: stricter } = setup({ maxAgeDays: 7, perUnitPerDay: 100 });
    await assert.rejects(
      stricter.report(clerk, report({ heldAt: "2026-11-20T00:00:00Z" })),
      refusedAt("TOO_OLD", "heldAt"),
    );
  });

  it("refuses a document or a visit older than FACT_MAX_AGE_DAYS, at issuedAt or visitedAt", async () => {
    const { useCases } = setup({ maxAgeDays: 7, perUnitPerDay: 100 });
    await assert.rejects(
      useCases.report(village, documentReport({ issuedAt: "2026-11-20T07:59:00+08:00" })),
      refusedAt("TOO_OLD", "issuedAt"),
    );
    await assert.rejects(
      useCases.report(village, visitReport({ visitedAt: "2026-11-19T10:00:00+08:00" })),
      (error) => {
        refusedAt("TOO_OLD", "visitedAt")(error);
        assert.ok(error instanceof BusinessRuleError);
        assert.match(error.message, /an inspection visit that old/);
        return true;
      },
    );
    const inTime = await useCases.report(village, documentReport({ issuedAt: "2026-11-21T08:01:00+08:00" }));
    assert.equal(inTime.unitId, "village-1");
  });

  it("counts a unit's reports per local day and refuses the one past the cap with 429 and Retry-After", async () => {
    const { useCases, facts, clock } = setup({ maxAgeDays: 90, perUnitPerDay: 2 });
    // 15:59:30Z is 23:59:30 in Shanghai: the local day ends in 30 seconds.
    clock.set("2026-11-28T15:59:30.000Z");
    await useCases.report(clerk, report());
    await useCases.report(clerk, documentReport());
    await assert.rejects(useCases.report(clerk, visitReport()), (error) => {
      assert.ok(error instanceof TooManyRequestsError, String(error));
      assert.equal(error.status, 429);
      assert.equal(error.code, "TOO_MANY_FACTS");
      assert.equal(error.headers["retry-after"], "30");
      assert.match(error.message, /tomorrow/);
      return true;
    });
    assert.deepEqual(facts.quotas.at(-1), { unitId: "dept-a", day: "2026-11-28", limit: 2 });
    // Another unit has its own count; the next local day starts a new one.
    await useCases.report(village, report());
    clock.set("2026-11-28T16:00:00.000Z");
    await useCases.report(clerk, report());
    assert.equal(facts.quotas.at(-1)?.day, "2026-11-29");
  });

  it("says how long until the local day ends, in whole seconds", async () => {
    const { useCases, clock } = setup({ maxAgeDays: 90, perUnitPerDay: 1 });
    clock.set("2026-11-28T00:00:00.000Z");
    await useCases.report(clerk, report());
    await assert.rejects(useCases.report(clerk, report()), (error) => {
      assert.ok(error instanceof TooManyRequestsError);
      // 08:00 in Shanghai: sixteen hours left.
      assert.equal(error.headers["retry-after"], String(16 * 3600));
      return true;
    });
  });

  it("refuses a reporter without a unit", async () => {
    const { useCases } = setup();
    await assert.rejects(useCases.report(caller("unitless"), report()), ForbiddenError);
  });
});

describe("occurrences of what was reported", () => {
  it("makes a department's and two villages' reports of one meeting one occurrence, counted once against the year's meetings", async () => {
    const { useCases, facts } = setup();
    await useCases.report(clerk, report({ heldAt: "2026-11-25T09:00:00+08:00" }));
    await useCases.report(village, report({ heldAt: "2026-11-25T09:05:00+08:00", title: "safety MEETING" }));
    await useCases.report(otherVillage, report({ heldAt: "2026-11-25T14:00:00+08:00" }));
    await useCases.report(otherVillage, report({ heldAt: "2026-11-25T09:00:00+08:00" }));
    assert.deepEqual([...facts.occurrences.keys()], ["meeting_held:dept-a:2026-11-25"]);
    assert.deepEqual([...(facts.occurrences.get("meeting_held:dept-a:2026-11-25")?.reporters ?? [])].sort(), [
      "dept-a",
      "village-1",
      "village-2",
    ]);
    assert.deepEqual([...facts.counted], [["2026#meetings#dept-a", 1]]);
  });

  it("hands the store the occurrence as its first report makes it, and the quota it counts against", async () => {
    const { useCases, facts } = setup();
    const fact = await useCases.report(village, visitReport());
    assert.deepEqual(facts.reported.at(-1), {
      occurrence: {
        id: "inspection_visit:dept-a:village-1:2026-11-25",
        kind: "inspection_visit",
        subjectUnitId: "dept-a",
        title: "Farmland irrigation check",
        happenedAt: "2026-11-25T10:00:00+08:00",
        day: "2026-11-25",
        targetUnitId: "village-1",
        reporters: new Set(["village-1"]),
        firstReportId: fact.id,
        firstReportedAt: fact.createdAt,
        lastReportedAt: fact.createdAt,
      },
      countsAgainst: undefined,
      existed: false,
    });
    await useCases.report(clerk, visitReport({ visitedAt: "2026-11-25T15:00:00+08:00" }));
    assert.equal(facts.reported.at(-1)?.existed, true, "the lead unit's report joins the village's");
    await useCases.report(clerk, documentReport());
    assert.deepEqual(facts.reported.at(-1)?.countsAgainst, { year: 2026, kind: "documents" });
    assert.equal(facts.reported.at(-1)?.occurrence.targetUnitId, undefined);
    assert.equal(facts.reported.at(-1)?.existed, false);
  });

  it("counts a document in the local year of issuedAt", async () => {
    const { useCases, facts, clock } = setup();
    clock.set("2027-01-05T00:00:00.000Z");
    // 17:00 UTC on New Year's Eve is 01:00 on 1 January in Shanghai.
    await useCases.report(
      clerk,
      documentReport({ issuedAt: "2026-12-31T17:00:00Z", docNumber: "A发〔2027〕1号" }),
    );
    await useCases.report(
      clerk,
      documentReport({ issuedAt: "2026-12-31T15:59:00Z", docNumber: "A发〔2026〕99号" }),
    );
    assert.deepEqual([...facts.counted].sort(), [
      ["2026#documents#dept-a", 1],
      ["2027#documents#dept-a", 1],
    ]);
  });

  it("joins a village's report of a document to its issuer's, by its number however it is typed", async () => {
    const { useCases, facts } = setup();
    await useCases.report(clerk, documentReport());
    await useCases.report(
      village,
      documentReport({ docNumber: " a发 [２０２６] 7 号", issuedAt: "2026-11-26T15:00:00+08:00" }),
    );
    assert.equal(facts.occurrences.size, 1);
    assert.equal([...facts.occurrences.values()][0]?.reporters.size, 2);
    assert.deepEqual([...facts.counted], [["2026#documents#dept-a", 1]]);
  });
});

describe("reading facts", () => {
  it("shows a reporter its own unit's facts and hides the others as not found", async () => {
    const { useCases } = setup();
    assert.equal((await useCases.get(clerk, "fa")).id, "fa");
    await assert.rejects(useCases.get(clerk, "fv"), NotFoundError);
    await assert.rejects(useCases.get(village, "fa"), NotFoundError);
    await assert.rejects(useCases.get(clerk, "nothing"), NotFoundError);
  });

  it("shows supervisors and approvers every unit's facts", async () => {
    const { useCases } = setup();
    assert.equal((await useCases.get(caller("supervisor"), "fv")).id, "fv");
    const all = await useCases.list(caller("approver"), { limit: 25 });
    assert.deepEqual(all.items.map((fact) => fact.id).sort(), ["fa", "fv"]);
  });

  it("lists only the reporter's unit", async () => {
    const { useCases } = setup();
    const own = await useCases.list(village, { limit: 25 });
    assert.deepEqual(
      own.items.map((fact) => fact.id),
      ["fv"],
    );
    await assert.rejects(useCases.list(caller("unitless"), { limit: 25 }), ForbiddenError);
  });

  it("shows a department what was reported about it, with how many units reported each occurrence and never which", async () => {
    const { useCases } = setup();
    await useCases.report(clerk, report());
    await useCases.report(village, report({ heldAt: "2026-11-25T15:00:00+08:00" }));
    await useCases.report(otherVillage, report());
    await useCases.report(village, unnumberedReport());
    const about = await useCases.list(clerk, { about: "mine", limit: 25 });
    assert.deepEqual(
      about.items.map((item) =>
        "reportingUnits" in item ? [item.kind, item.reportingUnits, item.reportedByYourUnit] : [],
      ),
      [
        ["document_issued", 1, false],
        ["meeting_held", 3, true],
      ],
    );
    const text = JSON.stringify(about);
    assert.doesNotMatch(text, /village/);
    assert.doesNotMatch(text, /reporters/);
    assert.deepEqual((await useCases.list(caller("otherClerk"), { about: "mine", limit: 25 })).items, []);
    assert.deepEqual((await useCases.list(village, { about: "mine", limit: 25 })).items, []);
  });

  it("names a visit's target, in the view or its id, only to a lead unit that reported the visit itself", async () => {
    const { useCases } = setup();
    const fromVillage = await useCases.report(village, visitReport());
    await useCases.report(clerk, visitReport({ targetUnitId: "village-2" }));
    await useCases.report(otherVillage, visitReport({ targetUnitId: "village-2" }));
    const about = await useCases.list(clerk, { about: "mine", limit: 25 });
    const views = about.items.map((item) =>
      "reportingUnits" in item
        ? [item.id, item.reportingUnits, item.reportedByYourUnit, item.targetUnitId]
        : [],
    );
    assert.deepEqual(views.sort(), [
      [fromVillage.id, 1, false, undefined],
      ["inspection_visit:dept-a:village-2:2026-11-25", 2, true, "village-2"],
    ]);
    assert.doesNotMatch(JSON.stringify(about.items.filter((item) => item.id === fromVillage.id)), /village/);
  });

  it("refuses about=mine to an account without a unit", async () => {
    const { useCases } = setup();
    await assert.rejects(useCases.list(caller("supervisor"), { about: "mine", limit: 25 }), ForbiddenError);
  });
});
