/**
 * How the statistics are worked out from what was read: sums per unit and city-wide, medians of
 * the handling-time histograms, quotas and inspections on plan from the plans, the change against
 * the year before, and the CSV a spreadsheet opens.
 */
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import type { PlanRecord } from "../../shared/plans/schemas.ts";
import { parseCsv } from "../../shared/platform/csv.ts";
import {
  CITY_ROW,
  compared,
  medianOf,
  statsCsv,
  statsOf,
  valuesOf,
  type YearData,
} from "../../shared/stats/aggregate.ts";
import { NO_UNIT } from "../../shared/stats/counters.ts";
import { statsExample } from "../../shared/stats/examples.ts";
import { statsFigures } from "../../shared/stats/figures.ts";
import { statsSchema } from "../../shared/stats/schemas.ts";

const at = "2026-01-05T00:00:00.000Z";
const server = { status: "published" as const, createdBy: "a", createdAt: at, updatedAt: at, version: 1 };

const plans = (year: number): YearData["plans"] => ({
  meetings: {
    ...server,
    year,
    kind: "meetings",
    quotas: [
      { unitId: "dept-a", limit: 10 },
      { unitId: "dept-b", limit: 5 },
    ],
    items: [],
  },
  inspections: {
    ...server,
    year,
    kind: "inspections",
    quotas: [],
    items: [
      {
        id: "i1",
        title: "Farm",
        inspectionKind: "supervision",
        leadUnitId: "dept-a",
        targetUnitKinds: ["village"],
        from: `${year}-01-01`,
        to: `${year}-12-31`,
      },
      {
        id: "i2",
        title: "Food",
        inspectionKind: "inspection",
        leadUnitId: "dept-a",
        targetUnitIds: ["village-1"],
        from: `${year}-05-01`,
        to: `${year}-05-31`,
      },
      {
        id: "i3",
        title: "School",
        inspectionKind: "inspection",
        leadUnitId: "dept-b",
        targetUnitKinds: ["township"],
        from: `${year}-09-01`,
        to: `${year}-09-30`,
      },
    ],
  } satisfies PlanRecord,
});

const current: YearData = {
  year: 2026,
  counters: [
    {
      unitId: "dept-a",
      figures: { "meetings.approved": 4, "meetings.held": 6, "complaints.daysToTriage.2": 1 },
    },
    { unitId: "dept-b", figures: { "meetings.approved": 1, "complaints.daysToTriage.5": 2 } },
    { unitId: NO_UNIT, figures: { "complaints.received": 3, "complaints.daysToTriage.9": 1 } },
  ],
  plans: plans(2026),
  overdueViolations: new Map([["dept-a", 2]]),
  overdueSecondments: new Map([["dept-b", 1]]),
};

const previous: YearData = {
  year: 2025,
  counters: [{ unitId: "dept-a", figures: { "meetings.approved": 7 } }],
  plans: {},
  overdueViolations: new Map(),
  overdueSecondments: new Map(),
};

describe("medians of a histogram of whole days", () => {
  it("takes the middle one of an odd count", () => {
    assert.equal(medianOf({ "x.1": 1, "x.3": 1, "x.10": 1 }, "x"), 3);
  });

  it("takes the mean of the two middle ones of an even count, across bins", () => {
    assert.equal(medianOf({ "x.0": 1, "x.2": 1, "x.5": 1, "x.40": 1 }, "x"), 3.5);
    assert.equal(medianOf({ "x.2": 3, "x.7": 1 }, "x"), 2);
  });

  it("is null with nothing to take it of, and ignores other figures and empty bins", () => {
    assert.equal(medianOf({}, "x"), null);
    assert.equal(medianOf({ "x.3": 0, "x.4": -1, "xy.2": 4, "x.total": 2 }, "x"), null);
  });
});

