import * as z from "zod/mini";
import { idSchema, instantSchema } from "../platform/common.ts";

const factKindSchema = z.enum(["meeting_held", "document_issued", "inspection_visit"]);

/** What a unit may see of an occurrence, and its record keeps alike. */
const seenShape = {
  kind: factKindSchema,
  subjectUnitId: idSchema,
  title: z.string(),
  /** the instant the first report gave */
  happenedAt: instantSchema,
  /** the local day it happened on */
  day: z.iso.date(),
  /** the grassroots unit visited, for a visit */
  targetUnitId: z.optional(idSchema),
  firstReportedAt: instantSchema,
  lastReportedAt: instantSchema,
};

/**
 * One occurrence as kept beside its reports: what the first report said of it, and the set of
 * units that reported it. The set is never answered to the unit the occurrence is about, so a
 * village that reported its department cannot be singled out.
 */
export const occurrenceRecordSchema = z.object({
  id: z.string(),
  ...seenShape,
  reporters: z.set(z.string()),
  /** the fact that created it */
  firstReportId: idSchema,
});
export type OccurrenceRecord = z.infer<typeof occurrenceRecordSchema>;

/**
 * What the unit an occurrence is about sees of it: how many units reported it, not which. Strict,
 * so the response check of the tests refuses a view that lets `reporters` through. A visit's
 * `targetUnitId` is shown only to a lead unit that reported the visit itself.
 */
export const occurrenceViewSchema = z.strictObject({
  /**
   * The occurrence's id; for a visit your unit did not report, whose id names the unit visited,
   * the id of its first report instead.
   */
  id: z.string(),
  ...seenShape,
  reportingUnits: z.int(),
  reportedByYourUnit: z.boolean(),
});
export type OccurrenceView = z.infer<typeof occurrenceViewSchema>;

/**
 * Besides its lead unit, only the unit visited may report a visit: the target of a visit the
 * viewer did not report, in `targetUnitId` or in the id, would name the village that reported it.
 */
export const occurrenceView = (
  { reporters, targetUnitId, firstReportId, ...occurrence }: OccurrenceRecord,
  viewerUnitId: string,
): OccurrenceView => {
  const reportedByYourUnit = reporters.has(viewerUnitId);
  const target =
    targetUnitId === undefined ? {} : reportedByYourUnit ? { targetUnitId } : { id: firstReportId };
  return {
    ...occurrence,
    ...target,
    reportingUnits: reporters.size,
    reportedByYourUnit,
  };
};
