import type { Clock, IdGenerator } from "../platform/clock.ts";
import { BusinessRuleError, ConflictError, NotFoundError } from "../platform/errors.ts";
import { type Caller, hasRole, requireUnit } from "../platform/roles.ts";
import { localDay } from "../platform/time.ts";
import { type CounterChange, NO_UNIT } from "../stats/counters.ts";
import type { UnitRepository } from "../units/repository.ts";
import type { ViolationUseCases } from "../violations/use-cases.ts";
import { type ReceiptSource, receiptHash, receiptHashOf, sameHash } from "./receipt.ts";
import type { ComplaintChange, ComplaintRepository } from "./repository.ts";
import {
  type ComplaintMessage,
  type ComplaintRecord,
  type ComplaintStatus,
  type DepartmentForward,
  type FileComplaintBody,
  type FiledComplaint,
  type ForwardRecord,
  isClosed,
  type ListComplaintsQuery,
  MAX_FORWARDS,
  MAX_MESSAGES,
  MAX_VIOLATIONS,
  type ReceiptView,
  type ReporterIdentity,
  type TriageBody,
} from "./schemas.ts";

export type ComplaintDeps = {
  complaints: ComplaintRepository;
  units: Pick<UnitRepository, "get">;
  /** Findings opened from a complaint are ordinary violations, followed up like any other. */
  violations: Pick<ViolationUseCases, "recordFinding">;
  clock: Clock;
  ids: IdGenerator;
  receipts: ReceiptSource;
  timeZone: string;
};

const DAY_MS = 86_400_000;

/**
 * Who the audit trail names for what a reporter does: nobody in particular, so a signed-in
 * reporter's account never reaches the complaint's trail.
 */
export const REPORTER: Caller = { sub: "reporter", roles: [], unitId: undefined };

/** The steps of the lifecycle; a complaint only moves to a later one, and a closed one never moves. */
const stepOf: Record<ComplaintStatus, number> = {
  new: 0,
  triaged: 1,
  investigating: 2,
  resolved: 3,
  unfounded: 3,
};

/** Compared when no complaint has the receipt, so an unknown receipt costs what a known one does. */
const NO_RECEIPT = receiptHash("0".repeat(25));

const notFound = (id: string) => new NotFoundError(`Complaint ${id} not found`);
const noSuchReceipt = () =>
  new NotFoundError("No complaint has this receipt: check the code you were given when you filed it");

const unknownUnit = (path: string, unitId: string) => {
  const message = `${path} must name a unit: no unit has the id "${unitId}"`;
  return new BusinessRuleError(`No unit has the id "${unitId}"`, "UNKNOWN_UNIT", [{ path, message }]);
};

const refuse = (message: string, code: string, path?: string): BusinessRuleError =>
  new BusinessRuleError(message, code, path === undefined ? [] : [{ path, message }]);

