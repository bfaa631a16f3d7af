import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { PlanAddition, PlanRecord } from "../../shared/plans/schemas.ts";
import { BusinessRuleError } from "../../shared/platform/errors.ts";
import { type DocumentRequest, documentFindings } from "../../shared/requests/kinds/document.ts";
import { findingsFor, happensAt, refuseIfBarred } from "../../shared/requests/kinds/index.ts";
import { type InspectionRequest, inspectionFindings } from "../../shared/requests/kinds/inspection.ts";
import type { Finding } from "../../shared/requests/kinds/kind.ts";
import { meetingFindings } from "../../shared/requests/kinds/meeting.ts";
import { type VetoItemRequest, vetoCategories } from "../../shared/requests/kinds/veto-item.ts";
import { findingContext, meetingBody } from "../fakes/records.ts";

const planFields = {
  year: 2026,
  status: "published" as const,
  quotas: [{ unitId: "dept-a", limit: 3 }],
  createdBy: "boss",
  createdAt: "2026-01-05T00:00:00.000Z",
  updatedAt: "2026-01-05T00:00:00.000Z",
  version: 2,
};

const meetingsPlan: PlanRecord = {
  ...planFields,
  kind: "meetings",
  items: [
    { id: "m-1", title: "Winter heating", convenerUnitId: "dept-a", attendeeLevel: "staff" },
    { id: "m-2", title: "Someone else's", convenerUnitId: "dept-b" },
  ],
};

const documentsPlan: PlanRecord = {
  ...planFields,
  kind: "documents",
  items: [{ id: "d-1", title: "School safety opinion", issuerUnitId: "dept-a", month: 12 }],
};

const inspectionsPlan: PlanRecord = {
  ...planFields,
  kind: "inspections",
  items: [
    {
      id: "i-own",
      title: "Our own spring check",
      inspectionKind: "inspection",
      leadUnitId: "dept-a",
      targetUnitKinds: ["township"],
      from: "2026-12-01",
      to: "2026-12-20",
    },
    {
      id: "i-other",
      title: "Safety check of the same villages",
      inspectionKind: "supervision",
      leadUnitId: "dept-b",
      targetUnitIds: ["village-1", "village-2"],
      from: "2026-12-10",
      to: "2026-12-12",
    },
  ],
};

const documentBody = (overrides: Partial<DocumentRequest> = {}): DocumentRequest => ({
  kind: "document",
  title: "Notice on winter heating",
  docType: "notice",
  pages: 4,
  audienceUnitKinds: ["township"],
  draftingStartsOn: "2026-11-25",
  reason: "Heating rules changed",
  ...overrides,
});

const inspectionBody = (overrides: Partial<InspectionRequest> = {}): InspectionRequest => ({
  kind: "inspection",
  title: "Flood defence check",
  inspectionKind: "inspection",
  targetUnitIds: ["village-1"],
  from: "2026-12-11",
  to: "2026-12-11",
  reason: "After the storm",
  ...overrides,
});

const codes = (findings: Finding[]) => findings.map((finding) => `${finding.code}:${finding.severity}`);

describe("plan and quota findings every planned kind shares", () => {
  it("says ON_PLAN with the item a request names, NOT_ON_PLAN for another unit's item or none", () => {
    const onPlan = meetingFindings(
      meetingBody({ planItemId: "m-1", attendeeLevel: "staff" }),
      findingContext({ plan: meetingsPlan }),
    );
    assert.deepEqual(
      onPlan.filter((finding) => finding.code.endsWith("ON_PLAN")),
      [{ code: "ON_PLAN", severity: "info", message: 'On the 2026 plan as "Winter heating"', ref: "m-1" }],
    );
    for (const planItemId of ["m-2", "m-404", undefined]) {
      const findings = meetingFindings(meetingBody({ planItemId }), findingContext({ plan: meetingsPlan }));
      assert.ok(codes(findings).includes("NOT_ON_PLAN:info"), String(planItemId));
    }
  });

  it("warns OVER_QUOTA once approvals reached the quota, not before", () => {
    const at = (used: number) =>
      codes(documentFindings(documentBody(), findingContext({ quota: { limit: 3, used } })));
    assert.ok(!at(2).includes("OVER_QUOTA:warning"));
    assert.ok(at(3).includes("OVER_QUOTA:warning"));
    assert.ok(at(4).includes("OVER_QUOTA:warning"));
  });
});

describe("meeting findings that need the plan and the neighbours", () => {
  it("warns LEVEL_RAISED above the plan item's attendee level", () => {
    const raised = meetingFindings(
      meetingBody({ planItemId: "m-1", attendeeLevel: "principal" }),
      findingContext({ plan: meetingsPlan }),
    );
    assert.deepEqual(
      raised.filter((finding) => finding.code === "LEVEL_RAISED").map((finding) => finding.ref),
      ["m-1"],
    );
  });

  it("blocks accompanying attendees", () => {
    const findings = meetingFindings(meetingBody({ accompanyingAttendees: true }), findingContext());
    assert.ok(codes(findings).includes("ACCOMPANYING_ATTENDEES:blocking"));
  });

  it("points at meetings within three days of the same unit or the same kinds of attendees", () => {
    const near = (id: string, unitId: string, happensAt: string, kinds: string[]) => ({
      id,
      unitId,
      kind: "meeting",
      status: "submitted",
      title: id,
      happensAt,
      attendeeUnitKinds: kinds,
    });
    const findings = meetingFindings(
      meetingBody({ startsAt: "2026-11-30T09:00:00+08:00", attendeeUnitKinds: ["township"] }),
      findingContext({
        nearby: [
          near("same-unit", "dept-a", "2026-12-02T09:00:00+08:00", ["village"]),
          near("same-kinds", "dept-b", "2026-11-28T09:00:00+08:00", ["township"]),
          near("other-kinds", "dept-b", "2026-11-30T10:00:00+08:00", ["village"]),
          near("too-far", "dept-a", "2026-12-04T09:00:01+08:00", ["township"]),
        ],
      }),
    );
    assert.deepEqual(
      findings.filter((finding) => finding.code === "MERGE_CANDIDATE").map((finding) => finding.ref),
      ["same-unit", "same-kinds"],
    );
  });
});

