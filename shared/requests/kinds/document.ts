import * as z from "zod/mini";
import { dateSchema, idSchema } from "../../platform/common.ts";
import { integer, text } from "../../platform/schema.ts";
import { localDay, localMidnightUtc } from "../../platform/time.ts";
import { unitKindSchema } from "../../units/schemas.ts";
import type { Finding, RequestKind } from "./kind.ts";
import { namedItem, notOnPlanMessage, planFinding, quotaFinding } from "./plan-findings.ts";

export const documentTypes = ["notice", "opinion", "plan", "measures", "other"] as const;

export const documentRequestSchema = z.strictObject({
  kind: z.literal("document"),
  title: text(200),
  docType: z.enum(documentTypes),
  pages: integer(1, 1000),
  audienceUnitKinds: z.array(unitKindSchema).check(z.minLength(1), z.maxLength(4)),
  /** The city's rule is approval before drafting: the day drafting is to begin. */
  draftingStartsOn: dateSchema,
  planItemId: z.optional(idSchema),
  reason: text(2000),
});
export type DocumentRequest = z.infer<typeof documentRequestSchema>;

const planItemOf = (
  body: DocumentRequest,
  context: Parameters<RequestKind<DocumentRequest>["findings"]>[1],
) =>
  namedItem(
    context.plan?.kind === "documents" ? context.plan.items : undefined,
    body.planItemId,
    (item) => item.issuerUnitId === context.unitId,
  );

export const documentFindings: RequestKind<DocumentRequest>["findings"] = (body, context) => {
  const item = planItemOf(body, context);
  const findings: Finding[] = [
    ...quotaFinding(context, "documents"),
    planFinding(context, item, { notOnPlan: notOnPlanMessage(context, body.planItemId, "documents") }),
  ];
  if (body.pages > context.limits.documentMaxPages) {
    findings.push({
      code: "TOO_LONG",
      severity: "warning",
      message: `Runs to ${body.pages} pages, over the ${context.limits.documentMaxPages}-page cap`,
    });
  }
  if (body.draftingStartsOn < localDay(context.submittedAt, context.timeZone)) {
    findings.push({
      code: "DRAFTING_STARTED",
      severity: "blocking",
      message: `Drafting started on ${body.draftingStartsOn}, before this request: approval must come before drafting`,
    });
  }
  return findings;
};

export const documentKind: RequestKind<DocumentRequest> = {
  kind: "document",
  planKind: "documents",
  findings: documentFindings,
  happensAt: (body, _submittedAt, timeZone) =>
    localMidnightUtc(body.draftingStartsOn, timeZone).toISOString(),
  // An off-plan document approved becomes a temporary addition to the documents plan.
  addition: (body, request, { plan }) => {
    const onPlan =
      body.planItemId !== undefined &&
      plan?.kind === "documents" &&
      plan.items.some((item) => item.id === body.planItemId && item.issuerUnitId === request.unitId);
    if (onPlan) return undefined;
    return {
      id: request.id,
      title: body.title,
      issuerUnitId: request.unitId,
      month: Number(body.draftingStartsOn.slice(5, 7)),
      draftingStartsOn: body.draftingStartsOn,
    };
  },
};
