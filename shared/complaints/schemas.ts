import * as z from "zod/mini";
import { auditEntrySchema, idSchema, instantSchema, pageQueryShape } from "../platform/common.ts";
import { text } from "../platform/schema.ts";

export const complaintCategories = [
  "meeting",
  "document",
  "inspection",
  "assessment",
  "secondment",
  "plaque",
  "other",
] as const;
export const complaintCategorySchema = z.enum(complaintCategories);
export type ComplaintCategory = z.infer<typeof complaintCategorySchema>;

/** In lifecycle order: a complaint only moves forward, and resolved and unfounded end it. */
export const complaintStatuses = ["new", "triaged", "investigating", "resolved", "unfounded"] as const;
export const complaintStatusSchema = z.enum(complaintStatuses);
export type ComplaintStatus = z.infer<typeof complaintStatusSchema>;

export const closedStatuses: readonly ComplaintStatus[] = ["resolved", "unfounded"];
export const isClosed = (status: ComplaintStatus): boolean => closedStatuses.includes(status);

/** `online`: the reporter filed it; `hotline`: a supervisor wrote down what a caller said on the phone. */
export const complaintChannelSchema = z.enum(["online", "hotline"]);
export type ComplaintChannel = z.infer<typeof complaintChannelSchema>;

/** The most messages, forwards and linked violations one complaint keeps, so its items stay small. */
export const MAX_MESSAGES = 200;
export const MAX_FORWARDS = 20;
export const MAX_VIOLATIONS = 20;

export const fileComplaintSchema = z.strictObject({
  subject: text(200),
  text: text(8000),
  category: complaintCategorySchema,
  /** The unit the complaint is about, when the reporter names one. */
  aboutUnitId: z.optional(idSchema),
  /** How to reach the reporter, if they wish: kept apart with their identity, never shown to departments. */
  contact: z.optional(text(200)),
  channel: z.optional(complaintChannelSchema),
});
export type FileComplaintBody = z.infer<typeof fileComplaintSchema>;

const byWhom = { by: z.string(), at: instantSchema };

/**
 * A request to see who filed a complaint: one supervisor asks, a different supervisor or an admin
 * grants, and only then the requester sees the identity, once.
 */
export const disclosureSchema = z.object({
  status: z.enum(["requested", "granted", "shown"]),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: instantSchema,
  grantedBy: z.optional(z.string()),
  grantedAt: z.optional(instantSchema),
  shownAt: z.optional(instantSchema),
});
export type Disclosure = z.infer<typeof disclosureSchema>;

/**
 * A complaint as stored and as supervisors read it. Who filed it is never here: a signed-in
 * reporter's identity and any contact live in an item of their own (see repository.ts), so
 * neither this record nor its audit trail can show them.
 */
export const complaintRecordSchema = z.object({
  id: idSchema,
  /** A short id to name the complaint on the phone, e.g. TS-2026-7QK2M9XA. */
  reference: z.string(),
  subject: z.string(),
  text: z.string(),
  category: complaintCategorySchema,
  aboutUnitId: z.optional(idSchema),
  /** Only whether someone is behind it, never who. */
  reporter: z.object({
    signedIn: z.boolean(),
    channel: complaintChannelSchema,
    contactGiven: z.boolean(),
  }),
  status: complaintStatusSchema,
  receivedAt: instantSchema,
  /** When it first left `new`. */
  triagedAt: z.optional(instantSchema),
  closedAt: z.optional(instantSchema),
  /** The latest triage decision and its note; the audit trail keeps every earlier one. */
  triage: z.optional(z.object({ status: complaintStatusSchema, note: z.string(), ...byWhom })),
  messageCount: z.int(),
  forwardIds: z.array(idSchema).check(z.maxLength(MAX_FORWARDS)),
  violationIds: z.array(z.string()).check(z.maxLength(MAX_VIOLATIONS)),
  disclosure: z.optional(disclosureSchema),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
});
export type ComplaintRecord = z.infer<typeof complaintRecordSchema>;

export const messageSchema = z.object({
  id: idSchema,
  from: z.enum(["reporter", "supervision"]),
  text: z.string(),
  at: instantSchema,
});
export type ComplaintMessage = z.infer<typeof messageSchema>;

