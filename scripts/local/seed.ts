/**
 * A small demo city so that a fresh `npm start` has units to submit requests for and to report
 * facts from. It goes through the use cases, like an administrator would, so seeded data is
 * exactly what the API itself would have written. Import this module only after the local
 * environment is applied: the use cases read it.
 */

import { planRepository } from "../../shared/plans/repository.ts";
import type { PlanDraftBody, PlanKind } from "../../shared/plans/schemas.ts";
import { makePlanUseCases } from "../../shared/plans/use-cases.ts";
import { plaqueRepository } from "../../shared/plaques/repository.ts";
import type { PlaqueTypeBody } from "../../shared/plaques/schemas.ts";
import { makePlaqueUseCases } from "../../shared/plaques/use-cases.ts";
import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { ConflictError } from "../../shared/platform/errors.ts";
import type { Caller, Role } from "../../shared/platform/roles.ts";
import { transactWrite } from "../../shared/platform/store/store.ts";
import { localDay } from "../../shared/platform/time.ts";
import { type CounterChange, counterUpdates } from "../../shared/stats/counters.ts";
import { unitLookup, unitRepository } from "../../shared/units/repository.ts";
import type { CreateUnitInput } from "../../shared/units/schemas.ts";
import { makeUnitUseCases } from "../../shared/units/use-cases.ts";

const SEED_CALLER: Caller = { sub: "seed", roles: ["admin"], unitId: undefined };

const mail = (local: string) => `${local}@demo.city.gov.cn`;

/** Parents come before their children: createUnit refuses a parent that does not exist yet. */
export const demoUnits: CreateUnitInput[] = [
  {
    id: "city-office",
    name: "Party Committee / Government Office (市委办公室 / 市政府办公室)",
    kind: "office",
    emails: [mail("office"), mail("approvals")],
  },
  {
    id: "supervision-office",
    name: "Supervision Office (督查室)",
    kind: "office",
    parentId: "city-office",
    emails: [mail("supervision")],
  },
  {
    id: "dept-education",
    name: "Education Bureau (教育局)",
    kind: "department",
    emails: [mail("education")],
  },
  {
    id: "dept-health",
    name: "Health Commission (卫生健康委员会)",
    kind: "department",
    emails: [mail("health")],
  },
  {
    id: "dept-agriculture",
    name: "Agriculture and Rural Affairs Bureau (农业农村局)",
    kind: "department",
    emails: [mail("agriculture"), mail("agriculture-office")],
  },
  { id: "township-east", name: "East Township (东镇)", kind: "township", emails: [mail("township-east")] },
  {
    id: "village-1",
    name: "Willow Village (柳树村)",
    kind: "village",
    parentId: "township-east",
    emails: [mail("village-1")],
  },
  {
    id: "village-2",
    name: "Stone Bridge Village (石桥村)",
    kind: "village",
    parentId: "township-east",
    emails: [mail("village-2")],
  },
  {
    id: "village-3",
    name: "Riverside Village (河畔村)",
    kind: "village",
    parentId: "township-east",
    emails: [mail("village-3")],
  },
];

export type DemoIdentity = { role: Role; unit: string; sub: string };

/** One person per role; the approver and the department are different people (four eyes). */
export const demoIdentities: DemoIdentity[] = [
  { role: "department", unit: "dept-education", sub: "demo-department" },
  { role: "grassroots", unit: "village-1", sub: "demo-grassroots" },
  { role: "approver", unit: "city-office", sub: "demo-approver" },
  { role: "supervisor", unit: "supervision-office", sub: "demo-supervisor" },
  { role: "admin", unit: "city-office", sub: "demo-admin" },
];

const PLAN_CALLER: Caller = { sub: "seed", roles: ["approver"], unitId: "city-office" };

/**
 * This year's published plans, so a request submitted on a fresh `npm start` meets real quotas,
 * plan items to be on and inspections to overlap. The quotas leave room for a demo's approvals.
 */
