/**
 * Reported facts of every kind against the local stack: over HTTP as a frontend sends them, and,
 * where DynamoDB's own conditions are the point (one occurrence, one count, however many reports
 * arrive at once), through the repositories in this process on the same table.
 */
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { factLimits } from "../../shared/facts/limits.ts";
import { factRepository } from "../../shared/facts/repository.ts";
import type { FactRecord, MeetingHeld } from "../../shared/facts/schemas.ts";
import { makeFactUseCases } from "../../shared/facts/use-cases.ts";
import { planRepository } from "../../shared/plans/repository.ts";
import type { PlanKind } from "../../shared/plans/schemas.ts";
import { ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import { localDay, localMidnightUtc } from "../../shared/platform/time.ts";
import { requestRepository } from "../../shared/requests/repository.ts";
import { unitRepository } from "../../shared/units/repository.ts";
import { type Api, type Reply, startApi } from "./client.ts";
import { meetingRequest } from "./support/meetings.ts";

const DAY_MS = 86_400_000;

describe("reported meetings, documents and inspection visits", () => {
  let api: Api;
  let zone: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    zone = config().TIME_ZONE;
    const identities = {
      education: ["department", "dept-education"],
      health: ["department", "dept-health"],
      agriculture: ["department", "dept-agriculture"],
      village1: ["grassroots", "village-1"],
      village2: ["grassroots", "village-2"],
      village3: ["grassroots", "village-3"],
      township: ["grassroots", "township-east"],
      supervisor: ["supervisor", "supervision-office"],
    } as const;
    for (const [name, [role, unit]] of Object.entries(identities)) {
      tokens[name] = await api.token(role, unit, `${name}-person`);
    }
  });

  afterAll(() => api.stack.stop());

  /** The local day `daysAgo` days before today, in the deployment's zone. */
  const dayAgo = (daysAgo: number): string => localDay(new Date(Date.now() - daysAgo * DAY_MS), zone);

  /** `hours` after local midnight of `day`. */
  const at = (day: string, hours: number): string =>
    new Date(localMidnightUtc(day, zone).getTime() + hours * 3_600_000).toISOString();

  const meeting = (day: string, hours: number, overrides: Record<string, unknown> = {}) => ({
    kind: "meeting_held",
    convenerUnitId: "dept-education",
    title: "Campus safety before the winter holidays",
    heldAt: at(day, hours),
    durationMinutes: 60,
    attendeeLevel: "deputy",
    attendeesPerUnit: 1,
    relayed: false,
    ...overrides,
  });

  const documentIssued = (day: string, overrides: Record<string, unknown> = {}) => ({
    kind: "document_issued",
    issuerUnitId: "dept-education",
    title: "关于做好冬季校园安全工作的通知",
    docNumber: `教发〔${day.slice(0, 4)}〕${day.slice(5, 7)}${day.slice(8, 10)}号`,
    issuedAt: at(day, 10),
    pages: 4,
    ...overrides,
  });

  const visit = (day: string, overrides: Record<string, unknown> = {}) => ({
    kind: "inspection_visit",
    leadUnitId: "dept-agriculture",
    targetUnitId: "village-2",
    title: "高标准农田建设督查",
    inspectionKind: "supervision",
    visitedAt: at(day, 10),
    ...overrides,
  });

  const report = (who: string, body: unknown) => api.call("POST", "/v1/events", { token: tokens[who], body });

  const aboutMine = async (who: string, query = "") => {
    const reply = await api.call("GET", `/v1/events?about=mine${query}`, { token: tokens[who] });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply;
  };

  const reportedCount = async (year: number, kind: PlanKind, unitId: string) =>
    (await planRepository.snapshot(year, kind)).reported.get(unitId) ?? 0;

  const created = (reply: Reply): Reply => {
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    return reply;
  };

  it("accepts each kind from the unit responsible and from the grassroots unit on the receiving end", async () => {
    const day = dayAgo(1);
    const held = created(await report("education", meeting(day, 9)));
    assert.equal(held.body.accompanyingAttendees, false, "left out, no accompanying attendees were required");
    assert.equal(held.headers.get("location"), `/v1/events/${held.body.id}`);
    const accompanied = created(await report("village1", meeting(day, 9, { accompanyingAttendees: true })));
    assert.equal(accompanied.body.accompanyingAttendees, true);

    const issued = created(await report("education", documentIssued(day)));
    assert.equal(issued.body.docNumber, documentIssued(day).docNumber);
    const received = created(await report("village1", documentIssued(day, { docNumber: undefined })));
    assert.equal(received.body.unitId, "village-1");
    assert.equal("docNumber" in received.body, false);

    const led = created(await report("agriculture", visit(day)));
    assert.equal(led.body.leadUnitId, "dept-agriculture");
    const visited = created(await report("village2", visit(day)));
    assert.equal(visited.body.unitId, "village-2");
    const township = created(await report("township", visit(day, { targetUnitId: "township-east" })));
    assert.equal(township.body.targetUnitId, "township-east");

    for (const [who, fact] of [
      ["education", issued],
      ["village1", received],
      ["village2", visited],
    ] as const) {
      const read = await api.call("GET", `/v1/events/${fact.body.id}`, { token: tokens[who] });
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, fact.body);
    }
    const foreign = await api.call("GET", `/v1/events/${visited.body.id}`, { token: tokens.agriculture });
    assert.equal(foreign.status, 404, "the lead unit does not read the village's own report");
  });

  it("refuses what the reporting rules forbid, at the field that is wrong", async () => {
    const day = dayAgo(2);
    const request = await api.call("POST", "/v1/requests", {
      token: tokens.education,
      body: meetingRequest("Heating season coordination"),
    });
    assert.equal(request.status, 201, JSON.stringify(request.body));
    const cases: [string, unknown, string, string][] = [
      ["education", documentIssued(day, { issuerUnitId: "dept-health" }), "NOT_OWN_DOCUMENT", "issuerUnitId"],
      ["education", visit(day, { leadUnitId: "dept-health" }), "NOT_OWN_INSPECTION", "leadUnitId"],
      ["education", meeting(day, 9, { convenerUnitId: "dept-health" }), "NOT_OWN_MEETING", "convenerUnitId"],
      ["village1", visit(day, { targetUnitId: "village-2" }), "NOT_VISITED_UNIT", "targetUnitId"],
      [
        "village1",
        documentIssued(day, { issuerUnitId: "township-east" }),
        "ISSUER_NOT_CITY_UNIT",
        "issuerUnitId",
      ],
      [
        "village1",
        visit(day, { leadUnitId: "township-east", targetUnitId: "village-1" }),
        "LEAD_NOT_CITY_UNIT",
        "leadUnitId",
      ],
      [
        "education",
        visit(day, { leadUnitId: "dept-education", targetUnitId: "dept-health" }),
        "TARGET_NOT_GRASSROOTS",
        "targetUnitId",
      ],
      [
        "education",
        visit(day, { leadUnitId: "dept-education", targetUnitId: "village-404" }),
        "UNKNOWN_UNIT",
        "targetUnitId",
      ],
      ["education", documentIssued(day, { requestId: request.body.id }), "UNKNOWN_REQUEST", "requestId"],
      [
        "village1",
        documentIssued(day, { issuedAt: new Date(Date.now() + DAY_MS).toISOString() }),
        "NOT_YET_HAPPENED",
        "issuedAt",
      ],
      [
        "village2",
        visit(day, {
          visitedAt: new Date(Date.now() - (factLimits().maxAgeDays + 1) * DAY_MS).toISOString(),
        }),
        "TOO_OLD",
        "visitedAt",
      ],
    ];
    for (const [who, body, code, path] of cases) {
      const reply = await report(who, body);
      assert.equal(reply.status, 422, `${code}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.error.code, code);
      assert.deepEqual(
        reply.body.error.details.map((detail: { path: string }) => detail.path),
        [path],
        code,
      );
    }
    const cited = created(await report("education", meeting(day, 9, { requestId: request.body.id })));
    assert.equal(cited.body.requestId, request.body.id, "the same request is the meeting's own");
  });

  it("refuses a malformed body with 400 at the offending field", async () => {
    const day = dayAgo(3);
    const { pages: _pages, ...withoutPages } = documentIssued(day);
    const { targetUnitId: _target, ...withoutTarget } = visit(day);
    const cases: [string, unknown, string][] = [
      ["village1", withoutPages, "pages"],
      ["village1", documentIssued(day, { pages: 0 }), "pages"],
      ["village1", documentIssued(day, { pages: 2.5 }), "pages"],
      ["village1", documentIssued(day, { docNumber: "   " }), "docNumber"],
      ["village1", documentIssued(day, { issuedAt: "2026-11-24 10:00" }), "issuedAt"],
      ["village2", visit(day, { inspectionKind: "audit" }), "inspectionKind"],
      ["village2", withoutTarget, "targetUnitId"],
      ["village2", visit(day, { visitedAt: "yesterday" }), "visitedAt"],
      ["education", meeting(day, 9, { accompanyingAttendees: "no" }), "accompanyingAttendees"],
      ["education", { ...meeting(day, 9), kind: "plaque_seen" }, "kind"],
    ];
    for (const [who, body, path] of cases) {
      const reply = await report(who, body);
      assert.equal(reply.status, 400, `${path}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.error.code, "VALIDATION_FAILED");
      assert.ok(
        reply.body.error.details.some((detail: { path: string }) => detail.path === path),
        `${path}: ${JSON.stringify(reply.body.error.details)}`,
      );
    }
    const badQuery = await api.call("GET", "/v1/events?about=theirs", { token: tokens.education });
    assert.equal(badQuery.status, 400);
    assert.equal(badQuery.body.error.details[0].path, "about");
  });

  it("counts a meeting its convener and two villages report once, and tells the convener how many units reported it but not which", async () => {
    const day = dayAgo(4);
    const year = Number(day.slice(0, 4));
    const before = await reportedCount(year, "meetings", "dept-education");
    created(await report("education", meeting(day, 9)));
    created(await report("village1", meeting(day, 9.25, { title: "校园安全会" })));
    created(await report("village2", meeting(day, 15)));
    created(await report("village2", meeting(day, 9)));
    assert.equal(await reportedCount(year, "meetings", "dept-education"), before + 1);

    const about = await aboutMine("education");
    const item = about.body.items.find(
      (entry: { id: string }) => entry.id === `meeting_held:dept-education:${day}`,
    );
    assert.ok(item, JSON.stringify(about.body.items));
    assert.equal(item.reportingUnits, 3);
    assert.equal(item.reportedByYourUnit, true);
    assert.equal(item.kind, "meeting_held");
    assert.equal(item.day, day);
    const text = JSON.stringify(about.body);
    assert.doesNotMatch(text, /village-\d|township-east/);
    assert.doesNotMatch(text, /reporters/);

    const own = await api.call("GET", "/v1/events", { token: tokens.education });
    assert.ok(own.body.items.every((fact: FactRecord) => fact.unitId === "dept-education"));
    for (const other of ["health", "supervisor", "village1"]) {
      const theirs = await aboutMine(other);
      assert.ok(
        theirs.body.items.every(
          (entry: { subjectUnitId: string }) => entry.subjectUnitId !== "dept-education",
        ),
        other,
      );
    }
  });

  it("counts simultaneous first reports of one meeting exactly once", async () => {
    for (const daysAgo of [5, 6, 7]) {
      const day = dayAgo(daysAgo);
      const year = Number(day.slice(0, 4));
      const before = await reportedCount(year, "meetings", "dept-health");
      const replies = await Promise.all(
        ["health", "village1", "village2", "village3"].map((who) =>
          report(who, meeting(day, 10, { convenerUnitId: "dept-health" })),
        ),
      );
      for (const reply of replies) created(reply);
      assert.equal(await reportedCount(year, "meetings", "dept-health"), before + 1, day);
      const about = await aboutMine("health", "&limit=100");
      const item = about.body.items.find(
        (entry: { id: string }) => entry.id === `meeting_held:dept-health:${day}`,
      );
      assert.equal(item?.reportingUnits, 4, day);
    }
  });

  it("keeps one occurrence and one count however many reports of it the table receives at once", async () => {
    const day = dayAgo(8);
    const year = Number(day.slice(0, 4));
    const useCases = inProcessUseCases(new Date());
    const before = await reportedCount(year, "meetings", "dept-agriculture");
    const units = ["dept-agriculture", "township-east", "village-1", "village-2", "village-3"];
    const reports = await Promise.all(
      [...units, ...units].map((unitId) =>
        useCases.report(reporter(unitId), heldBy("dept-agriculture", at(day, 11))),
      ),
    );
    assert.equal(new Set(reports.map((fact) => fact.id)).size, 10, "every report is kept");
    assert.equal(await reportedCount(year, "meetings", "dept-agriculture"), before + 1);
    const page = await factRepository.occurrencesAbout("dept-agriculture", 100);
    const occurrence = page.items.find((item) => item.id === `meeting_held:dept-agriculture:${day}`);
    assert.deepEqual([...(occurrence?.reporters ?? [])].sort(), [...units].sort());
  });

  it("counts a document in the local year of issuedAt", async () => {
    const before = await Promise.all(
      [2026, 2027].map((year) => reportedCount(year, "documents", "dept-education")),
    );
    const useCases = inProcessUseCases(new Date("2027-01-05T00:00:00Z"));
    const clerk = reporter("dept-education");
    const report = (issuedAt: string, docNumber: string) =>
      useCases.report(clerk, {
        kind: "document_issued",
        issuerUnitId: "dept-education",
        title: "关于寒假安全工作的通知",
        docNumber,
        issuedAt,
        pages: 2,
      });
    // 17:00 UTC on New Year's Eve is already 1 January in Shanghai; 15:59 UTC is still 31 December.
    await report("2026-12-31T17:00:00Z", "教发〔2027〕1号");
    await report("2026-12-31T15:59:00Z", "教发〔2026〕199号");
    await report("2027-01-04T09:00:00+08:00", "教发〔2027〕2号");
    const after = await Promise.all(
      [2026, 2027].map((year) => reportedCount(year, "documents", "dept-education")),
    );
    assert.deepEqual(after, [(before[0] ?? 0) + 1, (before[1] ?? 0) + 2]);
  });

  it("tells a lead unit of a visit only the village reported, without naming the village", async () => {
    const day = dayAgo(9);
    const fromVillage = created(
      await report("village3", visit(day, { leadUnitId: "dept-health", targetUnitId: "village-3" })),
    );
    const about = await aboutMine("health", "&limit=100");
    const visits = about.body.items.filter((entry: { kind: string }) => entry.kind === "inspection_visit");
    assert.equal(visits.length, 1, JSON.stringify(visits));
    assert.equal(visits[0].id, fromVillage.body.id);
    assert.equal(visits[0].reportingUnits, 1);
    assert.equal(visits[0].reportedByYourUnit, false);
    assert.equal("targetUnitId" in visits[0], false);
    assert.doesNotMatch(JSON.stringify(about.body), /village-\d/);

    created(await report("agriculture", visit(day)));
    created(await report("village2", visit(day)));
    const led = await aboutMine("agriculture", "&limit=100");
    const own = led.body.items.find(
      (entry: { id: string }) => entry.id === `inspection_visit:dept-agriculture:village-2:${day}`,
    );
    assert.equal(
      own?.targetUnitId,
      "village-2",
      "a visit the lead unit reported itself shows its own target",
    );
    assert.equal(own?.reportingUnits, 2);
  });

  it("pages what was reported about a unit with a cursor no other unit can use", async () => {
    const first = await aboutMine("education", "&limit=1");
    assert.equal(first.body.items.length, 1);
    assert.ok(first.body.nextCursor);
    const cursor = encodeURIComponent(first.body.nextCursor);
    const second = await aboutMine("education", `&limit=1&cursor=${cursor}`);
    assert.notEqual(second.body.items[0]?.id, first.body.items[0]?.id);
    const stolen = await api.call("GET", `/v1/events?about=mine&limit=1&cursor=${cursor}`, {
      token: tokens.health,
    });
    assert.equal(stolen.status, 400, JSON.stringify(stolen.body));
    const elsewhere = await api.call("GET", `/v1/events?limit=1&cursor=${cursor}`, {
      token: tokens.education,
    });
    assert.equal(elsewhere.status, 400, "an about=mine cursor does not page the unit's own reports");
  });
});

/** The facts use cases of the functions, on this stack's table, with the clock at `now`. */
const inProcessUseCases = (now: Date) =>
  makeFactUseCases({
    facts: factRepository,
    units: unitRepository,
    requests: requestRepository,
    clock: { now: () => new Date(now) },
    ids: ulidIds,
    limits: factLimits(),
    timeZone: config().TIME_ZONE,
  });

const heldBy = (convenerUnitId: string, heldAt: string): MeetingHeld => ({
  kind: "meeting_held",
  convenerUnitId,
  title: "Spring ploughing preparations",
  heldAt,
  durationMinutes: 60,
  attendeeLevel: "deputy",
  attendeesPerUnit: 1,
  relayed: false,
  accompanyingAttendees: false,
});

const reporter = (unitId: string): Caller => ({
  sub: `${unitId}-person`,
  roles: [unitId.startsWith("dept-") ? "department" : "grassroots"],
  unitId,
});
