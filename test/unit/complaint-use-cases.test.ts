/**
 * The complaints use cases over the in-memory fakes: filing with and without an account, the
 * receipt follow-up, triage, forwards, a violation opened from a complaint, the two-person
 * disclosure, the statistics counters, and that no identity reaches the complaint or its trail.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, it, vi } from "vitest";
import * as receipt from "../../shared/complaints/receipt.ts";
import type { ComplaintRecord } from "../../shared/complaints/schemas.ts";
import {
  complaintDetailSchema,
  complaintRecordSchema,
  departmentForwardSchema,
  filedComplaintSchema,
  receiptViewSchema,
} from "../../shared/complaints/schemas.ts";
import { makeComplaintUseCases } from "../../shared/complaints/use-cases.ts";
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from "../../shared/platform/errors.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import { makeViolationUseCases } from "../../shared/violations/use-cases.ts";
import {
  fixedClock,
  memoryComplaints,
  memoryUnits,
  memoryViolations,
  sequentialIds,
} from "../fakes/memory.ts";
import { caller, unitRecord } from "../fakes/records.ts";

vi.mock("../../shared/complaints/receipt.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../shared/complaints/receipt.ts")>();
  return { ...original, sameHash: vi.fn(original.sameHash) };
});

/** Monday 7 December 2026, 16:00 in Shanghai. */
const NOW = "2026-12-07T08:00:00.000Z";
const supervisor = caller("supervisor");
const secondSupervisor: Caller = { sub: "super-2", roles: ["supervisor"], unitId: "supervision-office" };
const admin = caller("admin");
const clerk = caller("clerk");
const otherClerk = caller("otherClerk");
const village = caller("village");

const body = {
  subject: "Ledger asked three times",
  text: "Department A asked our village for the same ledger three times in November.",
  category: "document" as const,
};

const setup = () => {
  const complaints = memoryComplaints();
  const violations = memoryViolations();
  const clock = fixedClock(NOW);
  const units = memoryUnits([
    unitRecord({ id: "dept-a" }),
    unitRecord({ id: "dept-b" }),
    unitRecord({ id: "city-office", kind: "office" }),
    unitRecord({ id: "village-1", kind: "village" }),
  ]);
  const violationUseCases = makeViolationUseCases({
    violations,
    units,
    clock,
    ids: sequentialIds("V"),
    dueDays: 14,
    timeZone: "Asia/Shanghai",
  });
  const useCases = makeComplaintUseCases({
    complaints,
    units,
    violations: violationUseCases,
    clock,
    ids: sequentialIds("C"),
    receipts: receipt.randomReceipts,
    timeZone: "Asia/Shanghai",
  });
  return { complaints, violations, clock, useCases };
};

type Setup = ReturnType<typeof setup>;

const refused = (type: new (...args: never[]) => Error, code: string) => (error: unknown) => {
  assert.ok(error instanceof type, String(error));
  assert.equal((error as { code?: string }).code, code, String(error));
  return true;
};

/** Everything stored about complaints except the identity items, as one text to search. */
const storedOutsideIdentity = ({ complaints }: Setup) =>
  JSON.stringify([
    [...complaints.records.values()],
    [...complaints.audits.values()],
    [...complaints.messageLog.values()],
    [...complaints.forwards.values()],
    [...complaints.receipts.values()],
  ]);

