import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { AuditEntry } from "../../shared/platform/common.ts";
import { BusinessRuleError, ConflictError, NotFoundError } from "../../shared/platform/errors.ts";
import type { Caller } from "../../shared/platform/roles.ts";
import type { RequestRepository } from "../../shared/requests/repository.ts";
import type { RequestRecord } from "../../shared/requests/schemas.ts";
import {
  decideRequest,
  getRequest,
  type RequestDeps,
  submitRequest,
  withdrawRequest,
} from "../../shared/requests/use-cases.ts";

/** An in-memory repository: enough to test the lifecycle rules without DynamoDB. */
const memoryRequests = (): RequestRepository & { audits: Map<string, AuditEntry[]> } => {
  const records = new Map<string, RequestRecord>();
  const audits = new Map<string, AuditEntry[]>();
  const log = (id: string, caller: Caller, action: string) =>
    audits.set(id, [
      ...(audits.get(id) ?? []),
      { at: "now", actor: caller.sub, role: caller.roles.join(","), action, before: null, after: null },
    ]);
  return {
    audits,
    get: async (id) => records.get(id),
    getWithAudit: async (id) => ({ record: records.get(id), audit: audits.get(id) ?? [] }),
    create: async (record, caller) => {
      records.set(record.id, record);
      log(record.id, caller, "request.submitted");
    },
    transition: async (previous, next, caller, action) => {
      if (records.get(previous.id)?.version !== previous.version) throw new ConflictError("changed");
      records.set(next.id, next);
      log(next.id, caller, action);
    },
    listByUnit: async () => ({ items: [], nextCursor: null }),
    listAll: async () => ({ items: [], nextCursor: null }),
    startingOnUtcDay: async () => [],
    getMany: async () => [],
  };
};

const clerk: Caller = { sub: "clerk", roles: ["department"], unitId: "dept-a" };
const otherClerk: Caller = { sub: "other", roles: ["department"], unitId: "dept-b" };
const approver: Caller = { sub: "boss", roles: ["approver"], unitId: "office" };
const selfApprover: Caller = { sub: "clerk", roles: ["department", "approver"], unitId: "dept-a" };

const body = {
  kind: "meeting" as const,
  title: "Budget",
  startsAt: "2026-12-20T09:00:00+08:00",
  durationMinutes: 60,
  format: "video" as const,
  attendeeLevel: "staff" as const,
  attendeesPerUnit: 1,
  attendeeUnitKinds: ["township" as const],
  relayed: false,
  reason: "year end",
};

const setup = () => {
  const requests = memoryRequests();
  const deps: RequestDeps = { requests, now: () => new Date("2026-12-01T00:00:00Z") };
  return { requests, deps };
};

describe("request lifecycle rules", () => {
  it("never lets the submitter decide their own request", async () => {
    const { deps } = setup();
    const request = await submitRequest(selfApprover, body, deps);
    await assert.rejects(
      decideRequest(selfApprover, request.id, { decision: "approve" }, deps),
      BusinessRuleError,
    );
    const decided = await decideRequest(approver, request.id, { decision: "approve" }, deps);
    assert.equal(decided.status, "approved");
    assert.equal(decided.decision?.by, "boss");
  });

  it("refuses a second decision and a withdrawal after the decision", async () => {
    const { deps } = setup();
    const request = await submitRequest(clerk, body, deps);
    await decideRequest(approver, request.id, { decision: "reject", comment: "merge it" }, deps);
    await assert.rejects(decideRequest(approver, request.id, { decision: "approve" }, deps), ConflictError);
    await assert.rejects(withdrawRequest(clerk, request.id, deps), ConflictError);
  });

  it("hides another unit's request as not found", async () => {
    const { deps } = setup();
    const request = await submitRequest(clerk, body, deps);
    await assert.rejects(getRequest(otherClerk, request.id, deps), NotFoundError);
    await assert.rejects(withdrawRequest(otherClerk, request.id, deps), NotFoundError);
    assert.equal((await getRequest(approver, request.id, deps)).id, request.id);
  });

  it("writes one audit entry per change, in order", async () => {
    const { deps, requests } = setup();
    const request = await submitRequest(clerk, body, deps);
    await withdrawRequest(clerk, request.id, deps);
    assert.deepEqual(
      requests.audits.get(request.id)?.map((entry) => entry.action),
      ["request.submitted", "request.withdrawn"],
    );
  });
});
