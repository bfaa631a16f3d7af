import { randomReceipts } from "../../shared/complaints/receipt.ts";
import { complaintRepository } from "../../shared/complaints/repository.ts";
import { complaintsRoutes } from "../../shared/complaints/routes.ts";
import { type ComplaintUseCases, makeComplaintUseCases } from "../../shared/complaints/use-cases.ts";
import { systemClock, ulidIds } from "../../shared/platform/clock.ts";
import { config } from "../../shared/platform/config.ts";
import { issuerTokenVerifier } from "../../shared/platform/http/bearer.ts";
import { httpHandler, type Operations } from "../../shared/platform/http/handler.ts";
import { dynamoIdempotencyStore } from "../../shared/platform/store/idempotency-store.ts";
import { unitRepository } from "../../shared/units/repository.ts";
import { violationRepository } from "../../shared/violations/repository.ts";
import { makeViolationUseCases } from "../../shared/violations/use-cases.ts";

/**
 * Each route bound to its use case, in the entry so that the table-access walk follows every one
 * (test/infra/dynamodb-calls.ts); the unit tests serve the same ones over in-memory fakes. Of the
 * request, only the X-Receipt header reaches the use cases: no address, no user agent, nothing else
 * a reporter's client sends.
 */
export const complaintOperations = (complaints: ComplaintUseCases): Operations<typeof complaintsRoutes> => ({
  fileComplaint: ({ caller, body }) => complaints.file(caller, body),
  readComplaintByReceipt: ({ headers }) => complaints.readByReceipt(headers["x-receipt"]),
  writeByReceipt: ({ headers, body }) => complaints.writeByReceipt(headers["x-receipt"], body),
  listComplaints: ({ query }) => complaints.list(query),
  listForwardedComplaints: ({ caller, query }) => complaints.forwarded(caller, query),
  answerForwardedComplaint: ({ caller, params, body }) => complaints.answerForward(caller, params.id, body),
  getComplaint: ({ caller, params }) => complaints.get(caller, params.id),
  triageComplaint: ({ caller, params, body }) => complaints.triage(caller, params.id, body),
  writeToReporter: ({ caller, params, body }) => complaints.writeToReporter(caller, params.id, body),
  forwardComplaint: ({ caller, params, body }) => complaints.forward(caller, params.id, body),
  openViolationFromComplaint: ({ caller, params, body }) => complaints.openViolation(caller, params.id, body),
  requestDisclosure: ({ caller, params, body }) => complaints.requestDisclosure(caller, params.id, body),
  grantDisclosure: ({ caller, params }) => complaints.grantDisclosure(caller, params.id),
  showDisclosure: ({ caller, params }) => complaints.showDisclosure(caller, params.id),
});

const violations = makeViolationUseCases({
  violations: violationRepository,
  units: unitRepository,
  clock: systemClock,
  ids: ulidIds,
  dueDays: config().VIOLATION_DUE_DAYS,
  timeZone: config().TIME_ZONE,
});

const complaints = makeComplaintUseCases({
  complaints: complaintRepository,
  units: unitRepository,
  violations,
  clock: systemClock,
  ids: ulidIds,
  receipts: randomReceipts,
  timeZone: config().TIME_ZONE,
});

export const handler = httpHandler(complaintsRoutes, complaintOperations(complaints), {
  idempotency: dynamoIdempotencyStore,
  // A complaint may be filed signed in: the function verifies that optional token itself.
  verifyToken: issuerTokenVerifier(),
});
