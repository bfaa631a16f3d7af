import { config } from "../platform/config.ts";

/** How far back a fact may be reported, and how many one unit may report in a local day. */
export type FactLimits = { maxAgeDays: number; perUnitPerDay: number };

/** The fact limits of this deployment. */
export const factLimits = (): FactLimits => ({
  maxAgeDays: config().FACT_MAX_AGE_DAYS,
  perUnitPerDay: config().FACTS_PER_UNIT_PER_DAY,
});
