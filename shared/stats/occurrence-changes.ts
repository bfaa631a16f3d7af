/**
 * What a new occurrence counts, as pure data for `counterUpdates`, added by the facts repository
 * to the transaction of the report that creates it.
 */
import type { OccurrenceRecord } from "../facts/occurrence-record.ts";
import type { CounterChange } from "./counters.ts";
import { yearOfDay } from "./years.ts";

/** The figure of the unit an occurrence is about, by kind. */
const occurrenceFigures: Record<OccurrenceRecord["kind"], string> = {
  meeting_held: "meetings.held",
  document_issued: "documents.issued",
  inspection_visit: "inspections.visits",
};

/**
 * What a new occurrence counts, in the year of its local day: one for the unit it is about and,
 * for a visit, one for the grassroots unit visited. Later reports of it count nothing.
 */
export const occurrenceChanges = (occurrence: OccurrenceRecord): CounterChange[] => {
  const year = yearOfDay(occurrence.day);
  const changes: CounterChange[] = [
    { year, unitId: occurrence.subjectUnitId, deltas: { [occurrenceFigures[occurrence.kind]]: 1 } },
  ];
  if (occurrence.kind === "inspection_visit" && occurrence.targetUnitId !== undefined) {
    changes.push({ year, unitId: occurrence.targetUnitId, deltas: { "inspections.visitsReceived": 1 } });
  }
  return changes;
};