describe("filing a complaint", () => {
  it("anonymously: a receipt shown once, only its hash kept, counted as received and new", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, { ...body, aboutUnitId: "dept-a" });
    filedComplaintSchema.parse(filed);
    assert.match(filed.receipt, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    assert.equal(filed.reference, "TS-2026-C0001");
    const record = context.complaints.records.get(filed.id);
    assert.ok(record);
    complaintRecordSchema.parse(record);
    assert.deepEqual(record.reporter, { signedIn: false, channel: "online", contactGiven: false });
    assert.equal(record.createdBy, "reporter");
    assert.equal(context.complaints.identities.size, 0, "nobody to keep");
    assert.deepEqual([...context.complaints.receipts.keys()], [receipt.receiptHashOf(filed.receipt)]);
    assert.ok(!storedOutsideIdentity(context).includes(filed.receipt), "the receipt itself is kept nowhere");
    assert.deepEqual(context.complaints.counters, [
      {
        year: 2026,
        unitId: "dept-a",
        deltas: { "complaints.received": 1, "complaints.status.new": 1 },
      },
    ]);
    const [entry] = context.complaints.audits.get(filed.id) ?? [];
    assert.equal(entry?.by, "reporter");
    assert.equal(entry?.role, "");
  });

  it("signed in: the identity is kept apart, never in the record or its audit entry", async () => {
    const context = setup();
    const filed = await context.useCases.file(village, { ...body, contact: "138 0000 1111 evenings" });
    assert.deepEqual(context.complaints.identities.get(filed.id), {
      complaintId: filed.id,
      sub: "village-head",
      unitId: "village-1",
      contact: "138 0000 1111 evenings",
    });
    const record = context.complaints.records.get(filed.id);
    assert.deepEqual(record?.reporter, { signedIn: true, channel: "online", contactGiven: true });
    const stored = storedOutsideIdentity(context);
    for (const secret of ["village-head", "village-1", "138 0000"])
      assert.ok(!stored.includes(secret), secret);
    assert.equal(context.complaints.counters[0]?.unitId, "-", "about no unit");
  });

  it("anonymous with a contact keeps just the contact apart", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, { ...body, contact: "a@b.cn" });
    assert.deepEqual(context.complaints.identities.get(filed.id), {
      complaintId: filed.id,
      contact: "a@b.cn",
    });
  });

  it("by hotline: only a supervisor, with no reporter kept; the supervisor only in the trail", async () => {
    const context = setup();
    const filed = await context.useCases.file(supervisor, { ...body, channel: "hotline" });
    const record = context.complaints.records.get(filed.id);
    assert.deepEqual(record?.reporter, { signedIn: false, channel: "hotline", contactGiven: false });
    assert.equal(record?.createdBy, "reporter");
    assert.equal(context.complaints.identities.size, 0);
    assert.equal(context.complaints.audits.get(filed.id)?.[0]?.by, "super");
    for (const who of [undefined, village]) {
      await assert.rejects(
        context.useCases.file(who, { ...body, channel: "hotline" }),
        refused(BusinessRuleError, "HOTLINE_SUPERVISORS_ONLY"),
      );
    }
  });

  it("refuses an unknown unit", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.file(undefined, { ...body, aboutUnitId: "nowhere" }),
      (error) =>
        error instanceof BusinessRuleError &&
        error.code === "UNKNOWN_UNIT" &&
        error.details[0]?.path === "aboutUnitId",
    );
    assert.equal((await useCases.file(undefined, body)).status, "new");
  });
});

