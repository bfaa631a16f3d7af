import type { Clock, IdGenerator } from "../platform/clock.ts";
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import { type Caller, hasRole, requireUnit, seesAllUnits } from "../platform/roles.ts";
import { localDay } from "../platform/time.ts";
import type { UnitRepository } from "../units/repository.ts";
import type { PlaqueFilter, PlaqueRepository } from "./repository.ts";
import type {
  ListPlaquesQuery,
  Plaque,
  PlaqueRemovalBody,
  PlaqueType,
  PlaqueTypeBody,
  RegisterPlaqueBody,
} from "./schemas.ts";

export type PlaqueDeps = {
  plaques: PlaqueRepository;
  units: Pick<UnitRepository, "get">;
  clock: Clock;
  ids: IdGenerator;
  timeZone: string;
  /** Days a village has to take down a plaque of no admitted type (PLAQUE_REMOVE_DAYS). */
  removeDays: number;
};

const DAY_MS = 86_400_000;

const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Names compare as people read them: "村民委员会" and " 村民委员会 " are the same type. */
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Another village's plaque is missing, not forbidden, so its existence does not leak. */
const notFound = (id: string) => new NotFoundError(`Plaque ${id} not found`);

const concerns = (caller: Caller, record: Plaque): boolean =>
  caller.unitId !== undefined &&
  (caller.unitId === record.villageUnitId || caller.unitId === record.issuingUnitId);

