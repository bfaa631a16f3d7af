/**
 * Statistics against the local stack. Over HTTP, as a frontend reads them: a few operations, then
 * GET /v1/stats as JSON and as CSV, beside the seeded history of the year before, and who may see
 * what. Through the real repositories in this process, on the same DynamoDB Local table: after
 * random sequences of requests, reports and violations, every counter item equals a recount of
 * the records themselves, so no transaction moved a counter without its record or the other way.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { randomReceipts } from "../../shared/complaints/receipt.ts";
import { complaintEntity, complaintRepository } from "../../shared/complaints/repository.ts";
import { fileComplaintSchema } from "../../shared/complaints/schemas.ts";
import { makeComplaintUseCases } from "../../shared/complaints/use-cases.ts";
import { factLimits } from "../../shared/facts/limits.ts";
import { factRepository, occurrenceEntity } from "../../shared/facts/repository.ts";
import { reportFactSchema } from "../../shared/facts/schemas.ts";
import { makeFactUseCases } from "../../shared/facts/use-cases.ts";
import { planRepository } from "../../shared/plans/repository.ts";
import { plaqueEntity, plaqueRepository } from "../../shared/plaques/repository.ts";
import { makePlaqueUseCases } from "../../shared/plaques/use-cases.ts";
import { ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { parseCsv } from "../../shared/platform/csv.ts";
import { AppError } from "../../shared/platform/errors.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import { localDay, weekLabelOf } from "../../shared/platform/time.ts";
import { happensAt } from "../../shared/requests/kinds/index.ts";
import { vetoCategories } from "../../shared/requests/kinds/veto-item.ts";
import { requestLimits, requestSettings } from "../../shared/requests/limits.ts";
import { requestEntity, requestRepository } from "../../shared/requests/repository.ts";
import { type RequestRecord, submitRequestSchema } from "../../shared/requests/schemas.ts";
import { makeRequestUseCases } from "../../shared/requests/use-cases.ts";
import { secondmentEntity, secondmentRepository } from "../../shared/secondments/repository.ts";
import { registerSecondmentSchema } from "../../shared/secondments/schemas.ts";
import { makeSecondmentUseCases } from "../../shared/secondments/use-cases.ts";
import { NO_UNIT } from "../../shared/stats/counters.ts";
import { statsFigures } from "../../shared/stats/figures.ts";
import { unitRepository } from "../../shared/units/repository.ts";
import { violationEntity, violationRepository } from "../../shared/violations/repository.ts";
import { type ViolationRecord, violationRules } from "../../shared/violations/schemas.ts";
import { makeViolationUseCases } from "../../shared/violations/use-cases.ts";
import { fixedClock } from "../fakes/memory.ts";
import { type Api, startApi } from "./client.ts";
import { type Item, scanTable, tableReader } from "./support/audit-trail.ts";

const DAY_MS = 86_400_000;

describe("statistics", () => {
  let api: Api;
  const tokens: Record<string, string> = {};
  /** This local year: the demo city's plans are this year's, its seeded history last year's. */
  let year = 0;

  beforeAll(async () => {
    api = await startApi();
    year = Number(localDay(new Date(), config().TIME_ZONE).slice(0, 4));
    const identities = {
      education: ["department", "dept-education"],
      health: ["department", "dept-health"],
      approver: ["approver", "city-office"],
      supervisor: ["supervisor", "supervision-office"],
      village: ["grassroots", "village-1"],
      admin: ["admin", "city-office"],
    } as const;
    for (const [name, [role, unit]] of Object.entries(identities)) {
      tokens[name] = await api.token(role, unit, `${name}-person`);
    }
  });

  afterAll(async () => {
    await api.call("DELETE", "/dev/clock");
    await api.stack.stop();
  });

  describe("over HTTP", () => {
    const stats = (query: string, token: string | undefined, headers: Record<string, string> = {}) =>
      api.call("GET", `/v1/stats${query}`, { token, headers });

    beforeAll(async () => {
      // Mid-year, so the operations and what they count fall in this year whenever the suite runs.
      const clock = await api.call("POST", "/dev/clock", { body: { now: `${year}-06-01T02:00:00.000Z` } });
      assert.ok(clock.status < 300, JSON.stringify(clock.body));
      const submitted = await api.call("POST", "/v1/requests", {
        token: tokens.education,
        body: {
          kind: "meeting",
          title: "全市教育工作会议",
          startsAt: `${year}-07-15T09:00:00+08:00`,
          durationMinutes: 45,
          format: "video",
          attendeeLevel: "staff",
          attendeesPerUnit: 1,
          attendeeUnitKinds: ["village"],
          relayed: false,
          reason: "Deploy the new term",
        },
      });
      assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
      const decided = await api.call("POST", `/v1/requests/${submitted.body.id}/decision`, {
        token: tokens.approver,
        body: { decision: "approve", comment: "Keep it short" },
      });
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
      // Reported twice, by the village summoned and by the convener: one meeting held.
      const held = {
        kind: "meeting_held",
        convenerUnitId: "dept-health",
        title: "Flu season mobilisation",
        heldAt: `${year}-05-28T09:00:00+08:00`,
        durationMinutes: 60,
        attendeeLevel: "deputy",
        attendeesPerUnit: 1,
        relayed: false,
      };
      for (const token of [tokens.village, tokens.health]) {
        const reported = await api.call("POST", "/v1/events", { token, body: held });
        assert.equal(reported.status, 201, JSON.stringify(reported.body));
      }
      const finding = await api.call("POST", "/v1/violations", {
        token: tokens.supervisor,
        body: { unitId: "dept-education", title: "Meeting notes missing", description: "No minutes kept" },
      });
      assert.equal(finding.status, 201, JSON.stringify(finding.body));
    });

    it("answer supervisors the city and every unit, this year beside last year's seeded history", async () => {
      const reply = await stats(`?year=${year}`, tokens.supervisor);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.body.year, year);
      assert.equal(reply.body.previousYear, year - 1);
      assert.equal(reply.body.units.length, 9);
      const unit = (id: string) => reply.body.units.find((entry: { unitId: string }) => entry.unitId === id);
      const education = unit("dept-education");
      assert.equal(education.name, "Education Bureau (教育局)");
      assert.equal(education.kind, "department");
      assert.deepEqual(education.figures["meetings.requested"], { value: 1, previous: 16, change: -15 });
      assert.deepEqual(education.figures["meetings.approved"], { value: 1, previous: 13, change: -12 });
      assert.deepEqual(education.figures["meetings.quota"], { value: 12, previous: null, change: null });
      assert.deepEqual(education.figures["violations.opened"], { value: 1, previous: 4, change: -3 });
      assert.equal(education.figures["violations.rule.SUPERVISION_FINDING"].value, 1);
      assert.equal(education.figures["violations.status.open"].value, 1);
      assert.deepEqual(education.figures["complaints.medianDaysToClose"], {
        value: null,
        previous: 20,
        change: null,
      });
      assert.equal(education.figures["inspections.onPlan"].value, 0);
      assert.deepEqual(unit("dept-health").figures["meetings.held"], { value: 1, previous: 12, change: -11 });
      assert.equal(unit("dept-agriculture").figures["inspections.onPlan"].value, 1);
      assert.equal(unit("village-1").figures["inspections.visitsReceived"].previous, 18);
      const city = reply.body.city.figures;
      assert.deepEqual(city["meetings.held"], { value: 1, previous: 34, change: -33 });
      assert.equal(city["meetings.quota"].value, 28);
      assert.equal(city["inspections.onPlan"].value, 2);
      assert.deepEqual(Object.keys(city), [...statsFigures]);
    });

    it("answer one unit beside the city with ?unitId=, and a unit that does not exist as missing", async () => {
      const reply = await stats(`?year=${year}&unitId=dept-health`, tokens.approver);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.deepEqual(
        reply.body.units.map((entry: { unitId: string }) => entry.unitId),
        ["dept-health"],
      );
      assert.ok(reply.body.city);
      assert.equal((await stats("?unitId=dept-nowhere", tokens.approver)).status, 404);
    });

    it("answer the same as a spreadsheet: BOM, Chinese names, the city's row and one row per unit", async () => {
      const reply = await api.call("GET", `/v1/stats?year=${year}`, {
        token: tokens.supervisor,
        headers: { accept: "text/csv" },
      });
      assert.equal(reply.status, 200);
      assert.match(reply.headers.get("content-type") ?? "", /^text\/csv/);
      const raw = await (
        await fetch(`${api.stack.apiUrl}/v1/stats?year=${year}`, {
          headers: { authorization: `Bearer ${tokens.supervisor}`, accept: "text/csv" },
        })
      ).arrayBuffer();
      assert.deepEqual(
        [...new Uint8Array(raw).slice(0, 3)],
        [0xef, 0xbb, 0xbf],
        "UTF-8 with a byte-order mark",
      );
      const text: string = reply.body;
      const { rows, errors } = parseCsv(text);
      assert.deepEqual(errors, []);
      const [header, city, ...units] = rows.map((row) => row.fields);
      assert.deepEqual(header?.slice(0, 6), [
        "unitId",
        "name",
        "kind",
        "meetings.requested",
        "meetings.requested.previous",
        "meetings.requested.change",
      ]);
      assert.equal(city?.[2], "city");
      assert.equal(units.length, 9);
      const education = units.find((row) => row[0] === "dept-education") ?? [];
      assert.equal(education[1], "Education Bureau (教育局)");
      assert.equal(education[(header ?? []).indexOf("meetings.approved.change")], "-12");
    });

    it("answer a department its own unit only, and another unit as missing", async () => {
      const own = await stats(`?year=${year}`, tokens.education);
      assert.equal(own.status, 200, JSON.stringify(own.body));
      assert.equal(own.body.city, undefined);
      assert.deepEqual(
        own.body.units.map((entry: { unitId: string }) => entry.unitId),
        ["dept-education"],
      );
      assert.equal(own.body.units[0].figures["meetings.approved"].value, 1);
      assert.equal((await stats("?unitId=dept-education", tokens.education)).status, 200);
      const other = await stats("?unitId=dept-health", tokens.education);
      assert.equal(other.status, 404);
      assert.equal(other.body.error.code, "NOT_FOUND");
      const csv = await stats("", tokens.education, { accept: "text/csv" });
      assert.equal(parseCsv(csv.body).rows.length, 2, "the header and the department's own row");
    });

    it("refuse grassroots units and administrators", async () => {
      for (const token of [tokens.village, tokens.admin]) {
        const reply = await stats("", token);
        assert.equal(reply.status, 403);
        assert.equal(reply.body.error.code, "FORBIDDEN");
      }
    });

    it("refuse a year that is not one, at the field's path", async () => {
      for (const bad of ["abc", "1999", "2100", "20266"]) {
        const reply = await stats(`?year=${bad}`, tokens.supervisor);
        assert.equal(reply.status, 400, bad);
        assert.equal(reply.body.error.code, "VALIDATION_FAILED");
        assert.equal(reply.body.error.details[0].path, "year");
      }
    });
  });

  describe("counters kept in the records' own transactions", () => {
    /** Far from this year and the seeded one, so the HTTP operations above count elsewhere. */
    const START = "2031-12-24T02:00:00.000Z";
    const years = new Set([2031, 2032]);
    const departments = ["dept-education", "dept-health", "dept-agriculture"] as const;
    const villages = ["village-1", "village-2"] as const;

    const clock = fixedClock(START);
    const person = (roles: Caller["roles"], unitId: string): Caller => ({
      sub: `${unitId}-${roles[0]}`,
      roles,
      unitId,
    });
    const approver = person(["approver"], "city-office");
    const supervisor = person(["supervisor"], "supervision-office");

    let requests: ReturnType<typeof makeRequestUseCases>;
    let facts: ReturnType<typeof makeFactUseCases>;
    let violations: ReturnType<typeof makeViolationUseCases>;
    let secondments: ReturnType<typeof makeSecondmentUseCases>;
    let complaints: ReturnType<typeof makeComplaintUseCases>;
    let plaques: ReturnType<typeof makePlaqueUseCases>;
    /** An admitted plaque type, created once: a plaque of it is admitted, one of none is to be removed. */
    let admittedType = "";

    beforeAll(async () => {
      plaques = makePlaqueUseCases({
        plaques: plaqueRepository,
        units: unitRepository,
        clock,
        ids: ulidIds,
        timeZone: config().TIME_ZONE,
        removeDays: 30,
      });
      admittedType = (
        await plaques.createType(person(["admin"], "city-office"), {
          name: "统计测试准挂牌匾",
          description: "An admitted type of this test's own",
        })
      ).id;
      requests = makeRequestUseCases({
        requests: requestRepository,
        plans: planRepository,
        notices: { decided: async () => {} },
        clock,
        ids: ulidIds,
        limits: requestLimits(),
        settings: requestSettings(),
      });
      facts = makeFactUseCases({
        facts: factRepository,
        units: unitRepository,
        requests: requestRepository,
        clock,
        ids: ulidIds,
        limits: factLimits(),
        timeZone: config().TIME_ZONE,
      });
      secondments = makeSecondmentUseCases({
        secondments: secondmentRepository,
        units: unitRepository,
        clock,
        ids: ulidIds,
        timeZone: config().TIME_ZONE,
      });
      violations = makeViolationUseCases({
        violations: violationRepository,
        units: unitRepository,
        clock,
        ids: ulidIds,
        dueDays: 14,
        timeZone: config().TIME_ZONE,
      });
      complaints = makeComplaintUseCases({
        complaints: complaintRepository,
        units: unitRepository,
        violations,
        clock,
        ids: ulidIds,
        receipts: randomReceipts,
        timeZone: config().TIME_ZONE,
      });
    });

    /** A local day `offset` days from the clock's. */
    const dayFrom = (offset: number) =>
      localDay(new Date(clock.now().getTime() + offset * DAY_MS), config().TIME_ZONE);

    type Op =
      | { op: "submit"; kind: RequestRecord["kind"]; unit: number; inDays: number; category: number }
      | { op: "decide"; request: number; decision: "approve" | "reject" | "merge"; other: number }
      | { op: "withdraw" | "cancel"; request: number }
      | {
          op: "report";
          kind: "meeting_held" | "document_issued" | "inspection_visit";
          unit: number;
          byVillage: boolean;
          daysAgo: number;
        }
      | { op: "open"; unit: number; rule: number; subject: number }
      | { op: "finding"; unit: number }
      | { op: "respond" | "rectify" | "dismiss" | "reopen"; violation: number }
      | { op: "wait"; hours: number }
      | { op: "second"; unit: number; village: number; byVillage: boolean; startIn: number }
      | { op: "confirm" | "declareReturn" | "confirmReturn"; secondment: number }
      | { op: "plaque"; village: number; issuer: number; admitted: boolean }
      | { op: "removePlaque"; plaque: number }
      | { op: "complain"; about: number }
      | { op: "triage"; complaint: number; status: "triaged" | "investigating" | "resolved" | "unfounded" };

    /** Which of the run's requests or violations an operation is about, counted from the latest. */
    const index = fc.nat({ max: 3 });
    const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          op: fc.constant("submit" as const),
          kind: fc.constantFrom("meeting", "document", "inspection", "veto_item"),
          unit: fc.nat({ max: 2 }),
          inDays: fc.integer({ min: 2, max: 20 }),
          category: fc.nat({ max: 3 }),
        }),
      },
      {
        weight: 4,
        arbitrary: fc.record({
          op: fc.constant("decide" as const),
          request: index,
          decision: fc.constantFrom("approve", "approve", "reject", "merge"),
          other: index,
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({ op: fc.constantFrom("withdraw" as const, "cancel" as const), request: index }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          op: fc.constant("report" as const),
          kind: fc.constantFrom("meeting_held", "document_issued", "inspection_visit"),
          unit: fc.nat({ max: 2 }),
          byVillage: fc.boolean(),
          // A few days only, so reports of the same thing meet often.
          daysAgo: fc.integer({ min: 1, max: 3 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant("open" as const),
          unit: fc.nat({ max: 2 }),
          rule: fc.nat({ max: 9 }),
          subject: fc.nat({ max: 3 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ op: fc.constant("finding" as const), unit: fc.nat({ max: 2 }) }) },
      {
        weight: 4,
        arbitrary: fc.record({
          op: fc.constantFrom("respond" as const, "rectify" as const, "dismiss" as const, "reopen" as const),
          violation: index,
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ op: fc.constant("wait" as const), hours: fc.integer({ min: 1, max: 60 }) }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant("second" as const),
          unit: fc.nat({ max: 2 }),
          village: fc.nat({ max: 1 }),
          byVillage: fc.boolean(),
          startIn: fc.integer({ min: -20, max: 5 }),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          op: fc.constantFrom("confirm" as const, "declareReturn" as const, "confirmReturn" as const),
          secondment: index,
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          op: fc.constant("plaque" as const),
          village: fc.nat({ max: 1 }),
          issuer: fc.nat({ max: 2 }),
          admitted: fc.boolean(),
        }),
      },
      { weight: 2, arbitrary: fc.record({ op: fc.constant("removePlaque" as const), plaque: index }) },
      {
        weight: 2,
        // 3: about no unit, which the statistics count city-wide only.
        arbitrary: fc.record({ op: fc.constant("complain" as const), about: fc.nat({ max: 3 }) }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          op: fc.constant("triage" as const),
          complaint: index,
          status: fc.constantFrom(
            "triaged" as const,
            "investigating" as const,
            "resolved" as const,
            "unfounded" as const,
          ),
        }),
      },
    );

    const requestBody = (kind: RequestRecord["kind"], day: string, category: number) => {
      switch (kind) {
        case "meeting":
          return {
            kind,
            title: "年终工作部署会",
            startsAt: `${day}T09:00:00+08:00`,
            durationMinutes: 60,
            format: "video",
            attendeeLevel: "staff",
            attendeesPerUnit: 1,
            attendeeUnitKinds: ["village"],
            relayed: false,
            reason: "Year-end work",
          };
        case "document":
          return {
            kind,
            title: "关于做好年终工作的通知",
            docType: "notice",
            pages: 3,
            audienceUnitKinds: ["township"],
            draftingStartsOn: day,
            reason: "Year-end work",
          };
        case "inspection":
          return {
            kind,
            title: "冬季安全检查",
            inspectionKind: "inspection",
            targetUnitIds: ["village-1"],
            from: day,
            to: day,
            reason: "Winter safety",
          };
        case "veto_item":
          return {
            kind,
            title: "安全生产责任书",
            form: "responsibility_statement",
            category: vetoCategories[category] ?? "production_safety",
            targetUnitKinds: ["township"],
            reason: "Annual duty",
          };
      }
    };

    const factBody = (op: Extract<Op, { op: "report" }>) => {
      const unitId = departments[op.unit] ?? "dept-education";
      const at = `${dayFrom(-op.daysAgo)}T10:00:00+08:00`;
      switch (op.kind) {
        case "meeting_held":
          return {
            kind: op.kind,
            convenerUnitId: unitId,
            title: "Campus safety",
            heldAt: at,
            durationMinutes: 60,
            attendeeLevel: "deputy",
            attendeesPerUnit: 1,
            relayed: false,
          };
        case "document_issued":
          return {
            kind: op.kind,
            issuerUnitId: unitId,
            title: "Winter notice",
            docNumber: `${unitId}-${at.slice(0, 10)}`,
            issuedAt: at,
            pages: 2,
          };
        case "inspection_visit":
          return {
            kind: op.kind,
            leadUnitId: unitId,
            targetUnitId: "village-1",
            title: "Farm check",
            inspectionKind: "supervision",
            visitedAt: at,
          };
      }
    };

    /** A violation as the sweep runner opens it: its id derived from rule and subject, so a re-run finds it. */
    const swept = (unitId: string, rule: ViolationRecord["rule"], subject: number): ViolationRecord => {
      const now = clock.now();
      const at = now.toISOString();
      return {
        id: `${rule}:${unitId}:${subject}`,
        rule,
        unitId,
        subject: `${unitId} ${subject}`,
        summary: "Found by the sweep",
        occurredOn: dayFrom(-3),
        evidence: { count: 0, factIds: [] },
        status: "open",
        dueAt: new Date(now.getTime() + 14 * DAY_MS).toISOString(),
        window: weekLabelOf(now, config().TIME_ZONE),
        createdBy: "schedule",
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
    };

    const run = async (ops: Op[]) => {
      clock.set(START);
      const requestIds: string[] = [];
      const violationIds: string[] = [];
      const secondmentIds: string[] = [];
      const complaintIds: string[] = [];
      const plaqueIds: string[] = [];
      const pick = (ids: string[], back: number) => ids[ids.length - 1 - (back % Math.max(ids.length, 1))];
      for (const op of ops) {
        try {
          switch (op.op) {
            case "submit": {
              const unitId = departments[op.unit] ?? "dept-education";
              const body = submitRequestSchema.parse(requestBody(op.kind, dayFrom(op.inDays), op.category));
              requestIds.push((await requests.submit(person(["department"], unitId), body)).id);
              break;
            }
            case "decide": {
              const id = pick(requestIds, op.request);
              if (id === undefined) break;
              await requests.decide(approver, id, {
                decision: op.decision,
                ...(op.decision === "approve" ? { override: { reason: "Needed" } } : { comment: "Not now" }),
                ...(op.decision === "merge" ? { mergeInto: pick(requestIds, op.other) } : {}),
              });
              break;
            }
            case "withdraw":
            case "cancel": {
              const id = pick(requestIds, op.request);
              const request = id === undefined ? undefined : await requestRepository.get(id);
              if (!request) break;
              const owner = person(["department"], request.unitId);
              if (op.op === "withdraw") await requests.withdraw(owner, request.id);
              else await requests.cancel(owner, request.id, { reason: "Called off" });
              break;
            }
            case "report": {
              const body = reportFactSchema.parse(factBody(op));
              const reporter = op.byVillage
                ? person(["grassroots"], villages[op.unit % 2] ?? "village-1")
                : person(["department"], departments[op.unit] ?? "dept-education");
              // Only village-1 may report a visit of village-1.
              if (op.byVillage && body.kind === "inspection_visit") reporter.unitId = "village-1";
              await facts.report(reporter, body);
              break;
            }
            case "open": {
              const rule = violationRules[op.rule] ?? "UNAPPROVED_MEETING";
              const record = swept(departments[op.unit] ?? "dept-education", rule, op.subject);
              await violationRepository.createIfAbsent(record, {
                sub: "schedule",
                roles: ["supervisor"],
                unitId: undefined,
              });
              if (!violationIds.includes(record.id)) violationIds.push(record.id);
              break;
            }
            case "finding": {
              const unitId = departments[op.unit] ?? "dept-education";
              const view = await violations.recordFinding(supervisor, {
                unitId,
                title: "Site check",
                description: "Found on site",
              });
              violationIds.push(view.id);
              break;
            }
            case "respond":
            case "rectify":
            case "dismiss":
            case "reopen": {
              const id = pick(violationIds, op.violation);
              const [record] = id === undefined ? [] : await violationRepository.getMany([id]);
              if (!record) break;
              if (op.op === "respond")
                await violations.respond(person(["department"], record.unitId), record.id, {
                  text: "Corrected",
                });
              else if (op.op === "reopen")
                await violations.reopen(supervisor, record.id, { reason: "Again" });
              else
                await violations.resolve(supervisor, record.id, {
                  outcome: op.op === "rectify" ? "rectified" : "dismissed",
                  reason: "Checked",
                });
              break;
            }
            case "second": {
              const borrower = departments[op.unit] ?? "dept-education";
              const lender = villages[op.village] ?? "village-1";
              const startDate = dayFrom(op.startIn);
              const body = registerSecondmentSchema.parse({
                personRef: `借调-${secondmentIds.length + 1}`,
                ...(op.byVillage ? { toUnitId: borrower } : { fromUnitId: lender }),
                startDate,
                returnBy: dayFrom(op.startIn + 30),
                purpose: "Year-end statistics",
              });
              const registrar = op.byVillage
                ? person(["grassroots"], lender)
                : person(["department"], borrower);
              secondmentIds.push((await secondments.register(registrar, body)).id);
              break;
            }
            case "confirm":
            case "declareReturn":
            case "confirmReturn": {
              const id = pick(secondmentIds, op.secondment);
              const record = id === undefined ? undefined : await secondmentRepository.get(id);
              if (!record) break;
              const borrower = person(["department"], record.toUnitId);
              const lender = person(["grassroots"], record.fromUnitId);
              if (op.op === "confirm")
                await secondments.confirm(record.registeredBy === "borrower" ? lender : borrower, record.id);
              else if (op.op === "declareReturn")
                await secondments.declareReturn(borrower, record.id, { returnedOn: dayFrom(0) });
              else await secondments.confirmReturn(lender, record.id);
              break;
            }
            case "plaque": {
              const village = person(["grassroots"], villages[op.village] ?? "village-1");
              const plaque = await plaques.register(village, {
                title: op.admitted ? "村务监督委员会" : "创建文明村示范点",
                issuingUnitId: departments[op.issuer] ?? "dept-education",
                ...(op.admitted ? { typeId: admittedType } : {}),
              });
              plaqueIds.push(plaque.id);
              break;
            }
            case "removePlaque": {
              const id = pick(plaqueIds, op.plaque);
              const record = id === undefined ? undefined : await plaqueRepository.get(id);
              if (!record) break;
              await plaques.remove(person(["grassroots"], record.villageUnitId), record.id, {
                removedOn: dayFrom(0),
              });
              break;
            }
            case "complain": {
              const about = departments[op.about];
              const body = fileComplaintSchema.parse({
                subject: "层层开会",
                text: "每周被要求参加三次视频会议",
                category: "meeting",
                ...(about === undefined ? {} : { aboutUnitId: about }),
              });
              complaintIds.push((await complaints.file(undefined, body)).id);
              break;
            }
            case "triage": {
              const id = pick(complaintIds, op.complaint);
              if (id === undefined) break;
              await complaints.triage(supervisor, id, { status: op.status, note: "Looked into it" });
              break;
            }
            case "wait":
              clock.set(new Date(clock.now().getTime() + op.hours * 3_600_000).toISOString());
              break;
          }
        } catch (error) {
          // A refusal the API would answer with a 4xx is part of the sequence; anything else is not.
          if (!(error instanceof AppError) || error.status >= 500) throw error;
        }
      }
    };

    type Counts = Map<string, Record<string, number>>;
    const add = (counts: Counts, year: number, unitId: string, figures: Record<string, number>) => {
      if (!years.has(year)) return;
      const key = `${year}|${unitId}`;
      const entry = counts.get(key) ?? {};
      for (const [figure, delta] of Object.entries(figures)) entry[figure] = (entry[figure] ?? 0) + delta;
      counts.set(key, entry);
    };
    const localYear = (instant: string) => Number(localDay(instant, config().TIME_ZONE).slice(0, 4));
    const areas = {
      meeting: "meetings",
      document: "documents",
      inspection: "inspections",
      veto_item: "vetoItems",
    };

    /** What the counters should hold, counted again from the records as they stand. */
    const recount = (items: readonly Item[]): Counts => {
      const counts: Counts = new Map();
      for (const item of items) {
        if (item.sk === "REQUEST") {
          const request = requestEntity.fromItem(item);
          const area = areas[request.kind];
          const figures: Record<string, number> = { [`${area}.requested`]: 1 };
          if (request.status !== "submitted") figures[`${area}.${request.status}`] = 1;
          if (request.status === "approved" && request.kind === "veto_item")
            figures[`vetoItems.category.${request.category}`] = 1;
          // Every approved inspection is a temporary addition to its year's plan.
          if (request.status === "approved" && request.kind === "inspection")
            figures["inspections.temporaryAdditions"] = 1;
          add(counts, localYear(happensAt(request, config().TIME_ZONE)), request.unitId, figures);
        } else if (item.sk === "OCCURRENCE") {
          const occurrence = occurrenceEntity.fromItem(item);
          const year = Number(occurrence.day.slice(0, 4));
          const figure = {
            meeting_held: "meetings.held",
            document_issued: "documents.issued",
            inspection_visit: "inspections.visits",
          }[occurrence.kind];
          add(counts, year, occurrence.subjectUnitId, { [figure]: 1 });
          if (occurrence.targetUnitId)
            add(counts, year, occurrence.targetUnitId, { "inspections.visitsReceived": 1 });
        } else if (item.sk === "SECONDMENT") {
          const secondment = secondmentEntity.fromItem(item);
          const year = Number(secondment.startDate.slice(0, 4));
          add(counts, year, secondment.toUnitId, {
            "secondments.registered": 1,
            "secondments.active": ["active", "return_declared"].includes(secondment.status) ? 1 : 0,
            "secondments.returned": secondment.status === "returned" ? 1 : 0,
          });
          add(counts, year, secondment.fromUnitId, { "secondments.lent": 1 });
        } else if (item.sk === "PLAQUE") {
          const plaque = plaqueEntity.fromItem(item);
          const year = localYear(plaque.createdAt);
          const admitted = plaque.typeId !== undefined;
          add(counts, year, plaque.villageUnitId, {
            "plaques.registered": 1,
            "plaques.admitted": admitted ? 1 : 0,
            "plaques.pending": plaque.status === "to_remove" ? 1 : 0,
            "plaques.removed": plaque.status === "removed" ? 1 : 0,
          });
          add(counts, year, plaque.issuingUnitId, {
            "plaques.demanded": 1,
            "plaques.demandedUnadmitted": admitted ? 0 : 1,
          });
        } else if (item.sk === "COMPLAINT") {
          const complaint = complaintEntity.fromItem(item);
          const days = (instant: string) =>
            Math.floor((Date.parse(instant) - Date.parse(complaint.receivedAt)) / DAY_MS);
          const figures: Record<string, number> = {
            "complaints.received": 1,
            [`complaints.status.${complaint.status}`]: 1,
          };
          if (complaint.triagedAt) figures[`complaints.daysToTriage.${days(complaint.triagedAt)}`] = 1;
          if (complaint.closedAt) {
            figures[`complaints.daysToClose.${days(complaint.closedAt)}`] = 1;
            figures[`complaints.outcome.${complaint.status}`] = 1;
          }
          add(counts, localYear(complaint.receivedAt), complaint.aboutUnitId ?? NO_UNIT, figures);
        } else if (item.sk === "VIOLATION") {
          const violation = violationEntity.fromItem(item);
          add(counts, localYear(violation.createdAt), violation.unitId, {
            "violations.opened": 1,
            [`violations.rule.${violation.rule}`]: 1,
            [`violations.status.${violation.status}`]: 1,
          });
        }
      }
      return counts;
    };

    const counters = (items: readonly Item[]): Counts => {
      const counts: Counts = new Map();
      for (const item of items) {
        if (item.entity !== "STATS_COUNTERS") continue;
        const { pk: _pk, sk: _sk, entity: _entity, unitId, year, ...figures } = item;
        add(
          counts,
          Number(year),
          String(unitId),
          Object.fromEntries(Object.entries(figures).map(([name, value]) => [name, Number(value)])),
        );
      }
      return counts;
    };

    /** Zeros dropped (a figure moved up and back down), keys sorted, so two counts compare as data. */
    const normal = (counts: Counts) =>
      Object.fromEntries(
        [...counts.entries()]
          .map(([key, figures]): [string, Record<string, number>] => [
            key,
            Object.fromEntries(
              Object.entries(figures)
                .filter(([, value]) => value !== 0)
                .sort(([a], [b]) => a.localeCompare(b)),
            ),
          ])
          .filter(([, figures]) => Object.keys(figures).length > 0)
          .sort(([a], [b]) => a.localeCompare(b)),
      );

    it("equal a recount of the records after any sequence of operations", async () => {
      const reader = tableReader(api.stack.dynamodbEndpoint);
      let moved = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(opArbitrary, { minLength: 20, maxLength: 60 }), async (ops) => {
            await run(ops);
            const items = await scanTable(reader, api.stack.tableName);
            const expected = normal(recount(items));
            assert.deepEqual(normal(counters(items)), expected);
            moved = Object.keys(expected).length;
          }),
          { numRuns: 20, endOnFailure: true },
        );
      } finally {
        reader.destroy();
      }
      // The sequences reached several units in both years, so the comparison compared something.
      assert.ok(moved >= 6, `only ${moved} (year, unit) counters were moved`);
    });
  });
});