export const demoPlans = (year: number): Record<PlanKind, PlanDraftBody> => ({
  meetings: {
    quotas: [
      { unitId: "dept-education", limit: 12 },
      { unitId: "dept-health", limit: 8 },
      { unitId: "dept-agriculture", limit: 8 },
    ],
    items: [
      {
        id: `m-${year}-edu-01`,
        title: "全市教育工作会议",
        convenerUnitId: "dept-education",
        month: 2,
        attendeeLevel: "principal",
      },
      {
        id: `m-${year}-edu-02`,
        title: "校园安全工作推进会",
        convenerUnitId: "dept-education",
        month: 9,
        attendeeLevel: "deputy",
      },
      {
        id: `m-${year}-health-01`,
        title: "公共卫生工作会议",
        convenerUnitId: "dept-health",
        month: 3,
        attendeeLevel: "deputy",
      },
    ],
  },
  documents: {
    quotas: [
      { unitId: "dept-education", limit: 10 },
      { unitId: "dept-health", limit: 6 },
      { unitId: "dept-agriculture", limit: 6 },
    ],
    items: [
      {
        id: `d-${year}-edu-01`,
        title: "关于加强中小学校园安全管理的意见",
        issuerUnitId: "dept-education",
        month: 4,
      },
      { id: `d-${year}-agri-01`, title: "春耕备耕工作方案", issuerUnitId: "dept-agriculture", month: 2 },
    ],
  },
  inspections: {
    quotas: [
      { unitId: "dept-education", limit: 4 },
      { unitId: "dept-health", limit: 4 },
      { unitId: "dept-agriculture", limit: 4 },
    ],
    items: [
      {
        id: `i-${year}-health-01`,
        title: "食品安全专项检查",
        inspectionKind: "inspection",
        leadUnitId: "dept-health",
        targetUnitKinds: ["township"],
        from: `${year}-05-01`,
        to: `${year}-05-31`,
      },
      {
        id: `i-${year}-agri-01`,
        title: "高标准农田建设督查",
        inspectionKind: "supervision",
        leadUnitId: "dept-agriculture",
        targetUnitIds: ["village-1", "village-2"],
        from: `${year}-01-01`,
        to: `${year}-12-31`,
      },
    ],
  },
});

/**
 * Last year's statistics of the demo city, so GET /v1/stats shows a change against the year before
 * on a fresh start. Honest about what it is: these are counter items only, written through
 * `counterUpdates` as if last year's records had moved them, without the records themselves (a
 * year of requests, facts and violations would make the seed slow). Approvals are net of
 * cancellations, as the counters keep them.
 */
