import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { occurrenceOf } from "../../../shared/facts/occurrence.ts";
import type { FactOf } from "../../../shared/facts/schemas.ts";
import type { PlanAdditionOf } from "../../../shared/plans/schemas.ts";
import type { SweepPlan } from "../../../shared/sweeps/rules/rule.ts";
import { unapprovedDocument } from "../../../shared/sweeps/rules/unapproved-document.ts";
import {
  documentIssued,
  documentsPlan,
  sweepContext,
  sweepInputs,
  timeZone,
  week53,
} from "../../fakes/sweep-inputs.ts";

/** dept-a's "Notice on winter heating", issued on 25 November 2026 at 10:00 Shanghai time. */
const issued = (id: string, overrides: Partial<FactOf<"document_issued">> = {}, reporter = "dept-a") =>
  documentIssued({ id, unitId: reporter, ...overrides });

const item = { id: "p1", title: "Notice on winter heating", issuerUnitId: "dept-a", month: 11 };

/** An off-plan document approved on 20 November for drafting from 21 November. */
const addition = (overrides: Partial<PlanAdditionOf<"documents">> = {}): PlanAdditionOf<"documents"> => ({
  id: "r7",
  requestId: "r7",
  title: "Notice on winter heating",
  issuerUnitId: "dept-a",
  month: 11,
  draftingStartsOn: "2026-11-21",
  addedAt: "2026-11-20T10:00:00+08:00",
  ...overrides,
});

const evaluate = (facts: FactOf<"document_issued">[], plans: SweepPlan[] = [], context = sweepContext()) =>
  unapprovedDocument.evaluate(sweepInputs({ facts, plans }), context);

const count = (facts: FactOf<"document_issued">[], plans: SweepPlan[]) => evaluate(facts, plans).length;

describe("UNAPPROVED_DOCUMENT", () => {
  it("declares that it reads facts and plans", () => {
    assert.equal(unapprovedDocument.code, "UNAPPROVED_DOCUMENT");
    assert.deepEqual([...unapprovedDocument.needs].sort(), ["facts", "plans"]);
  });

  it("finds a document on no plan, named by its occurrence", () => {
    const fact = issued("d1", { title: "Notice on snow clearing" });
    assert.deepEqual(evaluate([fact], [documentsPlan(2026, { items: [item] })]), [
      {
        id: `UNAPPROVED_DOCUMENT:${occurrenceOf(fact, timeZone).subject}`,
        rule: "UNAPPROVED_DOCUMENT",
        unitId: "dept-a",
        subject: occurrenceOf(fact, timeZone).subject,
        summary: "Notice on snow clearing",
        occurredOn: "2026-11-25",
        evidence: { factIds: ["d1"] },
      },
    ]);
  });

  it("accepts a document whose report names an item of its issuer in the published plan, by id or by title", () => {
    const plans = [documentsPlan(2026, { items: [item] })];
    assert.equal(count([issued("d1", { planItemId: "p1", title: "Heating notice" })], plans), 0);
    assert.equal(count([issued("d1")], plans), 0);
    // Width, case and spacing are not a different title.
    assert.equal(count([issued("d1", { title: " ＮＯＴＩＣＥ on   Winter\theating " })], plans), 0);
  });

  it("does not let another issuer's item, a draft plan or another year's plan cover a document", () => {
    const others = [documentsPlan(2026, { items: [{ ...item, issuerUnitId: "dept-b" }] })];
    assert.equal(count([issued("d1", { planItemId: "p1" })], others), 1);
    assert.equal(count([issued("d1")], others), 1);
    assert.equal(
      count([issued("d1", { planItemId: "p1" })], [documentsPlan(2026, { status: "draft", items: [item] })]),
      1,
    );
    const newYear = issued("d1", { issuedAt: "2027-01-01T00:00:00+08:00", planItemId: "p1" });
    const context = sweepContext({ window: week53() });
    assert.equal(
      evaluate([newYear], [documentsPlan(2026, { items: [item] }), documentsPlan(2027)], context).length,
      1,
    );
  });

  it("accepts a document a temporary addition approved before drafting covers, by request, item id or title", () => {
    const plans = [documentsPlan(2026, { additions: [addition()] })];
    assert.equal(count([issued("d1", { requestId: "r7", title: "Heating notice" })], plans), 0);
    assert.equal(count([issued("d1", { planItemId: "r7", title: "Heating notice" })], plans), 0);
    assert.equal(count([issued("d1")], plans), 0);
    // A draft plan covers nothing, but an approval is an approval whatever the plan's state.
    assert.equal(
      count([issued("d1")], [documentsPlan(2026, { status: "draft", additions: [addition()] })]),
      0,
    );
  });

  it("does not let an addition approved after drafting began cover the document, though before it was issued", () => {
    const late = [documentsPlan(2026, { additions: [addition({ addedAt: "2026-11-22T10:00:00+08:00" })] })];
    assert.equal(count([issued("d1", { requestId: "r7" })], late), 1);
    // 16:30 UTC on the 20th is already the 21st in Shanghai: the day drafting began, so still in time.
    const sameDay = [documentsPlan(2026, { additions: [addition({ addedAt: "2026-11-20T16:30:00Z" })] })];
    assert.equal(count([issued("d1", { requestId: "r7" })], sameDay), 0);
    // 16:30 UTC on the 21st is the 22nd in Shanghai, a day after drafting began, though the 21st in UTC.
    const nextDay = [documentsPlan(2026, { additions: [addition({ addedAt: "2026-11-21T16:30:00Z" })] })];
    assert.equal(count([issued("d1", { requestId: "r7" })], nextDay), 1);
  });

  it("compares an addition kept without its drafting day with the issue instead", () => {
    const before = addition({ addedAt: "2026-11-25T09:59:00+08:00", draftingStartsOn: undefined });
    const after = addition({ addedAt: "2026-11-25T10:01:00+08:00", draftingStartsOn: undefined });
    assert.equal(
      count([issued("d1", { requestId: "r7" })], [documentsPlan(2026, { additions: [before] })]),
      0,
    );
    assert.equal(
      count([issued("d1", { requestId: "r7" })], [documentsPlan(2026, { additions: [after] })]),
      1,
    );
  });

  it("does not let another issuer's addition cover the document", () => {
    const plans = [documentsPlan(2026, { additions: [addition({ issuerUnitId: "dept-b" })] })];
    assert.equal(count([issued("d1", { requestId: "r7" })], plans), 1);
  });

  it("folds every report of one document into one violation, and is covered when any report names its leave", () => {
    const reports = [
      issued("d2", { docNumber: "A〔2026〕7", title: "Heating notice" }, "village-1"),
      issued("d1", { docNumber: "A〔2026〕7", title: "Notice on snow clearing" }),
      issued(
        "d3",
        { docNumber: "A〔2026〕7", issuedAt: "2026-11-26T08:00:00+08:00", title: "Heating notice" },
        "village-2",
      ),
    ];
    const violations = evaluate(reports);
    assert.equal(violations.length, 1);
    assert.deepEqual(violations[0]?.evidence.factIds, ["d1", "d2", "d3"]);
    assert.equal(violations[0]?.summary, "Heating notice; Notice on snow clearing");
    assert.equal(violations[0]?.occurredOn, "2026-11-25");
    const cited = [...reports, issued("d4", { docNumber: "A〔2026〕7", planItemId: "p1" }, "village-3")];
    assert.deepEqual(evaluate(cited, [documentsPlan(2026, { items: [item] })]), []);
  });
});
