import * as z from "zod/mini";
import { idSchema, instantSchema } from "../platform/common.ts";
import { text } from "../platform/schema.ts";

export const unitKinds = ["office", "department", "township", "village"] as const;
export const unitKindSchema = z.enum(unitKinds);
export type UnitKind = z.infer<typeof unitKindSchema>;

const unitFields = {
  name: text(200),
  kind: unitKindSchema,
  parentId: z.optional(idSchema),
  emails: z._default(z.array(z.email()).check(z.maxLength(20)), []),
};

export const createUnitSchema = z.strictObject({ id: idSchema, ...unitFields });
export const updateUnitSchema = z.strictObject(unitFields);

export const unitSchema = z.object({
  id: idSchema,
  ...unitFields,
  emails: z.array(z.string()),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
});

export type Unit = z.infer<typeof unitSchema>;
export type CreateUnitInput = z.infer<typeof createUnitSchema>;
export type UpdateUnitInput = z.infer<typeof updateUnitSchema>;

/** What an import did: how many units of the file it created, updated or left as they were. */
export const unitImportSummarySchema = z.object({
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  createdIds: z.array(z.string()),
  updatedIds: z.array(z.string()),
});
export type UnitImportSummary = z.infer<typeof unitImportSummarySchema>;