export const makeComplaintUseCases = (deps: ComplaintDeps) => {
  const { complaints, clock, ids } = deps;

  const yearOf = (instant: string) => Number(localDay(instant, deps.timeZone).slice(0, 4));

  const countersOf = (record: ComplaintRecord, deltas: Record<string, number>): CounterChange[] => [
    { year: yearOf(record.receivedAt), unitId: record.aboutUnitId ?? NO_UNIT, deltas },
  ];

  const wholeDaysSince = (instant: string, now: Date) =>
    Math.max(0, Math.floor((now.getTime() - Date.parse(instant)) / DAY_MS));

  const read = async (id: string): Promise<ComplaintRecord> => {
    const record = await complaints.get(id);
    if (!record) throw notFound(id);
    return record;
  };

  /** The next version of a complaint, as of `at`. */
  const nextOf = (
    previous: ComplaintRecord,
    at: string,
    changes: Partial<ComplaintRecord>,
  ): ComplaintRecord => ({
    ...previous,
    ...changes,
    version: previous.version + 1,
    updatedAt: at,
  });

  /** The complaint a receipt opens; an unknown receipt and a wrong one are answered alike. */
  const byReceipt = async (header: string | undefined): Promise<ComplaintRecord> => {
    const hash = receiptHashOf(header);
    const found = await complaints.receipt(hash);
    const matches = sameHash(hash, found?.receiptHash ?? NO_RECEIPT);
    if (!found || !matches) throw noSuchReceipt();
    const record = await complaints.get(found.complaintId);
    if (!record) throw noSuchReceipt();
    return record;
  };

  /** A message, counted on the complaint in the same transaction. */
  const addMessage = async (
    caller: Caller,
    previous: ComplaintRecord,
    from: ComplaintMessage["from"],
    text: string,
  ): Promise<ComplaintMessage> => {
    if (previous.messageCount >= MAX_MESSAGES) {
      throw refuse(
        `Complaint ${previous.reference} holds ${MAX_MESSAGES} messages, the most it can keep; call the Supervision Office`,
        "TOO_MANY_MESSAGES",
      );
    }
    const at = clock.now().toISOString();
    const message: ComplaintMessage = { id: ids.next(), from, text, at };
    const change: ComplaintChange = {
      previous,
      next: nextOf(previous, at, { messageCount: previous.messageCount + 1 }),
      action: from === "reporter" ? "complaint.reporter_wrote" : "complaint.supervision_wrote",
      message,
    };
    await complaints.change(change, caller, message);
    return message;
  };

  const departmentView = (forward: ForwardRecord): DepartmentForward => {
    const {
      complaintId: _complaint,
      forwardedBy: _by,
      createdBy: _created,
      createdAt: _at,
      ...view
    } = forward;
    return view;
  };

  return {
    /**
     * Anyone files a complaint, signed in or not; a supervisor also files what a caller says on
     * the hotline, which keeps no reporter at all. The receipt is in this answer only.
     */
    async file(caller: Caller | undefined, body: FileComplaintBody): Promise<FiledComplaint> {
      const channel = body.channel ?? "online";
      if (channel === "hotline" && !(caller && hasRole(caller, "supervisor"))) {
        throw refuse(
          "channel hotline is for the Supervision Office, who files what a caller says on the phone",
          "HOTLINE_SUPERVISORS_ONLY",
          "channel",
        );
      }
      if (body.aboutUnitId !== undefined && !(await deps.units.get(body.aboutUnitId))) {
        throw unknownUnit("aboutUnitId", body.aboutUnitId);
      }
      const at = clock.now().toISOString();
      const id = ids.next();
      const signedIn = channel === "online" && caller !== undefined;
      const identity: ReporterIdentity | undefined =
        signedIn || body.contact !== undefined
          ? {
              complaintId: id,
              ...(signedIn ? { sub: caller.sub } : {}),
              ...(signedIn && caller.unitId !== undefined ? { unitId: caller.unitId } : {}),
              ...(body.contact === undefined ? {} : { contact: body.contact }),
            }
          : undefined;
      const record: ComplaintRecord = {
        id,
        reference: `TS-${yearOf(at)}-${id.slice(-8)}`,
        subject: body.subject,
        text: body.text,
        category: body.category,
        ...(body.aboutUnitId === undefined ? {} : { aboutUnitId: body.aboutUnitId }),
        reporter: { signedIn, channel, contactGiven: body.contact !== undefined },
        status: "new",
        receivedAt: at,
        messageCount: 0,
        forwardIds: [],
        violationIds: [],
        createdBy: REPORTER.sub,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      const receipt = deps.receipts.next();
      const filed: FiledComplaint = {
        id,
        reference: record.reference,
        receipt,
        subject: record.subject,
        category: record.category,
        status: "new",
        receivedAt: at,
      };
      await complaints.file(
        {
          record,
          receiptHash: receiptHash(receipt.replaceAll("-", "")),
          identity,
          counters: countersOf(record, { "complaints.received": 1, "complaints.status.new": 1 }),
        },
        // A hotline complaint's trail names the supervisor who wrote it down; any other, no one.
        channel === "hotline" && caller ? caller : REPORTER,
        filed,
      );
      return filed;
    },

    /** The reporter's own view through the receipt: never who handles it, forwards or notes. */
    async readByReceipt(header: string | undefined): Promise<ReceiptView> {
      const record = await byReceipt(header);
      const messages = await complaints.messages(record.id);
      return {
        reference: record.reference,
        subject: record.subject,
        text: record.text,
        category: record.category,
        status: record.status,
        receivedAt: record.receivedAt,
        messages: messages.map(({ from, text, at }) => ({ from, text, at })),
      };
    },

    async writeByReceipt(header: string | undefined, body: { text: string }) {
      const record = await byReceipt(header);
      if (isClosed(record.status)) {
        throw new ConflictError(
          `Complaint ${record.reference} is ${record.status}: it takes no more messages; file a new complaint`,
          "COMPLAINT_CLOSED",
        );
      }
      const { from, text, at } = await addMessage(REPORTER, record, "reporter", body.text);
      return { from, text, at };
    },

    /** Newest first. */
    async list(query: ListComplaintsQuery) {
      return complaints.list(query.status, query.limit, query.cursor);
    },

    /** Only the Supervision Office reads a complaint; to anyone else none exists. */
    async get(caller: Caller, id: string) {
      if (!hasRole(caller, "supervisor")) throw notFound(id);
      const { record, messages, audit } = await complaints.getWithTrail(id);
      if (!record) throw notFound(id);
      const forwards = await complaints.getForwards(record.forwardIds);
      forwards.sort((a, b) => a.forwardedAt.localeCompare(b.forwardedAt) || a.id.localeCompare(b.id));
      return { ...record, messages, forwards, audit };
    },

    /** Forward through the lifecycle, never back; closing ends it. */
    async triage(caller: Caller, id: string, body: TriageBody): Promise<ComplaintRecord> {
      const previous = await read(id);
      if (isClosed(previous.status)) {
        throw new ConflictError(
          `Complaint ${previous.reference} is already ${previous.status}: a closed complaint stays closed`,
          "INVALID_TRANSITION",
        );
      }
      if (stepOf[body.status] <= stepOf[previous.status]) {
        throw new ConflictError(
          `Complaint ${previous.reference} is ${previous.status}: it can move on to a later status, not to ${body.status}`,
          "INVALID_TRANSITION",
        );
      }
      const now = clock.now();
      const at = now.toISOString();
      const deltas: Record<string, number> = {
        [`complaints.status.${previous.status}`]: -1,
        [`complaints.status.${body.status}`]: 1,
      };
      const firstTriage = previous.status === "new";
      const closing = isClosed(body.status);
      if (firstTriage) deltas[`complaints.daysToTriage.${wholeDaysSince(previous.receivedAt, now)}`] = 1;
      if (closing) {
        deltas[`complaints.daysToClose.${wholeDaysSince(previous.receivedAt, now)}`] = 1;
        deltas[`complaints.outcome.${body.status}`] = 1;
      }
      const next = nextOf(previous, at, {
        status: body.status,
        triage: { status: body.status, note: body.note, by: caller.sub, at },
        ...(firstTriage ? { triagedAt: at } : {}),
        ...(closing ? { closedAt: at } : {}),
      });
      await complaints.change(
        { previous, next, action: "complaint.triaged", counters: countersOf(previous, deltas) },
        caller,
      );
      return next;
    },

    async writeToReporter(caller: Caller, id: string, body: { text: string }): Promise<ComplaintMessage> {
      return addMessage(caller, await read(id), "supervision", body.text);
    },

    /** A text the supervisor wrote (never the reporter's own words) goes to one department. */
    async forward(
      caller: Caller,
      id: string,
      body: { unitId: string; text: string },
    ): Promise<ForwardRecord> {
      const previous = await read(id);
      const unit = await deps.units.get(body.unitId);
      if (!unit) throw unknownUnit("unitId", body.unitId);
      if (unit.kind !== "department") {
        throw refuse(
          `unitId must name a city department: "${unit.id}" is a ${unit.kind}`,
          "NOT_DEPARTMENT",
          "unitId",
        );
      }
      if (previous.forwardIds.length >= MAX_FORWARDS) {
        throw refuse(
          `Complaint ${previous.reference} was forwarded ${MAX_FORWARDS} times, the most it keeps`,
          "TOO_MANY_FORWARDS",
        );
      }
      const at = clock.now().toISOString();
      const forward: ForwardRecord = {
        id: ids.next(),
        complaintId: previous.id,
        reference: previous.reference,
        category: previous.category,
        unitId: unit.id,
        text: body.text,
        status: "forwarded",
        forwardedAt: at,
        forwardedBy: caller.sub,
        createdBy: caller.sub,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      const next = nextOf(previous, at, { forwardIds: [...previous.forwardIds, forward.id] });
      await complaints.change({ previous, next, action: "complaint.forwarded", forward }, caller, forward);
      return forward;
    },

    /**
     * Opens a SUPERVISION_FINDING through the violations use case and links it here. The finding
     * (which names the complaint) and the keyed answer are written first; the complaint then lists
     * it, retried while others change the complaint meanwhile.
     */
    async openViolation(
      caller: Caller,
      id: string,
      body: { unitId: string; title: string; description?: string | undefined },
    ) {
      const complaint = await read(id);
      // Checked before the finding is recorded as well, so that nothing is written for a unit
      // that cannot answer a violation, and this route's refusals are its own to document.
      const unit = await deps.units.get(body.unitId);
      if (!unit) throw unknownUnit("unitId", body.unitId);
      if (unit.kind !== "department" && unit.kind !== "office") {
        throw refuse(
          `unitId must name a city department or office: "${unit.id}" is a ${unit.kind}, which cannot answer a violation`,
          "NOT_CITY_UNIT",
          "unitId",
        );
      }
      if (complaint.violationIds.length >= MAX_VIOLATIONS) {
        throw refuse(
          `Complaint ${complaint.reference} has ${MAX_VIOLATIONS} violations, the most it keeps`,
          "TOO_MANY_VIOLATIONS",
        );
      }
      const violation = await deps.violations.recordFinding(
        caller,
        {
          unitId: body.unitId,
          title: body.title,
          description:
            body.description ?? `Found by the Supervision Office from complaint ${complaint.reference}`,
        },
        { complaintId: complaint.id },
      );
      for (let attempt = 1; ; attempt += 1) {
        const previous = attempt === 1 ? complaint : await read(id);
        const at = clock.now().toISOString();
        const next = nextOf(previous, at, { violationIds: [...previous.violationIds, violation.id] });
        try {
          await complaints.changeAfter({ previous, next, action: "complaint.violation_opened" }, caller);
          return violation;
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt === 3) throw error;
        }
      }
    },

    /** The forwards to the caller's own unit, newest first: the supervisor's text and their answer. */
    async forwarded(caller: Caller, query: { limit: number; cursor?: string | undefined }) {
      const page = await complaints.forwardsTo(requireUnit(caller), query.limit, query.cursor);
      return { items: page.items.map(departmentView), nextCursor: page.nextCursor };
    },

    async answerForward(caller: Caller, id: string, body: { text: string }): Promise<DepartmentForward> {
      const previous = await complaints.getForward(id);
      if (!previous || previous.unitId !== caller.unitId) throw new NotFoundError(`Forward ${id} not found`);
      if (previous.status === "answered") {
        throw new ConflictError(`Forward ${id} is answered already`, "ALREADY_ANSWERED");
      }
      const at = clock.now().toISOString();
      const next: ForwardRecord = {
        ...previous,
        status: "answered",
        answer: { text: body.text, by: caller.sub, at },
        version: previous.version + 1,
        updatedAt: at,
      };
      const view = departmentView(next);
      await complaints.answerForward(previous, next, caller, view);
      return view;
    },

    /** One supervisor asks to see who filed a complaint; another must grant it. */
    async requestDisclosure(caller: Caller, id: string, body: { reason: string }) {
      const previous = await read(id);
      if (!previous.reporter.signedIn && !previous.reporter.contactGiven) {
        throw refuse(
          `Complaint ${previous.reference} was filed anonymously without a contact: there is no identity to disclose`,
          "NO_IDENTITY",
        );
      }
      if (previous.disclosure && previous.disclosure.status !== "shown") {
        throw new ConflictError(
          `A disclosure of complaint ${previous.reference} is ${previous.disclosure.status} already`,
          "DISCLOSURE_PENDING",
        );
      }
      const at = clock.now().toISOString();
      const disclosure = {
        status: "requested" as const,
        reason: body.reason,
        requestedBy: caller.sub,
        requestedAt: at,
      };
      const next = nextOf(previous, at, { disclosure });
      const view = { id, ...disclosure };
      await complaints.change({ previous, next, action: "complaint.disclosure_requested" }, caller, view);
      return view;
    },

    /** A second pair of eyes: another supervisor or an admin, never the one who asked. */
    async grantDisclosure(caller: Caller, id: string) {
      const previous = await read(id);
      const pending = previous.disclosure;
      if (pending?.status !== "requested") {
        throw new ConflictError(
          `No disclosure of complaint ${previous.reference} is waiting to be granted`,
          "NOTHING_PENDING",
        );
      }
      if (pending.requestedBy === caller.sub) {
        throw refuse(
          "A disclosure is granted by another supervisor or an admin, never by the one who asked for it",
          "OWN_DISCLOSURE_REQUEST",
        );
      }
      const at = clock.now().toISOString();
      const disclosure = { ...pending, status: "granted" as const, grantedBy: caller.sub, grantedAt: at };
      const next = nextOf(previous, at, { disclosure });
      const view = { id, ...disclosure };
      await complaints.change({ previous, next, action: "complaint.disclosure_granted" }, caller, view);
      return view;
    },

    /**
     * The identity, to the supervisor whose request was granted, once: the showing is recorded
     * before the identity leaves, so two reads at once cannot both see it.
     */
    async showDisclosure(caller: Caller, id: string) {
      const previous = await read(id);
      const disclosure = previous.disclosure;
      if (!disclosure || disclosure.requestedBy !== caller.sub) throw notFound(id);
      if (disclosure.status === "requested") {
        throw new ConflictError("Your disclosure request has not been granted yet", "NOT_GRANTED");
      }
      if (disclosure.status === "shown") {
        throw new ConflictError(
          "The identity was shown to you already; ask again to see it again",
          "ALREADY_SHOWN",
        );
      }
      const identity = await complaints.identity(id);
      if (!identity) throw notFound(id);
      const at = clock.now().toISOString();
      const next = nextOf(previous, at, { disclosure: { ...disclosure, status: "shown", shownAt: at } });
      await complaints.change({ previous, next, action: "complaint.disclosure_shown" }, caller);
      return {
        id,
        signedIn: previous.reporter.signedIn,
        ...(identity.sub === undefined ? {} : { sub: identity.sub }),
        ...(identity.unitId === undefined ? {} : { unitId: identity.unitId }),
        ...(identity.contact === undefined ? {} : { contact: identity.contact }),
        shownAt: at,
      };
    },
  };
};

export type ComplaintUseCases = ReturnType<typeof makeComplaintUseCases>;