export const makePlaqueUseCases = (deps: PlaqueDeps) => {
  const { plaques, units, clock } = deps;
  const today = () => localDay(clock.now(), deps.timeZone);

  const refuseTakenName = async (name: string, except?: string) => {
    const taken = (await plaques.allTypes()).find((type) => type.id !== except && sameName(type.name, name));
    if (taken) {
      const message = `name must be new: plaque type "${taken.id}" is already called "${taken.name}"`;
      throw new BusinessRuleError(message, "DUPLICATE_PLAQUE_TYPE", [{ path: "name", message }]);
    }
  };

  return {
    listTypes: (page: { limit: number; cursor?: string | undefined }) =>
      plaques.listTypes(page.limit, page.cursor),

    async createType(caller: Caller, body: PlaqueTypeBody): Promise<PlaqueType> {
      await refuseTakenName(body.name);
      const at = clock.now().toISOString();
      const type: PlaqueType = {
        id: deps.ids.next(),
        ...body,
        createdBy: caller.sub,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await plaques.createType(type, caller);
      return type;
    },

    async updateType(caller: Caller, id: string, body: PlaqueTypeBody): Promise<PlaqueType> {
      const previous = await plaques.getType(id);
      if (!previous) throw new NotFoundError(`Plaque type ${id} not found`);
      await refuseTakenName(body.name, id);
      const next: PlaqueType = {
        ...previous,
        ...body,
        updatedAt: clock.now().toISOString(),
        version: previous.version + 1,
      };
      await plaques.replaceType(previous, next, caller);
      return next;
    },

    /**
     * A village registers a plaque hung on its office: of an admitted type it may stay; of none it
     * is to be removed within PLAQUE_REMOVE_DAYS, and the unit that demanded it hears of it in the
     * sweep if it is still up then.
     */
    async register(caller: Caller, body: RegisterPlaqueBody): Promise<Plaque> {
      const own = requireUnit(caller);
      const [village, issuing, type] = await Promise.all([
        units.get(own),
        units.get(body.issuingUnitId),
        body.typeId === undefined ? undefined : plaques.getType(body.typeId),
      ]);
      if (village?.kind !== "village") {
        throw new BusinessRuleError(
          `Only a village registers the plaques on its office: your unit "${own}" is ${village ? `a ${village.kind}` : "not a known unit"}`,
          "NOT_VILLAGE",
        );
      }
      if (!issuing) {
        throw new BusinessRuleError(`No unit has the id "${body.issuingUnitId}"`, "UNKNOWN_UNIT", [
          {
            path: "issuingUnitId",
            message: `issuingUnitId must name a unit: no unit has the id "${body.issuingUnitId}"`,
          },
        ]);
      }
      if (body.typeId !== undefined && !type) {
        const message = `typeId must name an admitted plaque type: none has the id "${body.typeId}" (leave it out for a plaque of no admitted type)`;
        throw new BusinessRuleError(message, "UNKNOWN_PLAQUE_TYPE", [{ path: "typeId", message }]);
      }
      const now = clock.now();
      const at = now.toISOString();
      const admitted = type !== undefined;
      const record: Plaque = {
        id: deps.ids.next(),
        villageUnitId: own,
        title: body.title,
        issuingUnitId: body.issuingUnitId,
        ...(type ? { typeId: type.id } : {}),
        status: admitted ? "admitted" : "to_remove",
        ...(admitted ? {} : { removeBy: addDays(today(), deps.removeDays) }),
        createdBy: caller.sub,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      const year = Number(localDay(now, deps.timeZone).slice(0, 4));
      const pending = admitted ? 0 : 1;
      await plaques.create(record, caller, [
        {
          year,
          unitId: own,
          deltas: { "plaques.registered": 1, "plaques.admitted": 1 - pending, "plaques.pending": pending },
        },
        {
          year,
          unitId: body.issuingUnitId,
          deltas: { "plaques.demanded": 1, "plaques.demandedUnadmitted": pending },
        },
      ]);
      return record;
    },

    /** The village took the plaque down on `removedOn`: any plaque, admitted or not, may come down. */
    async remove(caller: Caller, id: string, body: PlaqueRemovalBody): Promise<Plaque> {
      const previous = await plaques.get(id);
      if (!previous || previous.villageUnitId !== caller.unitId) throw notFound(id);
      if (previous.status === "removed") {
        throw new ConflictError(
          `Plaque ${id} was removed on ${previous.removedOn ?? "an earlier day"} already`,
          "INVALID_TRANSITION",
        );
      }
      const registeredOn = localDay(previous.createdAt, deps.timeZone);
      const day = today();
      const wrong =
        body.removedOn > day
          ? `removedOn must not be in the future (today is ${day})`
          : body.removedOn < registeredOn
            ? `removedOn must not be before the plaque was registered on ${registeredOn}`
            : undefined;
      if (wrong) throw new ValidationError(wrong, [{ path: "removedOn", message: wrong }]);
      const next: Plaque = {
        ...previous,
        status: "removed",
        removedOn: body.removedOn,
        updatedAt: clock.now().toISOString(),
        version: previous.version + 1,
      };
      const year = Number(registeredOn.slice(0, 4));
      await plaques.replace(previous, next, caller, "plaque.removed", [
        {
          year,
          unitId: previous.villageUnitId,
          deltas: { "plaques.removed": 1, "plaques.pending": previous.status === "to_remove" ? -1 : 0 },
        },
      ]);
      return next;
    },

    /**
     * A village sees its own plaques, a department those it demanded; supervisors, approvers and
     * admins see all, or one village's with `villageUnitId`.
     */
    async list(caller: Caller, query: ListPlaquesQuery) {
      const { limit, cursor, status, villageUnitId } = query;
      let filter: PlaqueFilter;
      if (seesAllUnits(caller)) filter = { villageUnitId, status };
      else {
        const own = requireUnit(caller);
        if (hasRole(caller, "grassroots")) {
          if (villageUnitId !== undefined && villageUnitId !== own) return { items: [], nextCursor: null };
          filter = { villageUnitId: own, status };
        } else filter = { issuingUnitId: own, villageUnitId, status };
      }
      return plaques.list(filter, limit, cursor);
    },

    async get(caller: Caller, id: string) {
      const { record, audit } = await plaques.getWithAudit(id);
      if (!record || (!seesAllUnits(caller) && !concerns(caller, record))) throw notFound(id);
      return { ...record, audit };
    },
  };
};

export type PlaqueUseCases = ReturnType<typeof makePlaqueUseCases>;
