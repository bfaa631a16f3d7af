import * as z from "zod/mini";
import { auditEntrySchema, dateSchema, idSchema, instantSchema, pageQueryShape } from "../platform/common.ts";
import { text } from "../platform/schema.ts";
import { personalNumberIn } from "./person-ref.ts";

/**
 * The reference both units know the person by (a file number such as 借调-2026-003), never a
 * resident ID number or a phone number: the register is read well beyond the two units.
 */
export const personRefSchema = text(64).check(
  z.refine(
    (value) => personalNumberIn(value) !== "resident ID number",
    "must be a pseudonymous reference, not a resident ID number",
  ),
  z.refine(
    (value) => personalNumberIn(value) !== "phone number",
    "must be a pseudonymous reference, not a phone number",
  ),
);

export const secondmentStatuses = ["pending_confirmation", "active", "return_declared", "returned"] as const;
export const secondmentStatusSchema = z.enum(secondmentStatuses);
export type SecondmentStatus = z.infer<typeof secondmentStatusSchema>;

/** Which side wrote the secondment down: the other side confirms it. */
export const registeredBySchema = z.enum(["borrower", "lender"]);
export type RegisteredBy = z.infer<typeof registeredBySchema>;

/**
 * A department registers whom it borrowed (`fromUnitId`, its own unit being the borrower); a
 * township or village registers whom it lent (`toUnitId`, its own unit being the lender). The side
 * that is the caller's own may be left out, or must name the caller's unit.
 */
export const registerSecondmentSchema = z
  .strictObject({
    personRef: personRefSchema,
    fromUnitId: z.optional(idSchema),
    toUnitId: z.optional(idSchema),
    startDate: dateSchema,
    returnBy: dateSchema,
    purpose: text(500),
  })
  .check(
    z.refine((body) => body.returnBy >= body.startDate, {
      message: "returnBy must not be before startDate",
      path: ["returnBy"],
    }),
  );
export type RegisterSecondmentBody = z.infer<typeof registerSecondmentSchema>;

export const declareReturnSchema = z.strictObject({ returnedOn: dateSchema });
export type DeclareReturnBody = z.infer<typeof declareReturnSchema>;

export const secondmentSchema = z.object({
  id: idSchema,
  personRef: z.string(),
  /** The lending township or village. */
  fromUnitId: idSchema,
  /** The borrowing department or office. */
  toUnitId: idSchema,
  startDate: dateSchema,
  returnBy: dateSchema,
  purpose: z.string(),
  registeredBy: registeredBySchema,
  status: secondmentStatusSchema,
  /** When the other side confirmed the registration. */
  confirmedAt: z.optional(instantSchema),
  /** The day the borrower says the person went back to their post. */
  returnedOn: z.optional(dateSchema),
  /** When the lender confirmed the person is back. */
  returnConfirmedAt: z.optional(instantSchema),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
});
export type Secondment = z.infer<typeof secondmentSchema>;

export const secondmentWithAuditSchema = z.extend(secondmentSchema, { audit: z.array(auditEntrySchema) });

export const listSecondmentsQuerySchema = z.strictObject({
  status: z.optional(secondmentStatusSchema),
  /** Supervisors, approvers and admins: one unit's secondments, lent or borrowed. */
  unitId: z.optional(idSchema),
  ...pageQueryShape(),
});
export type ListSecondmentsQuery = z.infer<typeof listSecondmentsQuerySchema>;