export const demoHistory = (year: number): CounterChange[] => [
  {
    year,
    unitId: "dept-education",
    deltas: {
      "meetings.requested": 16,
      "meetings.approved": 13,
      "meetings.rejected": 1,
      "meetings.merged": 1,
      "meetings.cancelled": 1,
      "meetings.held": 15,
      "documents.requested": 12,
      "documents.approved": 11,
      "documents.withdrawn": 1,
      "documents.issued": 13,
      "inspections.requested": 3,
      "inspections.approved": 3,
      "inspections.temporaryAdditions": 3,
      "inspections.visits": 9,
      "violations.opened": 4,
      "violations.rule.UNAPPROVED_MEETING": 2,
      "violations.rule.MEETING_QUOTA_EXCEEDED": 1,
      "violations.rule.REPEATED_INSPECTION": 1,
      "violations.status.rectified": 4,
      "complaints.received": 3,
      "complaints.status.resolved": 2,
      "complaints.status.unfounded": 1,
      "complaints.outcome.resolved": 2,
      "complaints.outcome.unfounded": 1,
      "complaints.daysToTriage.1": 2,
      "complaints.daysToTriage.4": 1,
      "complaints.daysToClose.12": 1,
      "complaints.daysToClose.20": 2,
      "secondments.registered": 2,
      "secondments.returned": 2,
    },
  },
  {
    year,
    unitId: "dept-health",
    deltas: {
      "meetings.requested": 11,
      "meetings.approved": 10,
      "meetings.withdrawn": 1,
      "meetings.held": 12,
      "documents.requested": 8,
      "documents.approved": 7,
      "documents.rejected": 1,
      "documents.issued": 8,
      "inspections.requested": 4,
      "inspections.approved": 3,
      "inspections.rejected": 1,
      "inspections.temporaryAdditions": 3,
      "inspections.visits": 12,
      "vetoItems.requested": 2,
      "vetoItems.approved": 1,
      "vetoItems.rejected": 1,
      "vetoItems.category.production_safety": 1,
      "violations.opened": 3,
      "violations.rule.UNAPPROVED_DOCUMENT": 1,
      "violations.rule.OFF_PLAN_INSPECTION": 2,
      "violations.status.rectified": 2,
      "violations.status.dismissed": 1,
    },
  },
  {
    year,
    unitId: "dept-agriculture",
    deltas: {
      "meetings.requested": 9,
      "meetings.approved": 7,
      "meetings.merged": 1,
      "meetings.cancelled": 1,
      "meetings.held": 7,
      "documents.requested": 7,
      "documents.approved": 7,
      "documents.issued": 7,
      "inspections.visits": 14,
      "violations.opened": 2,
      "violations.rule.LAYERED_MEETING": 1,
      "violations.rule.OFF_PLAN_INSPECTION": 1,
      "violations.status.rectified": 2,
      "secondments.registered": 1,
      "secondments.returned": 1,
    },
  },
  { year, unitId: "village-1", deltas: { "inspections.visitsReceived": 18, "secondments.lent": 2 } },
  { year, unitId: "village-2", deltas: { "inspections.visitsReceived": 11, "secondments.lent": 1 } },
  { year, unitId: "village-3", deltas: { "inspections.visitsReceived": 6 } },
];

/** The plaque types the city admits on village offices; any other plaque is to be taken down. */
export const demoPlaqueTypes: PlaqueTypeBody[] = [
  {
    name: "党群服务中心",
    description:
      "Party-and-people service centre: the village's one service point for Party members and residents",
  },
  { name: "村民委员会", description: "Villagers' committee, the village's self-governing body" },
  {
    name: "村务监督委员会",
    description:
      "Village affairs supervision committee, which oversees the committee's decisions and finances",
  },
];

export type SeedResult = { seeded: boolean; units: number; plans: number; year: number };

/** Seeds only an empty database: a developer's own data is never touched. */
export const seedDemoCity = async (): Promise<SeedResult> => {
  const units = makeUnitUseCases({ units: unitRepository, clock: systemClock });
  const year = Number(localDay(systemClock.now(), config().TIME_ZONE).slice(0, 4));
  const existing = await units.list({ limit: 1 });
  if (existing.items.length > 0) return { seeded: false, units: 0, plans: 0, year };
  for (const unit of demoUnits) await units.create(SEED_CALLER, unit);
  const plans = makePlanUseCases({ plans: planRepository, units: unitLookup, clock: systemClock });
  const drafts = Object.entries(demoPlans(year)) as [PlanKind, PlanDraftBody][];
  for (const [kind, draft] of drafts) {
    await plans.replaceDraft(PLAN_CALLER, year, kind, draft);
    await plans.publish(PLAN_CALLER, year, kind);
  }
  const plaques = makePlaqueUseCases({
    plaques: plaqueRepository,
    units: unitRepository,
    clock: systemClock,
    ids: ulidIds,
    timeZone: config().TIME_ZONE,
    removeDays: config().PLAQUE_REMOVE_DAYS,
  });
  for (const type of demoPlaqueTypes) await plaques.createType(SEED_CALLER, type);
  // One transaction: a handful of counter items, however many figures they hold.
  await transactWrite(counterUpdates(demoHistory(year - 1)), () => new ConflictError("history exists"));
  return { seeded: true, units: demoUnits.length, plans: drafts.length, year };
};
