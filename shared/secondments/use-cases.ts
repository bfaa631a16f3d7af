import type { Clock, IdGenerator } from "../platform/clock.ts";
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import { type Caller, hasRole, requireUnit, seesAllUnits } from "../platform/roles.ts";
import { localDay } from "../platform/time.ts";
import type { UnitRepository } from "../units/repository.ts";
import type { Unit } from "../units/schemas.ts";
import type { SecondmentFilter, SecondmentRepository } from "./repository.ts";
import type {
  DeclareReturnBody,
  ListSecondmentsQuery,
  RegisteredBy,
  RegisterSecondmentBody,
  Secondment,
  SecondmentStatus,
} from "./schemas.ts";

export type SecondmentDeps = {
  secondments: SecondmentRepository;
  units: Pick<UnitRepository, "get">;
  clock: Clock;
  ids: IdGenerator;
  timeZone: string;
};

const isGrassroots = (unit: Pick<Unit, "kind">): boolean =>
  unit.kind === "township" || unit.kind === "village";

/** Another unit's secondment is missing, not forbidden, so its existence does not leak. */
const notFound = (id: string) => new NotFoundError(`Secondment ${id} not found`);

/** The side of a secondment the caller's unit is on, if any. */
const sideOf = (caller: Caller, record: Secondment): RegisteredBy | undefined => {
  if (caller.unitId === undefined) return undefined;
  if (caller.unitId === record.toUnitId) return "borrower";
  if (caller.unitId === record.fromUnitId) return "lender";
  return undefined;
};

const ownUnitRule = (field: "fromUnitId" | "toUnitId", own: string, given: string) => {
  const message = `${field} must be your own unit "${own}" or left out, not "${given}": a unit registers only its own side of a secondment`;
  return new BusinessRuleError(message, "NOT_OWN_UNIT", [{ path: field, message }]);
};

const unknownUnit = (field: "fromUnitId" | "toUnitId", id: string) =>
  new BusinessRuleError(`No unit has the id "${id}"`, "UNKNOWN_UNIT", [
    { path: field, message: `${field} must name a unit: no unit has the id "${id}"` },
  ]);

/** A secondment's statistics count in the local year it started. */
const yearOf = (record: Pick<Secondment, "startDate">): number => Number(record.startDate.slice(0, 4));