/**
 * Who filed a complaint, kept apart from it: a signed-in reporter's `sub` and unit, and the contact
 * any reporter chose to give. Read only by the disclosure flow.
 */
export const identitySchema = z.object({
  complaintId: idSchema,
  sub: z.optional(z.string()),
  unitId: z.optional(z.string()),
  contact: z.optional(z.string()),
});
export type ReporterIdentity = z.infer<typeof identitySchema>;

/** A redacted text a supervisor forwarded to a department, and the department's answer. */
export const forwardRecordSchema = z.object({
  id: idSchema,
  complaintId: idSchema,
  reference: z.string(),
  category: complaintCategorySchema,
  unitId: idSchema,
  text: z.string(),
  status: z.enum(["forwarded", "answered"]),
  forwardedAt: instantSchema,
  forwardedBy: z.string(),
  answer: z.optional(z.object({ text: z.string(), ...byWhom })),
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
});
export type ForwardRecord = z.infer<typeof forwardRecordSchema>;

/** What a department reads of a forward: the redacted text and its own answer, nothing of the complaint. */
export const departmentForwardSchema = z.pick(forwardRecordSchema, {
  id: true,
  reference: true,
  category: true,
  unitId: true,
  text: true,
  status: true,
  forwardedAt: true,
  answer: true,
  updatedAt: true,
  version: true,
});
export type DepartmentForward = z.infer<typeof departmentForwardSchema>;

/** A complaint as a supervisor reads it: the record, its messages, forwards and audit trail. */
export const complaintDetailSchema = z.extend(complaintRecordSchema, {
  messages: z.array(messageSchema),
  forwards: z.array(forwardRecordSchema),
  audit: z.array(auditEntrySchema),
});

/** A message as the reporter sees it: who of the two sides wrote it, never which supervisor. */
export const reporterMessageViewSchema = z.pick(messageSchema, { from: true, text: true, at: true });

/** What the reporter answers with their receipt: their own words, the status and the conversation. */
export const receiptViewSchema = z.object({
  reference: z.string(),
  subject: z.string(),
  text: z.string(),
  category: complaintCategorySchema,
  status: complaintStatusSchema,
  receivedAt: instantSchema,
  messages: z.array(reporterMessageViewSchema),
});
export type ReceiptView = z.infer<typeof receiptViewSchema>;

/** The answer to filing: the only time the receipt is shown. */
export const filedComplaintSchema = z.object({
  id: idSchema,
  reference: z.string(),
  /** Keep it: with it you read the status and talk to the Supervision Office. It is never shown again. */
  receipt: z.string(),
  subject: z.string(),
  category: complaintCategorySchema,
  status: z.literal("new"),
  receivedAt: instantSchema,
});
export type FiledComplaint = z.infer<typeof filedComplaintSchema>;

export const disclosureViewSchema = z.extend(disclosureSchema, { id: idSchema });

/** The identity shown to the supervisor whose request was granted, once. */
export const disclosedIdentitySchema = z.object({
  id: idSchema,
  signedIn: z.boolean(),
  sub: z.optional(z.string()),
  unitId: z.optional(z.string()),
  contact: z.optional(z.string()),
  shownAt: instantSchema,
});

export const complaintParamsSchema = z.strictObject({ id: idSchema });

export const listComplaintsQuerySchema = z.strictObject({
  status: z.optional(complaintStatusSchema),
  ...pageQueryShape(),
});
export type ListComplaintsQuery = z.infer<typeof listComplaintsQuerySchema>;

export const listForwardedQuerySchema = z.strictObject(pageQueryShape());

export const messageBodySchema = z.strictObject({ text: text(2000) });
export const triageSchema = z.strictObject({
  status: z.enum(["triaged", "investigating", "resolved", "unfounded"]),
  note: text(2000),
});
export type TriageBody = z.infer<typeof triageSchema>;
export const forwardSchema = z.strictObject({ unitId: idSchema, text: text(4000) });
export const answerForwardSchema = z.strictObject({ text: text(4000) });
export const openViolationSchema = z.strictObject({
  unitId: idSchema,
  title: text(200),
  /** What the department is told; by default only that the finding comes from a complaint. */
  description: z.optional(text(4000)),
});
export const disclosureRequestSchema = z.strictObject({ reason: text(2000) });
