import * as z from "zod/mini";
import { ForbiddenError } from "./errors.ts";

export const roles = ["department", "grassroots", "approver", "supervisor", "admin"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Who is calling, as read from the verified JWT claims. */
export type Caller = {
  sub: string;
  roles: Role[];
  unitId: string | undefined;
};

export const hasRole = (caller: Caller, ...wanted: Role[]): boolean =>
  caller.roles.some((role) => wanted.includes(role));

/** Roles that may read every unit's records rather than only their own. */
export const seesAllUnits = (caller: Caller): boolean => hasRole(caller, "approver", "supervisor", "admin");

/** The caller's own unit; an account without one can act on no unit's records. */
export const requireUnit = (caller: Caller): string => {
  if (!caller.unitId)
    throw new ForbiddenError("Your account has no unit; ask an administrator to assign one");
  return caller.unitId;
};