describe("following a complaint with its receipt", () => {
  it("shows status, own words and the conversation, never who handles it", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    await context.useCases.writeToReporter(supervisor, filed.id, { text: "We are on it" });
    const typed = filed.receipt.toLowerCase().replaceAll("-", " ");
    const written = await context.useCases.writeByReceipt(typed, { text: "Again today" });
    assert.deepEqual(Object.keys(written).sort(), ["at", "from", "text"]);
    const view = await context.useCases.readByReceipt(filed.receipt);
    receiptViewSchema.parse(view);
    assert.equal(view.status, "new");
    assert.deepEqual(
      view.messages.map(({ from, text }) => [from, text]),
      [
        ["supervision", "We are on it"],
        ["reporter", "Again today"],
      ],
    );
    assert.ok(!JSON.stringify(view).includes('"super"'), "no supervisor's name");
    const trail = context.complaints.audits.get(filed.id) ?? [];
    assert.deepEqual(
      trail.map((entry) => [entry.action, entry.by]),
      [
        ["complaint.received", "reporter"],
        ["complaint.supervision_wrote", "super"],
        ["complaint.reporter_wrote", "reporter"],
      ],
    );
    assert.equal(context.complaints.records.get(filed.id)?.messageCount, 2);
  });

  it("answers an unknown receipt 404 after the same constant-time comparison a known one gets", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    const sameHash = vi.mocked(receipt.sameHash);
    sameHash.mockClear();
    await context.useCases.readByReceipt(filed.receipt);
    assert.equal(sameHash.mock.calls.length, 1);
    const unknown = receipt.randomReceipts.next();
    await assert.rejects(context.useCases.readByReceipt(unknown), NotFoundError);
    assert.equal(sameHash.mock.calls.length, 2, "compared against a stand-in hash");
    assert.equal(sameHash.mock.calls[1]?.[0], receipt.receiptHashOf(unknown));
    await assert.rejects(context.useCases.writeByReceipt(unknown, { text: "x" }), NotFoundError);
    assert.equal((await context.useCases.writeByReceipt(filed.receipt, { text: "x" })).from, "reporter");
    await assert.rejects(context.useCases.readByReceipt(undefined), ValidationError);
  });

  it("answers 404 when the stored hash does not match or its complaint is gone", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    const hash = receipt.receiptHashOf(filed.receipt);
    context.complaints.receipts.set(hash, { receiptHash: `${hash.slice(0, -1)}x`, complaintId: filed.id });
    await assert.rejects(context.useCases.readByReceipt(filed.receipt), NotFoundError);
    context.complaints.receipts.set(hash, { receiptHash: hash, complaintId: "gone" });
    await assert.rejects(context.useCases.readByReceipt(filed.receipt), NotFoundError);
  });

  it("takes no message once the complaint is closed, nor past the most it keeps", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    const record = context.complaints.records.get(filed.id);
    assert.ok(record);
    context.complaints.records.set(filed.id, { ...record, messageCount: 200 });
    await assert.rejects(
      context.useCases.writeByReceipt(filed.receipt, { text: "one more" }),
      refused(BusinessRuleError, "TOO_MANY_MESSAGES"),
    );
    context.complaints.records.set(filed.id, record);
    await context.useCases.triage(supervisor, filed.id, { status: "unfounded", note: "Not formalism" });
    await assert.rejects(
      context.useCases.writeByReceipt(filed.receipt, { text: "but" }),
      refused(ConflictError, "COMPLAINT_CLOSED"),
    );
  });
});

describe("triage", () => {
  const fileOne = async (context: Setup) =>
    (await context.useCases.file(undefined, { ...body, aboutUnitId: "dept-a" })).id;

  it("moves forward, counts the first triage and the close with their whole days", async () => {
    const context = setup();
    const id = await fileOne(context);
    context.clock.set("2026-12-09T09:00:00.000Z");
    const triaged = await context.useCases.triage(supervisor, id, { status: "triaged", note: "Plausible" });
    assert.equal(triaged.status, "triaged");
    assert.equal(triaged.triagedAt, "2026-12-09T09:00:00.000Z");
    assert.deepEqual(triaged.triage, {
      status: "triaged",
      note: "Plausible",
      by: "super",
      at: "2026-12-09T09:00:00.000Z",
    });
    context.clock.set("2026-12-10T09:00:00.000Z");
    const investigating = await context.useCases.triage(supervisor, id, {
      status: "investigating",
      note: "Asking",
    });
    assert.equal(investigating.triagedAt, "2026-12-09T09:00:00.000Z", "the first time it left new");
    context.clock.set("2026-12-20T07:59:00.000Z");
    const resolved = await context.useCases.triage(supervisor, id, { status: "resolved", note: "Fixed" });
    assert.equal(resolved.closedAt, "2026-12-20T07:59:00.000Z");
    assert.deepEqual(
      context.complaints.counters.slice(1).map((change) => change.deltas),
      [
        { "complaints.status.new": -1, "complaints.status.triaged": 1, "complaints.daysToTriage.2": 1 },
        { "complaints.status.triaged": -1, "complaints.status.investigating": 1 },
        {
          "complaints.status.investigating": -1,
          "complaints.status.resolved": 1,
          "complaints.daysToClose.12": 1,
          "complaints.outcome.resolved": 1,
        },
      ],
    );
    assert.ok(
      context.complaints.counters.every((change) => change.unitId === "dept-a" && change.year === 2026),
    );
  });

  it("may skip steps, from new straight to unfounded, counting triage and close at once", async () => {
    const context = setup();
    const id = await fileOne(context);
    const closed = await context.useCases.triage(supervisor, id, { status: "unfounded", note: "Duplicate" });
    assert.equal(closed.triagedAt, NOW);
    assert.deepEqual(context.complaints.counters[1]?.deltas, {
      "complaints.status.new": -1,
      "complaints.status.unfounded": 1,
      "complaints.daysToTriage.0": 1,
      "complaints.daysToClose.0": 1,
      "complaints.outcome.unfounded": 1,
    });
  });

  it("never goes back nor stays put, a closed complaint is final, and a lost race is STATE_CHANGED", async () => {
    const context = setup();
    const id = await fileOne(context);
    await context.useCases.triage(supervisor, id, { status: "investigating", note: "Asking" });
    for (const status of ["triaged", "investigating"] as const) {
      await assert.rejects(
        context.useCases.triage(supervisor, id, { status, note: "x" }),
        refused(ConflictError, "INVALID_TRANSITION"),
      );
    }
    const before = context.complaints.records.get(id);
    assert.ok(before);
    await context.useCases.triage(supervisor, id, { status: "resolved", note: "Done" });
    await assert.rejects(
      context.useCases.triage(supervisor, id, { status: "unfounded", note: "x" }),
      refused(ConflictError, "INVALID_TRANSITION"),
    );
    await assert.rejects(
      context.complaints.change(
        { previous: before, next: { ...before, version: before.version + 1 }, action: "x" },
        supervisor,
      ),
      refused(ConflictError, "STATE_CHANGED"),
    );
    await assert.rejects(
      context.useCases.triage(supervisor, "nope", { status: "triaged", note: "x" }),
      NotFoundError,
    );
  });
});

