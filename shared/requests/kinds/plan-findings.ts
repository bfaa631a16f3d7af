/**
 * Findings every planned kind shares: whether the unit's quota is used up, and whether the plan
 * already holds the matter. Each kind passes the plan item it matched (or did not).
 */
import { localDay } from "../../platform/time.ts";
import type { Finding, FindingContext } from "./kind.ts";

/** The local year a request happens in, which picks its plan and its quota. */
export const yearOf = (instant: string, timeZone: string): number =>
  Number(localDay(instant, timeZone).slice(0, 4));

export const quotaFinding = (context: FindingContext, what: string): Finding[] => {
  const { quota } = context;
  if (!quota || quota.used < quota.limit) return [];
  return [
    {
      code: "OVER_QUOTA",
      severity: "warning",
      message: `Your unit's approved ${what} this year have reached its quota (${quota.used} of ${quota.limit}): approving this one needs an override with a reason`,
    },
  ];
};

/** ON_PLAN naming the matched item (with `onPlan` to say more than where it stands), else NOT_ON_PLAN. */
export const planFinding = (
  context: FindingContext,
  matched: { id: string; title: string } | undefined,
  messages: { notOnPlan: string; onPlan?: string },
): Finding =>
  matched
    ? {
        code: "ON_PLAN",
        severity: "info",
        message: messages.onPlan ?? `On the ${context.plan?.year ?? ""} plan as "${matched.title}"`,
        ref: matched.id,
      }
    : { code: "NOT_ON_PLAN", severity: "info", message: messages.notOnPlan };

/** The plan item a request names, if the plan holds it for the submitting unit. */
export const namedItem = <Item extends { id: string }>(
  items: readonly Item[] | undefined,
  planItemId: string | undefined,
  ownedBy: (item: Item) => boolean,
): Item | undefined =>
  planItemId === undefined ? undefined : items?.find((item) => item.id === planItemId && ownedBy(item));

export const notOnPlanMessage = (
  context: FindingContext,
  planItemId: string | undefined,
  plural: string,
): string => {
  const year = context.plan?.year;
  if (!context.plan) return `There is no ${plural} plan for this year yet: this request stands on its own`;
  if (planItemId !== undefined) {
    return `The ${year} ${plural} plan holds no item "${planItemId}" of your unit: this is a temporary addition`;
  }
  return `Names no item of the ${year} ${plural} plan: this is a temporary addition`;
};