describe("one year's figures", () => {
  it("are a unit's own counters, every unknown figure zero", () => {
    const values = valuesOf(current, "dept-a");
    assert.equal(values["meetings.approved"], 4);
    assert.equal(values["meetings.held"], 6);
    assert.equal(values["documents.issued"], 0);
    assert.deepEqual(Object.keys(values), [...statsFigures]);
  });

  it("take the quota of the unit from its plan, null without a plan or without a quota for it", () => {
    assert.equal(valuesOf(current, "dept-a")["meetings.quota"], 10);
    assert.equal(valuesOf(current, "dept-c")["meetings.quota"], null);
    assert.equal(valuesOf(current, "dept-a")["documents.quota"], null);
  });

  it("count the inspections a unit leads on plan", () => {
    assert.equal(valuesOf(current, "dept-a")["inspections.onPlan"], 2);
    assert.equal(valuesOf(current, "dept-b")["inspections.onPlan"], 1);
    assert.equal(valuesOf(previous, "dept-a")["inspections.onPlan"], 0);
  });

  it("count what is overdue now for the unit", () => {
    assert.equal(valuesOf(current, "dept-a")["violations.overdue"], 2);
    assert.equal(valuesOf(current, "dept-a")["secondments.overdue"], 0);
    assert.equal(valuesOf(current, "dept-b")["secondments.overdue"], 1);
  });

  it("for the city, add up every unit, what is about no unit included, and every quota and plan item", () => {
    const city = valuesOf(current, undefined);
    assert.equal(city["meetings.approved"], 5);
    assert.equal(city["complaints.received"], 3);
    assert.equal(city["meetings.quota"], 15);
    assert.equal(city["inspections.onPlan"], 3);
    assert.equal(city["violations.overdue"], 2);
    assert.equal(city["secondments.overdue"], 1);
  });

  it("take the city's median of the whole city's histogram, not of the units' medians", () => {
    // Days 2, 5, 5, 9: the median is 5; the units' medians (2, 5, 9) would mislead.
    assert.equal(valuesOf(current, undefined)["complaints.medianDaysToTriage"], 5);
    assert.equal(valuesOf(current, "dept-a")["complaints.medianDaysToTriage"], 2);
    assert.equal(valuesOf(current, "dept-a")["complaints.medianDaysToClose"], null);
  });
});

describe("the comparison with the year before", () => {
  it("gives the change as value minus previous", () => {
    assert.deepEqual(compared(current, previous, "dept-a")["meetings.approved"], {
      value: 4,
      previous: 7,
      change: -3,
    });
    assert.deepEqual(compared(current, previous, "dept-b")["meetings.approved"], {
      value: 1,
      previous: 0,
      change: 1,
    });
  });

  it("has no change where either year has no value", () => {
    assert.deepEqual(compared(current, previous, "dept-a")["meetings.quota"], {
      value: 10,
      previous: null,
      change: null,
    });
  });

  it("answers the city only to a reader who sees it, and the units in the order given", () => {
    const units = [
      { id: "dept-b", name: "教育局", kind: "department" as const },
      { id: "dept-a", name: "卫生健康委员会", kind: "department" as const },
    ];
    const all = statsOf(current, previous, units, true);
    assert.equal(all.year, 2026);
    assert.equal(all.previousYear, 2025);
    assert.equal(all.city?.figures["meetings.approved"]?.value, 5);
    assert.deepEqual(
      all.units.map((unit) => unit.unitId),
      ["dept-b", "dept-a"],
    );
    assert.ok(statsSchema.safeParse(all).success);
    assert.equal(statsOf(current, previous, units, false).city, undefined);
  });
});

describe("the CSV", () => {
  const stats = statsOf(
    current,
    previous,
    [{ id: "dept-a", name: "卫生健康委员会, 疾控", kind: "department" }],
    true,
  );
  const { rows, errors } = parseCsv(statsCsv(stats));

  it("names the unit columns, then each figure with its previous value and change", () => {
    assert.deepEqual(errors, []);
    const header = rows[0]?.fields ?? [];
    assert.deepEqual(header.slice(0, 6), [
      "unitId",
      "name",
      "kind",
      "meetings.requested",
      "meetings.requested.previous",
      "meetings.requested.change",
    ]);
    assert.equal(header.length, 3 + statsFigures.length * 3);
  });

  it("has the city's row first, then one per unit, with names quoted as they need and empty nulls", () => {
    assert.equal(rows.length, 3);
    const header = rows[0]?.fields ?? [];
    const city = rows[1]?.fields ?? [];
    const unit = rows[2]?.fields ?? [];
    assert.deepEqual(city.slice(0, 3), [CITY_ROW.unitId, CITY_ROW.name, CITY_ROW.kind]);
    assert.deepEqual(unit.slice(0, 3), ["dept-a", "卫生健康委员会, 疾控", "department"]);
    const column = (name: string) => header.indexOf(name);
    assert.equal(unit[column("meetings.approved")], "4");
    assert.equal(unit[column("meetings.approved.change")], "-3", "a negative change stays a number");
    assert.equal(unit[column("meetings.quota.previous")], "");
    assert.equal(city[column("meetings.approved")], "5");
    assert.ok(!statsCsv(stats).startsWith("\uFEFF"), "the HTTP handler adds the byte-order mark");
  });

  it("leaves out the city's row for a department's own statistics", () => {
    assert.equal(parseCsv(statsCsv({ ...stats, city: undefined })).rows.length, 2);
  });
});

describe("the route's example", () => {
  it("is worked out by the same functions and reads as the schema says", () => {
    assert.ok(statsSchema.safeParse(statsExample).success);
    assert.deepEqual(statsExample.units[0]?.figures["meetings.quota"], {
      value: 12,
      previous: 15,
      change: -3,
    });
  });
});