describe("a supervisor's reading", () => {
  it("lists newest first by status, and shows one with messages, forwards and trail but no identity", async () => {
    const context = setup();
    const first = await context.useCases.file(village, { ...body, contact: "secret-phone" });
    context.clock.set("2026-12-07T09:00:00.000Z");
    const second = await context.useCases.file(undefined, body);
    await context.useCases.triage(supervisor, second.id, { status: "triaged", note: "ok" });
    assert.deepEqual(
      (await context.useCases.list({ limit: 25 })).items.map((record) => record.id),
      [second.id, first.id],
    );
    assert.deepEqual(
      (await context.useCases.list({ limit: 25, status: "new" })).items.map((record) => record.id),
      [first.id],
    );
    context.clock.set("2026-12-07T10:00:00.000Z");
    await context.useCases.forward(supervisor, first.id, { unitId: "dept-b", text: "Second" });
    context.clock.set("2026-12-07T09:30:00.000Z");
    await context.useCases.forward(supervisor, first.id, { unitId: "dept-a", text: "First" });
    await context.useCases.writeToReporter(supervisor, first.id, { text: "Thanks" });
    const detail = await context.useCases.get(supervisor, first.id);
    complaintDetailSchema.parse(detail);
    assert.deepEqual(
      detail.forwards.map((forward) => forward.text),
      ["First", "Second"],
      "in the order they were sent",
    );
    assert.equal(detail.messages.length, 1);
    assert.deepEqual(detail.reporter, { signedIn: true, channel: "online", contactGiven: true });
    const shown = JSON.stringify(detail);
    for (const secret of ["village-head", "village-1", "secret-phone"])
      assert.ok(!shown.includes(secret), secret);
    await assert.rejects(context.useCases.get(supervisor, "nope"), NotFoundError);
    await assert.rejects(context.useCases.get(clerk, first.id), NotFoundError, "a department finds none");
  });

  it("the unclosed queue for the overdue rule holds new, triaged and investigating, oldest first", async () => {
    const context = setup();
    const a = await context.useCases.file(undefined, body);
    context.clock.set("2026-12-08T00:00:00.000Z");
    const b = await context.useCases.file(undefined, body);
    const c = await context.useCases.file(undefined, body);
    await context.useCases.triage(supervisor, c.id, { status: "resolved", note: "ok" });
    assert.deepEqual(
      (await context.complaints.unclosed()).map((record) => record.id),
      [a.id, b.id],
    );
  });
});

