import * as z from "zod/mini";
import { text } from "../schema.ts";
import {
  attendeeLevelSchema,
  attendeesPerUnitSchema,
  idSchema,
  instantSchema,
  minutesSchema,
  pageQueryShape,
} from "./common.ts";

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
export type MeetingHeldBody = z.infer<typeof meetingHeldSchema>;

/** Facts reported after the fact; document_issued and inspection_visit join this union later. */
export const reportEventSchema = z.discriminatedUnion("kind", [meetingHeldSchema]);
export type ReportEventBody = z.infer<typeof reportEventSchema>;

export const eventRecordSchema = z.object({
  id: z.string(),
  reporterUnitId: z.string(),
  reportedBy: z.string(),
  body: reportEventSchema,
  createdAt: z.string(),
});
export type EventRecord = z.infer<typeof eventRecordSchema>;

export const listEventsQuerySchema = z.strictObject(pageQueryShape());
