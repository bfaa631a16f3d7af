import * as z from "zod/mini";
import {
  attendeeLevelSchema,
  attendeesPerUnitSchema,
  idSchema,
  instantSchema,
  minutesSchema,
  pageQueryShape,
} from "../platform/common.ts";
import { text } from "../platform/schema.ts";

export const meetingHeldSchema = z.strictObject({
  kind: z.literal("meeting_held"),
  convenerUnitId: idSchema,
  title: text(200),
  heldAt: instantSchema,
  durationMinutes: minutesSchema,
  attendeeLevel: attendeeLevelSchema,
  attendeesPerUnit: attendeesPerUnitSchema,
  relayed: z.boolean(),
  requestId: z.optional(idSchema),
});
export type MeetingHeld = z.infer<typeof meetingHeldSchema>;

/** Facts reported after the fact; document_issued and inspection_visit join this union later. */
export const reportFactSchema = z.discriminatedUnion("kind", [meetingHeldSchema]);
export type ReportFactBody = z.infer<typeof reportFactSchema>;

/** The fields the server sets: `unitId` is the reporting unit, `createdBy` the reporting person. */
const serverFields = {
  id: idSchema,
  unitId: idSchema,
  createdBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  version: z.int(),
};

export const factRecordSchema = z.discriminatedUnion("kind", [z.extend(meetingHeldSchema, serverFields)]);
export type FactRecord = z.infer<typeof factRecordSchema>;

/** The instant a fact happened, which places it in the sweep's window. */
export const happenedAt = (fact: ReportFactBody): string => fact.heldAt;

export const listFactsQuerySchema = z.strictObject(pageQueryShape());
