import * as z from "zod/mini";
import type { PlanAddition, PlanAdditionOf } from "../../plans/schemas.ts";
import { dateSchema, idSchema, inspectionKindSchema } from "../../platform/common.ts";
import { text } from "../../platform/schema.ts";
import { localMidnightUtc } from "../../platform/time.ts";
import { unitKindSchema } from "../../units/schemas.ts";
import type { Finding, FindingContext, RequestKind } from "./kind.ts";
import { planFinding, quotaFinding } from "./plan-findings.ts";

/** Who an inspection visits and when: the shape plan items and temporary additions share. */
type Reach = {
  targetUnitIds?: readonly string[] | undefined;
  targetUnitKinds?: readonly string[] | undefined;
  from: string;
  to: string;
};

/** The form's fields; a stored request keeps them as they were accepted. */
export const inspectionRequestFields = z.strictObject({
  kind: z.literal("inspection"),
  title: text(200),
  inspectionKind: inspectionKindSchema,
  targetUnitIds: z.optional(z.array(idSchema).check(z.maxLength(500))),
  targetUnitKinds: z.optional(z.array(unitKindSchema).check(z.maxLength(4))),
  from: dateSchema,
  to: dateSchema,
  reason: text(2000),
});

export const inspectionRequestSchema = inspectionRequestFields.check(
  z.refine((body) => (body.targetUnitIds?.length ?? 0) + (body.targetUnitKinds?.length ?? 0) > 0, {
    message: "targetUnitIds or targetUnitKinds must name whom the inspection visits",
    path: ["targetUnitIds"],
  }),
  z.refine((body) => body.from <= body.to, {
    message: "to must not be before from",
    path: ["to"],
  }),
);
export type InspectionRequest = z.infer<typeof inspectionRequestSchema>;

const overlaps = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  (a ?? []).some((value) => (b ?? []).includes(value));

/** Two inspections burden the same grassroots units at the same time. */
export const sameReach = (a: Reach, b: Reach): boolean =>
  a.from <= b.to &&
  b.from <= a.to &&
  (overlaps(a.targetUnitIds, b.targetUnitIds) || overlaps(a.targetUnitKinds, b.targetUnitKinds));

const isInspection = (addition: PlanAddition): addition is PlanAdditionOf<"inspections"> =>
  "leadUnitId" in addition;

const planItems = (context: FindingContext) =>
  context.plan?.kind === "inspections" ? context.plan.items : [];

export const inspectionFindings: RequestKind<InspectionRequest>["findings"] = (body, context) => {
  const own = planItems(context).find(
    (item) =>
      item.leadUnitId === context.unitId &&
      item.inspectionKind === body.inspectionKind &&
      sameReach(item, body),
  );
  const findings: Finding[] = [...quotaFinding(context, "inspections")];
  findings.push(
    planFinding(context, own, {
      onPlan: `Already on the ${context.plan?.year ?? ""} inspections plan as "${own?.title ?? ""}": it may go ahead under the plan, and no request is needed`,
      notOnPlan: context.plan
        ? `No item of the ${context.plan.year} inspections plan covers it: this is a temporary addition`
        : "There is no inspections plan for this year yet: this is a temporary addition",
    }),
  );
  for (const item of planItems(context)) {
    if (item.leadUnitId !== context.unitId && sameReach(item, body)) {
      findings.push({
        code: "OVERLAPS_PLAN_ITEM",
        severity: "warning",
        message: `"${item.title}" (led by ${item.leadUnitId}, ${item.from} to ${item.to}) visits the same units in the same days: integrate with it instead`,
        ref: item.id,
      });
    }
  }
  for (const addition of context.additions) {
    if (isInspection(addition) && sameReach(addition, body)) {
      findings.push({
        code: "DUPLICATE_OF_REQUEST",
        severity: "warning",
        message: `The approved temporary inspection "${addition.title}" (${addition.from} to ${addition.to}) already visits the same units in the same days`,
        ref: addition.requestId,
      });
    }
  }
  return findings;
};

export const inspectionKind: RequestKind<InspectionRequest> = {
  kind: "inspection",
  planKind: "inspections",
  findings: inspectionFindings,
  happensAt: (body, _submittedAt, timeZone) => localMidnightUtc(body.from, timeZone).toISOString(),
  cancellableUntil: (body, timeZone) => localMidnightUtc(body.from, timeZone).toISOString(),
  // Every approved temporary inspection joins the year's plan, so later requests see it.
  addition: (body, request) => ({
    id: request.id,
    title: body.title,
    inspectionKind: body.inspectionKind,
    leadUnitId: request.unitId,
    ...(body.targetUnitIds ? { targetUnitIds: body.targetUnitIds } : {}),
    ...(body.targetUnitKinds ? { targetUnitKinds: body.targetUnitKinds } : {}),
    from: body.from,
    to: body.to,
  }),
};
