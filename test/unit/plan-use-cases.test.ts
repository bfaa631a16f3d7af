import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { makePlanUseCases } from "../../shared/plans/use-cases.ts";
import { AppError } from "../../shared/platform/errors.ts";
import { fixedClock } from "../fakes/memory.ts";
import { knownUnits, memoryPlans } from "../fakes/plans.ts";
import { caller } from "../fakes/records.ts";

const approver = caller("approver");

const setup = () => {
  const plans = memoryPlans();
  const useCases = makePlanUseCases({
    plans,
    units: knownUnits("dept-a", "dept-b", "village-1"),
    clock: fixedClock("2026-01-05T01:00:00.000Z"),
  });
  return { plans, useCases };
};

const refused =
  (status: number, code: string, details?: { path: string; message: string }[]) => (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    if (details) assert.deepEqual(error.details, details);
    return true;
  };

const meeting = { id: "m1", title: "全市教育工作会议", convenerUnitId: "dept-a", month: 3 };

describe("plans", () => {
  it("drafts a plan, shows each quota's use and the additions beside the items", async () => {
    const { plans, useCases } = setup();
    await useCases.replaceDraft(approver, 2026, "meetings", {
      quotas: [{ unitId: "dept-a", limit: 2 }],
      items: [meeting],
    });
    plans.used.set("2026#meetings", new Map([["dept-a", 3]]));
    plans.added.set("2026#meetings", [
      {
        id: "r1",
        title: "临时会议",
        convenerUnitId: "dept-a",
        requestId: "r1",
        addedAt: "2026-02-01T00:00:00.000Z",
      },
    ]);
    const view = await useCases.get(2026, "meetings");
    assert.equal(view.status, "draft");
    assert.equal(view.version, 1);
    assert.deepEqual(view.quotas, [{ unitId: "dept-a", limit: 2, used: 3, remaining: 0 }]);
    assert.deepEqual(view.items, [{ ...meeting, source: "plan" }]);
    assert.equal(view.additions[0]?.source, "addition");
    assert.equal(view.additions[0]?.requestId, "r1");
  });

  it("replaces a draft as its next version", async () => {
    const { plans, useCases } = setup();
    await useCases.replaceDraft(approver, 2026, "meetings", { quotas: [], items: [meeting] });
    const next = await useCases.replaceDraft(approver, 2026, "meetings", { quotas: [], items: [] });
    assert.equal(next.version, 2);
    assert.deepEqual(plans.actions, ["plan.drafted", "plan.replaced"]);
  });

  it("refuses unknown units and repeated ids with one detail per path", async () => {
    const { plans, useCases } = setup();
    await assert.rejects(
      useCases.replaceDraft(approver, 2026, "meetings", {
        quotas: [
          { unitId: "dept-x", limit: 1 },
          { unitId: "dept-a", limit: 1 },
          { unitId: "dept-a", limit: 2 },
        ],
        items: [meeting, { ...meeting, convenerUnitId: "dept-y" }],
      }),
      refused(422, "INVALID_PLAN", [
        { path: "items.1.id", message: 'items.1.id: item id "m1" is used twice' },
        { path: "items.1.convenerUnitId", message: 'items.1.convenerUnitId: unknown unit "dept-y"' },
        { path: "quotas.0.unitId", message: 'quotas.0.unitId: unknown unit "dept-x"' },
        { path: "quotas.2.unitId", message: 'quotas.2.unitId: unit "dept-a" has a quota already' },
      ]),
    );
    assert.equal(plans.records.size, 0);
  });

  it("refuses items of another kind, and inspection windows outside the year", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.replaceDraft(approver, 2026, "documents", { quotas: [], items: [meeting] }),
      refused(400, "VALIDATION_FAILED"),
    );
    const inspection = {
      id: "i1",
      title: "安全检查",
      inspectionKind: "inspection" as const,
      leadUnitId: "dept-a",
      targetUnitIds: ["village-1", "village-9"],
      from: "2025-12-30",
      to: "2026-01-10",
    };
    await assert.rejects(
      useCases.replaceDraft(approver, 2026, "inspections", { quotas: [], items: [inspection] }),
      refused(422, "INVALID_PLAN", [
        { path: "items.0.from", message: "items.0.from: from must be a day of 2026" },
        { path: "items.0.targetUnitIds.1", message: 'items.0.targetUnitIds.1: unknown unit "village-9"' },
      ]),
    );
  });

  it("publishes once; a published plan refuses drafts, imports and a second publication", async () => {
    const { useCases } = setup();
    await assert.rejects(useCases.publish(approver, 2026, "meetings"), refused(404, "NOT_FOUND"));
    await useCases.replaceDraft(approver, 2026, "meetings", { quotas: [], items: [meeting] });
    const published = await useCases.publish(approver, 2026, "meetings");
    assert.equal(published.status, "published");
    assert.equal(published.publishedBy, approver.sub);
    await assert.rejects(useCases.publish(approver, 2026, "meetings"), refused(409, "PLAN_PUBLISHED"));
    await assert.rejects(
      useCases.replaceDraft(approver, 2026, "meetings", { quotas: [], items: [] }),
      refused(409, "PLAN_PUBLISHED"),
    );
    await assert.rejects(
      useCases.importCsv(approver, 2026, "meetings", "record,unitId,limit\nquota,dept-a,1\n"),
      refused(409, "PLAN_PUBLISHED"),
    );
  });

  it("answers 404 for a plan that does not exist", async () => {
    await assert.rejects(setup().useCases.get(2027, "documents"), refused(404, "NOT_FOUND"));
  });
});

