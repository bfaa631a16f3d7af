import * as z from "zod/mini";
import {
  attendeeLevelSchema,
  dateSchema,
  idSchema,
  inspectionKindSchema,
  instantSchema,
} from "../platform/common.ts";
import { integer, text } from "../platform/schema.ts";
import { unitKindSchema } from "../units/schemas.ts";

export const planKinds = ["documents", "meetings", "inspections"] as const;
export const planKindSchema = z.enum(planKinds);
export type PlanKind = z.infer<typeof planKindSchema>;

export const planStatuses = ["draft", "published"] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const FIRST_PLAN_YEAR = 2000;
export const LAST_PLAN_YEAR = 2099;
export const planYearSchema = integer(FIRST_PLAN_YEAR, LAST_PLAN_YEAR);

/**
 * How much one plan may hold. A city has a few hundred units and a plan a few hundred matters;
 * the bounds keep a plan record (items and quotas together) well inside DynamoDB's 400 KB item.
 */
export const MAX_PLAN_ITEMS = 2000;
export const MAX_PLAN_QUOTAS = 1000;
export const MAX_INSPECTION_TARGETS = 500;

/** The path's year and kind; a malformed year names no plan (404), as a malformed id does. */
export const planParamsSchema = z.strictObject({
  year: z.pipe(
    z.string().check(z.regex(/^20\d{2}$/, "must be a year from 2000 to 2099, such as 2026")),
    z.transform(Number),
  ),
  kind: planKindSchema,
});

export const quotaSchema = z.strictObject({ unitId: idSchema, limit: integer(0, 100_000) });
export type Quota = z.infer<typeof quotaSchema>;

const month = z.optional(integer(1, 12));

const meetingShape = {
  id: idSchema,
  title: text(200),
  convenerUnitId: idSchema,
  month,
  attendeeLevel: z.optional(attendeeLevelSchema),
};

const documentShape = { id: idSchema, title: text(200), issuerUnitId: idSchema, month };

const inspectionShape = {
  id: idSchema,
  title: text(200),
  inspectionKind: inspectionKindSchema,
  leadUnitId: idSchema,
  targetUnitIds: z.optional(z.array(idSchema).check(z.maxLength(MAX_INSPECTION_TARGETS))),
  targetUnitKinds: z.optional(z.array(unitKindSchema).check(z.maxLength(4))),
  from: dateSchema,
  to: dateSchema,
};

/** Whom and when an inspection visits must make sense on its own, whatever else it carries. */
const inspectionChecks = <S extends z.ZodMiniObject<typeof inspectionShape>>(schema: S) =>
  schema.check(
    z.refine(
      (item: z.output<S>) => (item.targetUnitIds?.length ?? 0) + (item.targetUnitKinds?.length ?? 0) > 0,
      {
        message: "targetUnitIds or targetUnitKinds must name whom the inspection visits",
        path: ["targetUnitIds"],
      },
    ),
    z.refine((item: z.output<S>) => item.from <= item.to, {
      message: "to must not be before from",
      path: ["to"],
    }),
  );

export const meetingPlanItemSchema = z.strictObject(meetingShape);
export const documentPlanItemSchema = z.strictObject(documentShape);
export const inspectionPlanItemSchema = inspectionChecks(z.strictObject(inspectionShape));

export type MeetingPlanItem = z.infer<typeof meetingPlanItemSchema>;
export type DocumentPlanItem = z.infer<typeof documentPlanItemSchema>;
export type InspectionPlanItem = z.infer<typeof inspectionPlanItemSchema>;
export type PlanItem = MeetingPlanItem | DocumentPlanItem | InspectionPlanItem;

/** The item type of each plan kind. */
export type PlanItemOf = {
  meetings: MeetingPlanItem;
  documents: DocumentPlanItem;
  inspections: InspectionPlanItem;
};

export const planItemSchemas = {
  meetings: meetingPlanItemSchema,
  documents: documentPlanItemSchema,
  inspections: inspectionPlanItemSchema,
} as const;

/** The unit fields of an item that must name existing units, by kind. */
export const itemUnitFields = {
  meetings: ["convenerUnitId"],
  documents: ["issuerUnitId"],
  inspections: ["leadUnitId"],
} as const satisfies Record<PlanKind, readonly string[]>;

const additionFields = { requestId: idSchema, addedAt: instantSchema };

/**
 * A temporary document counts as approved only if it was approved before drafting began, so its
 * addition keeps the day drafting was to begin (additions approved before this was kept lack it).
 */
const documentAdditionShape = { ...documentShape, draftingStartsOn: z.optional(dateSchema) };

/** Approved temporary additions, by kind: the item an approval added, its id the request's. */
export const planAdditionSchemas = {
  meetings: z.object({ ...meetingShape, ...additionFields }),
  documents: z.object({ ...documentAdditionShape, ...additionFields }),
  inspections: inspectionChecks(z.object({ ...inspectionShape, ...additionFields })),
} as const;

export type PlanAdditionOf<K extends PlanKind> = z.infer<(typeof planAdditionSchemas)[K]>;
export type PlanAddition = PlanAdditionOf<PlanKind>;

/** The body of PUT /v1/plans/{year}/{kind}: the draft's quotas and items, items by the path's kind. */
export const planDraftBodySchema = z.strictObject({
  quotas: z.array(quotaSchema).check(z.maxLength(MAX_PLAN_QUOTAS)),
  items: z
    .array(z.union([meetingPlanItemSchema, documentPlanItemSchema, inspectionPlanItemSchema]))
    .check(z.maxLength(MAX_PLAN_ITEMS)),
});
export type PlanDraftBody = z.infer<typeof planDraftBodySchema>;

/** A draft as the use case takes it, its items already read as the plan's kind. */
export type PlanDraft<K extends PlanKind = PlanKind> = { quotas: Quota[]; items: PlanItemOf[K][] };

const serverFields = {
  year: planYearSchema,
  status: z.enum(planStatuses),
  quotas: z.array(quotaSchema),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
  publishedAt: z.optional(instantSchema),
  publishedBy: z.optional(z.string()),
};

export const planRecordSchema = z.discriminatedUnion("kind", [
  z.object({ ...serverFields, kind: z.literal("meetings"), items: z.array(meetingPlanItemSchema) }),
  z.object({ ...serverFields, kind: z.literal("documents"), items: z.array(documentPlanItemSchema) }),
  z.object({ ...serverFields, kind: z.literal("inspections"), items: z.array(inspectionPlanItemSchema) }),
]);
export type PlanRecord = z.infer<typeof planRecordSchema>;

const quotaViewSchema = z.object({
  unitId: z.string(),
  limit: z.int(),
  used: z.int(),
  remaining: z.int(),
});

const source = { plan: z.literal("plan"), addition: z.literal("addition") };

const viewOf = <K extends PlanKind, I extends z.core.$ZodLooseShape, A extends z.core.$ZodLooseShape = I>(
  kind: K,
  shape: I,
  additionShape?: A,
) =>
  z.object({
    ...serverFields,
    kind: z.literal(kind),
    quotas: z.array(quotaViewSchema),
    items: z.array(z.object({ ...shape, source: source.plan })),
    additions: z.array(z.object({ ...(additionShape ?? shape), source: source.addition, ...additionFields })),
  });

/** A plan as it is read: each quota with what approvals used of it, items beside approved additions. */
export const planViewSchema = z.discriminatedUnion("kind", [
  viewOf("meetings", meetingShape),
  viewOf("documents", documentShape, documentAdditionShape),
  viewOf("inspections", inspectionShape),
]);
export type PlanView = z.infer<typeof planViewSchema>;