export const makeSecondmentUseCases = (deps: SecondmentDeps) => {
  const { secondments, units, clock } = deps;

  /** The secondment, if the caller's unit is one of its two sides. */
  const involving = async (caller: Caller, id: string) => {
    const record = await secondments.get(id);
    const side = record ? sideOf(caller, record) : undefined;
    if (!record || !side) throw notFound(id);
    return { record, side };
  };

  const refuseUnlessIn = (record: Secondment, status: SecondmentStatus, refusal: string) => {
    if (record.status !== status) {
      throw new ConflictError(
        `Secondment ${record.id} is ${record.status}: ${refusal}`,
        "INVALID_TRANSITION",
      );
    }
  };

  const save = async (
    caller: Caller,
    previous: Secondment,
    change: Partial<Secondment>,
    action: string,
    deltas: Record<string, number>,
  ): Promise<Secondment> => {
    const at = clock.now().toISOString();
    const next: Secondment = { ...previous, ...change, updatedAt: at, version: previous.version + 1 };
    await secondments.replace(previous, next, caller, action, [
      { year: yearOf(previous), unitId: previous.toUnitId, deltas },
    ]);
    return next;
  };

  return {
    /**
     * A department registers a person it borrowed, a township or village a person it lent; the
     * other side then confirms. The lender must be a township or village, the borrower a
     * department or office.
     */
    async register(caller: Caller, body: RegisterSecondmentBody): Promise<Secondment> {
      const own = requireUnit(caller);
      const registeredBy: RegisteredBy = hasRole(caller, "department") ? "borrower" : "lender";
      const ownField = registeredBy === "borrower" ? "toUnitId" : "fromUnitId";
      const otherField = registeredBy === "borrower" ? "fromUnitId" : "toUnitId";
      const given = body[ownField];
      if (given !== undefined && given !== own) throw ownUnitRule(ownField, own, given);
      const other = body[otherField];
      if (other === undefined) {
        const whom =
          registeredBy === "borrower"
            ? "the township or village the person is borrowed from"
            : "the department or office that borrows the person";
        throw new ValidationError(`${otherField} is required: name ${whom}`, [
          { path: otherField, message: `${otherField} is required: name ${whom}` },
        ]);
      }
      const fromUnitId = registeredBy === "borrower" ? other : own;
      const toUnitId = registeredBy === "borrower" ? own : other;
      const [from, to] = await Promise.all([units.get(fromUnitId), units.get(toUnitId)]);
      if (!from) throw unknownUnit("fromUnitId", fromUnitId);
      if (!isGrassroots(from)) {
        const message = `fromUnitId must name a township or village: "${from.id}" is a ${from.kind}, and only grassroots units lend staff in this register`;
        throw new BusinessRuleError(message, "LENDER_NOT_GRASSROOTS", [{ path: "fromUnitId", message }]);
      }
      if (!to) throw unknownUnit("toUnitId", toUnitId);
      if (isGrassroots(to)) {
        const message = `toUnitId must name a city department or office: "${to.id}" is a ${to.kind}`;
        throw new BusinessRuleError(message, "BORROWER_NOT_CITY_UNIT", [{ path: "toUnitId", message }]);
      }
      const at = clock.now().toISOString();
      const record: Secondment = {
        id: deps.ids.next(),
        personRef: body.personRef,
        fromUnitId,
        toUnitId,
        startDate: body.startDate,
        returnBy: body.returnBy,
        purpose: body.purpose,
        registeredBy,
        status: "pending_confirmation",
        createdBy: caller.sub,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      const year = yearOf(record);
      await secondments.create(record, caller, [
        { year, unitId: toUnitId, deltas: { "secondments.registered": 1 } },
        { year, unitId: fromUnitId, deltas: { "secondments.lent": 1 } },
      ]);
      return record;
    },

    /** The side that did not register the secondment confirms it; from then on it is active. */
    async confirm(caller: Caller, id: string): Promise<Secondment> {
      const { record, side } = await involving(caller, id);
      if (side === record.registeredBy) {
        throw new BusinessRuleError(
          `Your unit registered secondment ${id}: the ${side === "borrower" ? "lending" : "borrowing"} unit confirms it`,
          "OWN_REGISTRATION",
        );
      }
      refuseUnlessIn(record, "pending_confirmation", "only a secondment pending confirmation is confirmed");
      return save(
        caller,
        record,
        { status: "active", confirmedAt: clock.now().toISOString() },
        "secondment.confirmed",
        { "secondments.active": 1 },
      );
    },

    /** The borrower says the person went back to their post on `returnedOn`; the lender confirms it. */
    async declareReturn(caller: Caller, id: string, body: DeclareReturnBody): Promise<Secondment> {
      const { record, side } = await involving(caller, id);
      if (side !== "borrower") {
        throw new BusinessRuleError(
          `Only the borrowing unit declares the return of secondment ${id}; your unit confirms it once declared`,
          "NOT_BORROWER",
        );
      }
      refuseUnlessIn(record, "active", "only an active secondment is returned");
      const today = localDay(clock.now(), deps.timeZone);
      const wrong =
        body.returnedOn < record.startDate
          ? `returnedOn must not be before the secondment's startDate ${record.startDate}`
          : body.returnedOn > today
            ? `returnedOn must not be in the future (today is ${today})`
            : undefined;
      if (wrong) throw new ValidationError(wrong, [{ path: "returnedOn", message: wrong }]);
      return save(
        caller,
        record,
        { status: "return_declared", returnedOn: body.returnedOn },
        "secondment.return_declared",
        {},
      );
    },

    /** The lender confirms the person is back: the secondment is closed. */
    async confirmReturn(caller: Caller, id: string): Promise<Secondment> {
      const { record, side } = await involving(caller, id);
      if (side !== "lender") {
        throw new BusinessRuleError(
          `Only the lending unit confirms the return of secondment ${id}`,
          "NOT_LENDER",
        );
      }
      refuseUnlessIn(record, "return_declared", "the borrower declares the return first");
      return save(
        caller,
        record,
        { status: "returned", returnConfirmedAt: clock.now().toISOString() },
        "secondment.returned",
        { "secondments.active": -1, "secondments.returned": 1 },
      );
    },

    /**
     * A department or grassroots unit sees the secondments it borrowed or lent; supervisors,
     * approvers and admins see all, or one unit's with `unitId`.
     */
    async list(caller: Caller, query: ListSecondmentsQuery) {
      const { limit, cursor, status, unitId } = query;
      const none = { items: [], nextCursor: null };
      let filter: SecondmentFilter;
      if (seesAllUnits(caller)) {
        if (unitId === undefined) filter = { status };
        else {
          const unit = await units.get(unitId);
          if (!unit) return none;
          filter = isGrassroots(unit) ? { lender: unitId, status } : { borrower: unitId, status };
        }
      } else {
        const own = requireUnit(caller);
        if (unitId !== undefined && unitId !== own) return none;
        filter = hasRole(caller, "department") ? { borrower: own, status } : { lender: own, status };
      }
      return secondments.list(filter, limit, cursor);
    },

    async get(caller: Caller, id: string) {
      const { record, audit } = await secondments.getWithAudit(id);
      if (!record || (!seesAllUnits(caller) && !sideOf(caller, record))) throw notFound(id);
      return { ...record, audit };
    },
  };
};

export type SecondmentUseCases = ReturnType<typeof makeSecondmentUseCases>;
