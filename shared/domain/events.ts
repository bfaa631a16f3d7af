import { z } from "zod";
import { attendeeLevelSchema, idSchema, instantSchema } from "./common.ts";

export const meetingHeldSchema = z.strictObject({
  kind: z.literal("meeting_held"),
  convenerUnitId: idSchema,
  title: z.string().trim().min(1).max(200),
  heldAt: instantSchema,
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  attendeeLevel: attendeeLevelSchema,
  attendeesPerUnit: z.number().int().min(1).max(50),
  relayed: z.boolean(),
  requestId: idSchema.optional(),
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

export const listEventsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
});
