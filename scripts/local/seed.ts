/**
 * A small demo city so that a fresh `npm start` has units to submit requests for and to report
 * facts from. It goes through the use cases, like an administrator would, so seeded data is
 * exactly what the API itself would have written. Import this module only after the local
 * environment is applied: the use cases read it.
 */

import { systemClock } from "../../shared/platform/clock.ts";
import type { Caller, Role } from "../../shared/platform/roles.ts";
import { unitRepository } from "../../shared/units/repository.ts";
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

export type SeedResult = { seeded: boolean; units: number };

/** Seeds only an empty database: a developer's own data is never touched. */
export const seedDemoCity = async (): Promise<SeedResult> => {
  const units = makeUnitUseCases({ units: unitRepository, clock: systemClock });
  const existing = await units.list({ limit: 1 });
  if (existing.items.length > 0) return { seeded: false, units: 0 };
  for (const unit of demoUnits) await units.create(SEED_CALLER, unit);
  return { seeded: true, units: demoUnits.length };
};