describe("forwards to a department", () => {
  it("go only to an existing department, and the department sees only the redacted text", async () => {
    const context = setup();
    const filed = await context.useCases.file(village, { ...body, contact: "phone" });
    await context.useCases.writeToReporter(supervisor, filed.id, { text: "private message" });
    await assert.rejects(
      context.useCases.forward(supervisor, filed.id, { unitId: "nowhere", text: "x" }),
      refused(BusinessRuleError, "UNKNOWN_UNIT"),
    );
    for (const unitId of ["village-1", "city-office"]) {
      await assert.rejects(
        context.useCases.forward(supervisor, filed.id, { unitId, text: "x" }),
        refused(BusinessRuleError, "NOT_DEPARTMENT"),
      );
    }
    const forward = await context.useCases.forward(supervisor, filed.id, {
      unitId: "dept-a",
      text: "A village reports repeated ledger requests",
    });
    assert.equal(forward.forwardedBy, "super");
    assert.deepEqual(context.complaints.records.get(filed.id)?.forwardIds, [forward.id]);
    const page = await context.useCases.forwarded(clerk, { limit: 25 });
    assert.equal(page.items.length, 1);
    const [seen] = page.items;
    assert.ok(seen);
    departmentForwardSchema.parse(seen);
    assert.deepEqual(Object.keys(seen).sort(), [
      "category",
      "forwardedAt",
      "id",
      "reference",
      "status",
      "text",
      "unitId",
      "updatedAt",
      "version",
    ]);
    const visible = JSON.stringify(page);
    for (const hidden of [body.text, "village-head", "phone", "private message", '"super"']) {
      assert.ok(!visible.includes(hidden), hidden);
    }
    assert.deepEqual((await context.useCases.forwarded(otherClerk, { limit: 25 })).items, []);
  });

  it("are answered once, by their own unit only", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    const forward = await context.useCases.forward(supervisor, filed.id, {
      unitId: "dept-a",
      text: "Explain",
    });
    await assert.rejects(
      context.useCases.answerForward(otherClerk, forward.id, { text: "not ours" }),
      NotFoundError,
    );
    await assert.rejects(context.useCases.answerForward(clerk, "nope", { text: "x" }), NotFoundError);
    const answered = await context.useCases.answerForward(clerk, forward.id, { text: "Merged the requests" });
    assert.equal(answered.status, "answered");
    assert.equal(answered.answer?.by, "clerk");
    await assert.rejects(
      context.useCases.answerForward(clerk, forward.id, { text: "again" }),
      refused(ConflictError, "ALREADY_ANSWERED"),
    );
    const detail = await context.useCases.get(supervisor, filed.id);
    assert.equal(detail.forwards[0]?.answer?.text, "Merged the requests");
  });

  it("stop at the most a complaint keeps", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    const record = context.complaints.records.get(filed.id);
    assert.ok(record);
    context.complaints.records.set(filed.id, {
      ...record,
      forwardIds: Array.from({ length: 20 }, (_, index) => `F${index}`),
    });
    await assert.rejects(
      context.useCases.forward(supervisor, filed.id, { unitId: "dept-a", text: "x" }),
      refused(BusinessRuleError, "TOO_MANY_FORWARDS"),
    );
  });
});