describe("document findings", () => {
  it("warns TOO_LONG past the configured page cap", () => {
    assert.ok(
      !codes(documentFindings(documentBody({ pages: 10 }), findingContext())).includes("TOO_LONG:warning"),
    );
    assert.ok(
      codes(documentFindings(documentBody({ pages: 11 }), findingContext())).includes("TOO_LONG:warning"),
    );
  });

  it("blocks a document whose drafting began before today (in the city's time zone)", () => {
    // 2026-11-20T02:00Z is 10:00 on 20 November in Shanghai.
    const on = (day: string) =>
      codes(documentFindings(documentBody({ draftingStartsOn: day }), findingContext()));
    assert.ok(on("2026-11-19").includes("DRAFTING_STARTED:blocking"));
    assert.ok(!on("2026-11-20").includes("DRAFTING_STARTED:blocking"));
  });

  it("finds its plan item by id and issuer", () => {
    const findings = documentFindings(
      documentBody({ planItemId: "d-1" }),
      findingContext({ plan: documentsPlan }),
    );
    assert.ok(codes(findings).includes("ON_PLAN:info"));
  });

  it("is indexed under the local midnight drafting starts", () => {
    const at = happensAt({ ...documentBody(), createdAt: "2026-11-20T02:00:00.000Z" }, "Asia/Shanghai");
    assert.equal(at, "2026-11-24T16:00:00.000Z");
  });
});

describe("inspection findings", () => {
  it("says an inspection its own unit's plan item covers needs no request", () => {
    const findings = inspectionFindings(
      inspectionBody({
        targetUnitIds: undefined,
        targetUnitKinds: ["township"],
        from: "2026-12-02",
        to: "2026-12-03",
      }),
      findingContext({ plan: inspectionsPlan }),
    );
    const onPlan = findings.find((finding) => finding.code === "ON_PLAN");
    assert.equal(onPlan?.ref, "i-own");
    assert.match(onPlan?.message ?? "", /no request is needed/);
  });

  it("warns OVERLAPS_PLAN_ITEM for another lead unit's item on the same units and days, naming it", () => {
    const findings = inspectionFindings(inspectionBody(), findingContext({ plan: inspectionsPlan }));
    assert.deepEqual(
      findings.filter((finding) => finding.code === "OVERLAPS_PLAN_ITEM").map((finding) => finding.ref),
      ["i-other"],
    );
    const elsewhere = inspectionFindings(
      inspectionBody({ targetUnitIds: ["village-9"] }),
      findingContext({ plan: inspectionsPlan }),
    );
    assert.ok(!codes(elsewhere).includes("OVERLAPS_PLAN_ITEM:warning"));
    const later = inspectionFindings(
      inspectionBody({ from: "2026-12-13", to: "2026-12-14" }),
      findingContext({ plan: inspectionsPlan }),
    );
    assert.ok(!codes(later).includes("OVERLAPS_PLAN_ITEM:warning"));
  });

  it("warns DUPLICATE_OF_REQUEST for an approved temporary inspection on the same units and days", () => {
    const addition: PlanAddition = {
      id: "R0007",
      requestId: "R0007",
      addedAt: "2026-11-10T00:00:00.000Z",
      title: "Storm damage survey",
      inspectionKind: "assessment",
      leadUnitId: "dept-c",
      targetUnitIds: ["village-1"],
      from: "2026-12-09",
      to: "2026-12-11",
    };
    const findings = inspectionFindings(inspectionBody(), findingContext({ additions: [addition] }));
    assert.deepEqual(
      findings.filter((finding) => finding.code === "DUPLICATE_OF_REQUEST").map((finding) => finding.ref),
      ["R0007"],
    );
  });

  it("refuses a window that ends before it starts, and one that names no target", async () => {
    const { inspectionRequestSchema } = await import("../../shared/requests/kinds/inspection.ts");
    assert.equal(
      inspectionRequestSchema.safeParse(inspectionBody({ from: "2026-12-12", to: "2026-12-11" })).success,
      false,
    );
    assert.equal(inspectionRequestSchema.safeParse(inspectionBody({ targetUnitIds: [] })).success, false);
    assert.equal(inspectionRequestSchema.safeParse(inspectionBody()).success, true);
  });
});

describe("veto items", () => {
  const veto = (category: string): VetoItemRequest => ({
    kind: "veto_item",
    title: "Safety statement",
    form: "responsibility_statement",
    category,
    targetUnitKinds: ["township"],
    reason: "Provincial rules",
  });

  it("accepts the four categories and refuses any other with VETO_CATEGORY_NOT_ALLOWED, naming the four", () => {
    for (const category of vetoCategories) assert.doesNotThrow(() => refuseIfBarred(veto(category)));
    assert.throws(
      () => refuseIfBarred(veto("attendance_rate")),
      (error) =>
        error instanceof BusinessRuleError &&
        error.code === "VETO_CATEGORY_NOT_ALLOWED" &&
        error.details[0]?.path === "category" &&
        vetoCategories.every((category) => error.message.includes(category)),
    );
  });

  it("has no findings of its own", () => {
    assert.deepEqual(findingsFor(veto("party_conduct"), findingContext()), []);
  });
});
