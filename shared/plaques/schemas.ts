import * as z from "zod/mini";
import { auditEntrySchema, dateSchema, idSchema, instantSchema, pageQueryShape } from "../platform/common.ts";
import { text } from "../platform/schema.ts";

/**
 * A plaque type the city admits on village offices (党群服务中心, 村民委员会, ...). Types are kept,
 * renamed or re-described, never withdrawn in this register: a plaque's status is decided when it
 * is registered, against the types admitted then.
 */
export const plaqueTypeBodySchema = z.strictObject({ name: text(100), description: text(1000) });
export type PlaqueTypeBody = z.infer<typeof plaqueTypeBodySchema>;

export const plaqueTypeSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
});
export type PlaqueType = z.infer<typeof plaqueTypeSchema>;

export const listPlaqueTypesQuerySchema = z.strictObject(pageQueryShape(100));

/**
 * `admitted`: of an admitted type. `to_remove`: of no admitted type, to be taken down by
 * `removeBy`. `removed`: the village took it down (whatever its type: a village may take any
 * plaque down).
 */
export const plaqueStatuses = ["admitted", "to_remove", "removed"] as const;
export const plaqueStatusSchema = z.enum(plaqueStatuses);
export type PlaqueStatus = z.infer<typeof plaqueStatusSchema>;

export const registerPlaqueSchema = z.strictObject({
  title: text(200),
  /** The unit that demanded the plaque be hung. */
  issuingUnitId: idSchema,
  /** The admitted type it is of; left out when it is of none. */
  typeId: z.optional(idSchema),
});
export type RegisterPlaqueBody = z.infer<typeof registerPlaqueSchema>;

export const plaqueRemovalSchema = z.strictObject({ removedOn: dateSchema });
export type PlaqueRemovalBody = z.infer<typeof plaqueRemovalSchema>;

export const plaqueSchema = z.object({
  id: idSchema,
  villageUnitId: idSchema,
  title: z.string(),
  issuingUnitId: idSchema,
  typeId: z.optional(idSchema),
  status: plaqueStatusSchema,
  /** A plaque of no admitted type comes down by this local day: registration plus PLAQUE_REMOVE_DAYS. */
  removeBy: z.optional(dateSchema),
  /** The day the village took it down. */
  removedOn: z.optional(dateSchema),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
});
export type Plaque = z.infer<typeof plaqueSchema>;

export const plaqueWithAuditSchema = z.extend(plaqueSchema, { audit: z.array(auditEntrySchema) });

export const listPlaquesQuerySchema = z.strictObject({
  villageUnitId: z.optional(idSchema),
  status: z.optional(plaqueStatusSchema),
  ...pageQueryShape(),
});
export type ListPlaquesQuery = z.infer<typeof listPlaquesQuerySchema>;