describe("a violation opened from a complaint", () => {
  it("is an ordinary supervision finding that names the complaint, listed on it", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    const violation = await context.useCases.openViolation(supervisor, filed.id, {
      unitId: "dept-a",
      title: "Ledger requested three times",
    });
    assert.equal(violation.rule, "SUPERVISION_FINDING");
    assert.equal(violation.complaintId, filed.id);
    assert.equal(violation.description, "Found by the Supervision Office from complaint TS-2026-C0001");
    assert.ok(!JSON.stringify(violation).includes(body.text), "the reporter's words stay with the complaint");
    assert.deepEqual(context.complaints.records.get(filed.id)?.violationIds, [violation.id]);
    const trail = context.complaints.audits.get(filed.id) ?? [];
    assert.equal(trail.at(-1)?.action, "complaint.violation_opened");
    const [opened] = context.violations.records.values();
    assert.equal(opened?.complaintId, filed.id);
  });

  it("is linked even when the complaint changed meanwhile, and refused past the most it keeps", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    const original = context.complaints.changeAfter;
    let raced = false;
    context.complaints.changeAfter = async (change, who) => {
      if (!raced) {
        raced = true;
        await context.useCases.triage(secondSupervisor, filed.id, { status: "triaged", note: "meanwhile" });
      }
      return original(change, who);
    };
    const violation = await context.useCases.openViolation(supervisor, filed.id, {
      unitId: "dept-a",
      title: "x",
      description: "Said by the supervisor",
    });
    const record = context.complaints.records.get(filed.id);
    assert.equal(record?.status, "triaged");
    assert.deepEqual(record?.violationIds, [violation.id]);
    assert.equal(violation.description, "Said by the supervisor");
    assert.ok(record);
    context.complaints.records.set(filed.id, {
      ...record,
      violationIds: Array.from({ length: 20 }, (_, index) => `V${index}`),
    });
    await assert.rejects(
      context.useCases.openViolation(supervisor, filed.id, { unitId: "dept-a", title: "x" }),
      refused(BusinessRuleError, "TOO_MANY_VIOLATIONS"),
    );
  });

  it("refuses a unit that cannot answer a violation, and gives up after three lost races", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    await assert.rejects(
      context.useCases.openViolation(supervisor, filed.id, { unitId: "village-1", title: "x" }),
      refused(BusinessRuleError, "NOT_CITY_UNIT"),
    );
    await assert.rejects(
      context.useCases.openViolation(supervisor, filed.id, { unitId: "nowhere", title: "x" }),
      refused(BusinessRuleError, "UNKNOWN_UNIT"),
    );
    assert.equal(context.violations.records.size, 0, "nothing recorded for a unit that cannot answer");
    let tries = 0;
    context.complaints.changeAfter = async () => {
      tries += 1;
      throw new ConflictError("changed", "STATE_CHANGED");
    };
    await assert.rejects(
      context.useCases.openViolation(supervisor, filed.id, { unitId: "dept-a", title: "x" }),
      refused(ConflictError, "STATE_CHANGED"),
    );
    assert.equal(tries, 3);
    context.complaints.changeAfter = async () => {
      throw new Error("table down");
    };
    await assert.rejects(
      context.useCases.openViolation(supervisor, filed.id, { unitId: "dept-a", title: "x" }),
      /table down/,
    );
  });
});

describe("disclosure takes two people", () => {
  const signedInComplaint = async (context: Setup) =>
    (await context.useCases.file(village, { ...body, contact: "138 0000 1111" })).id;

  it("asked by one supervisor, granted by another, shown to the asker once, each step audited", async () => {
    const context = setup();
    const id = await signedInComplaint(context);
    const requested = await context.useCases.requestDisclosure(supervisor, id, { reason: "Call them back" });
    assert.equal(requested.status, "requested");
    await assert.rejects(
      context.useCases.showDisclosure(supervisor, id),
      refused(ConflictError, "NOT_GRANTED"),
    );
    await assert.rejects(
      context.useCases.requestDisclosure(secondSupervisor, id, { reason: "me too" }),
      refused(ConflictError, "DISCLOSURE_PENDING"),
    );
    await assert.rejects(
      context.useCases.grantDisclosure(supervisor, id),
      refused(BusinessRuleError, "OWN_DISCLOSURE_REQUEST"),
    );
    const granted = await context.useCases.grantDisclosure(secondSupervisor, id);
    assert.equal(granted.grantedBy, "super-2");
    await assert.rejects(context.useCases.showDisclosure(secondSupervisor, id), NotFoundError);
    await assert.rejects(
      context.useCases.requestDisclosure(secondSupervisor, id, { reason: "me too" }),
      refused(ConflictError, "DISCLOSURE_PENDING"),
    );
    const shown = await context.useCases.showDisclosure(supervisor, id);
    assert.deepEqual(shown, {
      id,
      signedIn: true,
      sub: "village-head",
      unitId: "village-1",
      contact: "138 0000 1111",
      shownAt: NOW,
    });
    await assert.rejects(
      context.useCases.showDisclosure(supervisor, id),
      refused(ConflictError, "ALREADY_SHOWN"),
    );
    const trail = context.complaints.audits.get(id) ?? [];
    assert.deepEqual(
      trail.slice(1).map((entry) => [entry.action, entry.by]),
      [
        ["complaint.disclosure_requested", "super"],
        ["complaint.disclosure_granted", "super-2"],
        ["complaint.disclosure_shown", "super"],
      ],
    );
    assert.ok(
      !JSON.stringify(trail).includes("village-head"),
      "the trail records the showing, not the identity",
    );
    const again = await context.useCases.requestDisclosure(secondSupervisor, id, { reason: "Another call" });
    assert.equal(again.requestedBy, "super-2", "once shown, another request may follow");
  });

  it("an admin may grant; nothing pending is 409; an anonymous complaint has nothing to disclose", async () => {
    const context = setup();
    const id = await signedInComplaint(context);
    await assert.rejects(
      context.useCases.grantDisclosure(admin, id),
      refused(ConflictError, "NOTHING_PENDING"),
    );
    await assert.rejects(context.useCases.showDisclosure(supervisor, id), NotFoundError);
    await context.useCases.requestDisclosure(supervisor, id, { reason: "why" });
    assert.equal((await context.useCases.grantDisclosure(admin, id)).grantedBy, "root");
    const anonymous = (await context.useCases.file(undefined, body)).id;
    await assert.rejects(
      context.useCases.requestDisclosure(supervisor, anonymous, { reason: "who?" }),
      refused(BusinessRuleError, "NO_IDENTITY"),
    );
    const hotline = (await context.useCases.file(supervisor, { ...body, channel: "hotline" })).id;
    await assert.rejects(
      context.useCases.requestDisclosure(supervisor, hotline, { reason: "who?" }),
      refused(BusinessRuleError, "NO_IDENTITY"),
    );
  });

  it("shows only what was given: a contact without an account", async () => {
    const context = setup();
    const id = (await context.useCases.file(undefined, { ...body, contact: "a@b.cn" })).id;
    await context.useCases.requestDisclosure(supervisor, id, { reason: "Call back" });
    await context.useCases.grantDisclosure(secondSupervisor, id);
    context.complaints.identities.delete(id);
    await assert.rejects(context.useCases.showDisclosure(supervisor, id), NotFoundError, "identity gone");
    context.complaints.identities.set(id, { complaintId: id, contact: "a@b.cn" });
    assert.deepEqual(await context.useCases.showDisclosure(supervisor, id), {
      id,
      signedIn: false,
      contact: "a@b.cn",
      shownAt: NOW,
    });
  });
});

