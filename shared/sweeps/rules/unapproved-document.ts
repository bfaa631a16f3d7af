import { normalizedTitle } from "../../facts/occurrence.ts";
import type { FactOf } from "../../facts/schemas.ts";
import type { PlanAddition, PlanAdditionOf } from "../../plans/schemas.ts";
import { localDay } from "../../platform/time.ts";
import { earliestMs, type Occurrence, occurrencesOf, occurrenceViolation } from "./occurrences.ts";
import type { SweepPlan, SweepRule } from "./rule.ts";

type DocumentAddition = PlanAdditionOf<"documents">;

const isDocumentAddition = (addition: PlanAddition): addition is DocumentAddition =>
  "issuerUnitId" in addition;

/**
 * A temporary document counts as approved only when approved before drafting began. Additions kept
 * before the drafting day was recorded have only the issue to be compared with.
 */
const approvedInTime = (addition: DocumentAddition, issuedAtMs: number, timeZone: string): boolean =>
  addition.draftingStartsOn === undefined
    ? Date.parse(addition.addedAt) < issuedAtMs
    : localDay(addition.addedAt, timeZone) <= addition.draftingStartsOn;

/** A report names a plan entry by its id, or by its title as a person would still recognise it. */
const names = (report: FactOf<"document_issued">, entry: { id: string; title: string }): boolean =>
  report.planItemId === entry.id || normalizedTitle(report.title) === normalizedTitle(entry.title);

/**
 * Any one report that names the document's leave suffices, since reporters cite plan items and
 * requests unevenly. A draft plan's items cover nothing; an addition is an approval whatever the
 * state of the plan it joined.
 */
const isCovered = (
  { key, reports }: Occurrence<"document_issued">,
  plans: readonly SweepPlan[],
  timeZone: string,
): boolean => {
  const year = Number(key.day.slice(0, 4));
  const documents = plans.find((plan) => plan.year === year && plan.kind === "documents");
  const plan = documents?.plan;
  const items =
    plan?.status === "published" && plan.kind === "documents"
      ? plan.items.filter((item) => item.issuerUnitId === key.subjectUnitId)
      : [];
  const issuedAtMs = earliestMs(reports.map((report) => report.issuedAt));
  const additions = (documents?.additions ?? [])
    .filter(isDocumentAddition)
    .filter(
      (addition) =>
        addition.issuerUnitId === key.subjectUnitId && approvedInTime(addition, issuedAtMs, timeZone),
    );
  return reports.some(
    (report) =>
      items.some((item) => names(report, item)) ||
      additions.some((addition) => report.requestId === addition.requestId || names(report, addition)),
  );
};

/**
 * An issued document the issuer had no leave for: neither an item of its issue year's published
 * documents plan nor a temporary addition approved before drafting began.
 */
export const unapprovedDocument: SweepRule = {
  code: "UNAPPROVED_DOCUMENT",
  needs: ["facts", "plans"],
  evaluate({ facts, plans }, { timeZone }) {
    return occurrencesOf(facts, "document_issued", timeZone)
      .filter((occurrence) => !isCovered(occurrence, plans, timeZone))
      .map((occurrence) => occurrenceViolation("UNAPPROVED_DOCUMENT", occurrence, occurrence.reports));
  },
};