describe("plan import from CSV", () => {
  it("reads quotas and items of one file, with Chinese text and quoted fields", async () => {
    const { useCases } = setup();
    const view = await useCases.importCsv(
      approver,
      2026,
      "inspections",
      [
        "\uFEFFrecord,unitId,limit,id,title,inspectionKind,leadUnitId,targetUnitIds,targetUnitKinds,from,to",
        "quota,dept-a,3,,,,,,,,",
        'item,,,i1,"安全检查, 第一轮",inspection,dept-a,village-1,village;township,2026-03-01,2026-03-31',
      ].join("\r\n"),
    );
    assert.deepEqual(view.quotas, [{ unitId: "dept-a", limit: 3, used: 0, remaining: 3 }]);
    assert.deepEqual(view.items, [
      {
        id: "i1",
        title: "安全检查, 第一轮",
        inspectionKind: "inspection",
        leadUnitId: "dept-a",
        targetUnitIds: ["village-1"],
        targetUnitKinds: ["village", "township"],
        from: "2026-03-01",
        to: "2026-03-31",
        source: "plan",
      },
    ]);
  });

  it("answers every bad line by its physical line number and writes nothing", async () => {
    const { plans, useCases } = setup();
    const file = [
      "record,unitId,limit,id,title,convenerUnitId,month",
      "quota,dept-a,2,,,,",
      'item,,,m1,"两行\n标题",dept-a,3',
      "item,,,m2,会议,dept-x,",
      "quota,dept-b,lots,,,,",
      "item,,,m3,,dept-a,13",
      "plan,,,,,,",
    ].join("\n");
    await assert.rejects(
      useCases.importCsv(approver, 2026, "meetings", file),
      refused(422, "INVALID_CSV", [
        { path: "line 6", message: "line 6: limit must be a whole number from 0 to 100000" },
        { path: "line 7", message: "line 7: title is required; month must be a whole number from 1 to 12" },
        { path: "line 8", message: 'line 8: record must be "quota" or "item", not "plan"' },
      ]),
    );
    await assert.rejects(
      useCases.importCsv(approver, 2026, "meetings", file.split("\n").slice(0, 5).join("\n")),
      refused(422, "INVALID_CSV", [{ path: "line 5", message: 'line 5: unknown unit "dept-x"' }]),
    );
    assert.equal(plans.records.size, 0);
  });
  it("names each problem of a line once, however many checks find it", async () => {
    const { useCases } = setup();
    await assert.rejects(
      useCases.importCsv(
        approver,
        2026,
        "meetings",
        "record,unitId,limit\nquota,dept-a,99999999999999999999\n",
      ),
      refused(422, "INVALID_CSV", [
        { path: "line 2", message: "line 2: limit must be a whole number from 0 to 100000" },
      ]),
    );
  });
});