describe("what a keyed filing would replay", () => {
  let context: Setup;
  beforeEach(() => {
    context = setup();
  });

  it("is the answer with the receipt, which the HTTP layer seals before it is kept", async () => {
    const filed = await context.useCases.file(undefined, body);
    assert.deepEqual(context.complaints.answers, [filed]);
  });

  it("a record built by filing satisfies the stored schema", async () => {
    const filed = await context.useCases.file(undefined, body);
    const record: ComplaintRecord | undefined = context.complaints.records.get(filed.id);
    assert.ok(complaintRecordSchema.safeParse(record).success);
  });
});

describe("edge cases of what is kept", () => {
  it("keeps no unit for a signed-in reporter whose account has none", async () => {
    const context = setup();
    const unitless: Caller = { sub: "drifter", roles: ["grassroots"], unitId: undefined };
    const filed = await context.useCases.file(unitless, body);
    assert.deepEqual(context.complaints.identities.get(filed.id), { complaintId: filed.id, sub: "drifter" });
  });

  it("discloses a signed-in reporter who left no contact as just their account", async () => {
    const context = setup();
    const { id } = await context.useCases.file(village, body);
    await context.useCases.requestDisclosure(supervisor, id, { reason: "Who?" });
    await context.useCases.grantDisclosure(admin, id);
    assert.deepEqual(await context.useCases.showDisclosure(supervisor, id), {
      id,
      signedIn: true,
      sub: "village-head",
      unitId: "village-1",
      shownAt: NOW,
    });
  });

  it("orders forwards sent at the same instant by id", async () => {
    const context = setup();
    const filed = await context.useCases.file(undefined, body);
    const first = await context.useCases.forward(supervisor, filed.id, { unitId: "dept-b", text: "one" });
    const second = await context.useCases.forward(supervisor, filed.id, { unitId: "dept-a", text: "two" });
    const detail = await context.useCases.get(supervisor, filed.id);
    assert.deepEqual(
      detail.forwards.map((forward) => forward.id),
      [first.id, second.id].sort(),
    );
  });
});
