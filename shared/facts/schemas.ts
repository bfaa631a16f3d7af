import * as z from "zod/mini";
import {
  attendeeLevelSchema,
  attendeesPerUnitSchema,
  idSchema,
  inspectionKindSchema,
  instantSchema,
  minutesSchema,
  pageQueryShape,
} from "../platform/common.ts";
import { integer, text } from "../platform/schema.ts";

export const meetingHeldSchema = z.strictObject({
  kind: z.literal("meeting_held"),
  convenerUnitId: idSchema,
  title: text(200),
  heldAt: instantSchema,
  durationMinutes: minutesSchema,
  attendeeLevel: attendeeLevelSchema,
  attendeesPerUnit: attendeesPerUnitSchema,
  relayed: z.boolean(),
  /** The rules forbid requiring accompanying attendees; left out, none were required. */
  accompanyingAttendees: z._default(z.boolean(), false),
  requestId: z.optional(idSchema),
});
export type MeetingHeld = z.infer<typeof meetingHeldSchema>;

export const documentIssuedSchema = z.strictObject({
  kind: z.literal("document_issued"),
  issuerUnitId: idSchema,
  title: text(200),
  /** The document's number as printed on it (文号); reports of one document agree on it. */
  docNumber: z.optional(text(100)),
  issuedAt: instantSchema,
  pages: integer(1, 1000),
  requestId: z.optional(idSchema),
  planItemId: z.optional(idSchema),
});
export type DocumentIssued = z.infer<typeof documentIssuedSchema>;

export const inspectionVisitSchema = z.strictObject({
  kind: z.literal("inspection_visit"),
  leadUnitId: idSchema,
  targetUnitId: idSchema,
  title: text(200),
  inspectionKind: inspectionKindSchema,
  visitedAt: instantSchema,
  requestId: z.optional(idSchema),
  planItemId: z.optional(idSchema),
});
export type InspectionVisit = z.infer<typeof inspectionVisitSchema>;

/** What a department or a grassroots unit reports after the fact. */
export const reportFactSchema = z.discriminatedUnion("kind", [
  meetingHeldSchema,
  documentIssuedSchema,
  inspectionVisitSchema,
]);
export type ReportFactBody = z.infer<typeof reportFactSchema>;
export type FactKind = ReportFactBody["kind"];

/** The fields the server sets: `unitId` is the reporting unit, `createdBy` the reporting person. */
const serverFields = {
  id: idSchema,
  unitId: idSchema,
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
};

export const factRecordSchema = z.discriminatedUnion("kind", [
  z.extend(meetingHeldSchema, serverFields),
  z.extend(documentIssuedSchema, serverFields),
  z.extend(inspectionVisitSchema, serverFields),
]);
export type FactRecord = z.infer<typeof factRecordSchema>;
export type FactOf<K extends FactKind> = Extract<FactRecord, { kind: K }>;

/** The instant a fact happened, which places it in the sweep's window. */
export const happenedAt = (fact: ReportFactBody): string => {
  switch (fact.kind) {
    case "meeting_held":
      return fact.heldAt;
    case "document_issued":
      return fact.issuedAt;
    case "inspection_visit":
      return fact.visitedAt;
  }
};

/** The field that holds when a fact happened, where a bad date is reported. */
export const happenedAtField = (fact: ReportFactBody): string =>
  ({ meeting_held: "heldAt", document_issued: "issuedAt", inspection_visit: "visitedAt" })[fact.kind];

/** The unit a fact is about: the meeting's convener, the document's issuer, the inspection's lead unit. */
export const subjectUnitOf = (fact: ReportFactBody): string => {
  switch (fact.kind) {
    case "meeting_held":
      return fact.convenerUnitId;
    case "document_issued":
      return fact.issuerUnitId;
    case "inspection_visit":
      return fact.leadUnitId;
  }
};

export const listFactsQuerySchema = z.strictObject({
  /** `mine`: the occurrences reported about the caller's unit, with how many units reported each. */
  about: z.optional(z.literal("mine")),
  ...pageQueryShape(),
});
export type ListFactsQuery = z.infer<typeof listFactsQuerySchema>;
