import { z } from "zod";
import { idSchema } from "./common.ts";

export const unitKinds = ["office", "department", "township", "village"] as const;
export const unitKindSchema = z.enum(unitKinds);
export type UnitKind = z.infer<typeof unitKindSchema>;

const unitFields = {
  name: z.string().trim().min(1).max(200),
  kind: unitKindSchema,
  parentId: idSchema.optional(),
  emails: z.array(z.email()).max(20).default([]),
};

export const createUnitSchema = z.strictObject({ id: idSchema, ...unitFields });
export const updateUnitSchema = z.strictObject(unitFields);

export const unitSchema = z.object({
  id: idSchema,
  ...unitFields,
  emails: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type Unit = z.infer<typeof unitSchema>;
export type CreateUnitInput = z.infer<typeof createUnitSchema>;
export type UpdateUnitInput = z.infer<typeof updateUnitSchema>;

/** Grassroots units are on the receiving end of meetings, documents and inspections. */
export const isGrassroots = (kind: UnitKind): boolean => kind === "township" || kind === "village";
