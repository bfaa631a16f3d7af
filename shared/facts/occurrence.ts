/**
 * Several reports of one thing that happened (the department's and each village's) are one
 * occurrence: the subject of the sweep's rules and the unit of the yearly counts. Its id is derived
 * from what every reporter knows alike, so reports made apart still meet.
 */
import { createHash } from "node:crypto";
import { localDay } from "../platform/time.ts";
import { type ReportFactBody, subjectUnitOf } from "./schemas.ts";

export type OccurrenceKey = {
  /** Deterministic: the same occurrence gets the same id from every report of it, `<kind>:<subject>`. */
  id: string;
  /** The id without its kind: what a violation about this occurrence is named by, after its rule. */
  subject: string;
  kind: ReportFactBody["kind"];
  /** The unit the occurrence is about: convener, issuer or lead unit. */
  subjectUnitId: string;
  /** The local day it happened on. */
  day: string;
};

/**
 * Spelling differences a person would not call a different title or number: width (ＡＢ, （）),
 * case and spacing, none of which a reader sees as meaningful in Chinese text. Reports of one
 * document meet by it, and the sweep matches a document's title to a plan's with it.
 */
export const normalizedTitle = (value: string): string =>
  value.normalize("NFKC").toLowerCase().replace(/\s+/g, "");

/**
 * A document number's year is printed in 〔〕, which few keyboards type: reporters write [], 【】
 * or () for the same number.
 */
const normalizedDocNumber = (value: string): string =>
  normalizedTitle(value)
    .replace(/[〔【〖[]/g, "(")
    .replace(/[〕】〗\]]/g, ")");

const digest = (value: string): string => createHash("sha256").update(value).digest("base64url").slice(0, 16);

const keyOf = (
  kind: OccurrenceKey["kind"],
  subject: string,
  subjectUnitId: string,
  day: string,
): OccurrenceKey => ({ id: `${kind}:${subject}`, subject, kind, subjectUnitId, day });

/**
 * A meeting is its convener's day (the quota counts convener-days); a document is its issuer's
 * document number, whatever day each reporter gives (the day it was received, say), or its title
 * on its day when the number is not given; a visit is its lead unit at its target on its day.
 */
export const occurrenceOf = (fact: ReportFactBody, timeZone: string): OccurrenceKey => {
  const subjectUnitId = subjectUnitOf(fact);
  switch (fact.kind) {
    case "meeting_held": {
      const day = localDay(fact.heldAt, timeZone);
      return keyOf(fact.kind, `${subjectUnitId}:${day}`, subjectUnitId, day);
    }
    case "document_issued": {
      const day = localDay(fact.issuedAt, timeZone);
      const identity =
        fact.docNumber === undefined
          ? `${day}:${digest(normalizedTitle(fact.title))}`
          : `no:${digest(normalizedDocNumber(fact.docNumber))}`;
      return keyOf(fact.kind, `${subjectUnitId}:${identity}`, subjectUnitId, day);
    }
    case "inspection_visit": {
      const day = localDay(fact.visitedAt, timeZone);
      return keyOf(fact.kind, `${subjectUnitId}:${fact.targetUnitId}:${day}`, subjectUnitId, day);
    }
  }
};
