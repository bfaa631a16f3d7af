/**
 * What the fuzz suites generate, shared by the HTTP fuzz (fuzz.test.ts) and the in-process one
 * (fuzz-in-process.test.ts): a body each write route accepts, and near-valid mutations of it.
 * Dates are relative to now, so the valid bodies stay valid (facts at most FACT_MAX_AGE_DAYS old and
 * not in the future, requests ahead, sweeps of a week that has ended) whenever the suite runs.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { localDay } from "../../../shared/platform/time.ts";
import type { RouteDefinition } from "../../../shared/routes.ts";
import { aheadDate, inLastWeek, lastWeek } from "./meetings.ts";

/** Today in the demo city: a return or a removal may be declared on it, never after. */
const today = localDay(new Date(), "Asia/Shanghai");

export const validBodies: Record<string, Record<string, unknown>> = {
  createUnit: { id: "fuzz-unit", name: "Fuzz", kind: "village", parentId: "township-east", emails: [] },
  updateUnit: { name: "Fuzz", kind: "village", emails: ["a@b.cn"] },
  submitRequest: {
    kind: "meeting",
    title: "Fuzz",
    startsAt: `${aheadDate}T09:00:00+08:00`,
    durationMinutes: 30,
    format: "video",
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    attendeeUnitKinds: ["village"],
    relayed: false,
    reason: "fuzz",
  },
  decideRequest: { decision: "reject", comment: "fuzz" },
  withdrawRequest: {},
  cancelRequest: { reason: "The meeting is no longer needed (会议取消)" },
  replacePlanDraft: {
    quotas: [{ unitId: "dept-education", limit: 6 }],
    items: [{ id: "fuzz-2026-01", title: "全市会议 (Fuzz)", convenerUnitId: "dept-education", month: 3 }],
  },
  publishPlan: {},
  reportEvent: {
    kind: "meeting_held",
    convenerUnitId: "dept-education",
    title: "Fuzz",
    heldAt: inLastWeek(25),
    durationMinutes: 30,
    attendeeLevel: "staff",
    attendeesPerUnit: 1,
    relayed: false,
  },
  startSweep: { window: lastWeek.label, dryRun: true },
  recordViolation: {
    unitId: "dept-education",
    title: "重复报送台账 (Fuzz)",
    description: "Three schools were asked for the same ledger",
  },
  respondToViolation: { text: "Corrected: one ledger from now on (已整改)" },
  resolveViolation: { outcome: "dismissed", reason: "fuzz" },
  reopenViolation: { reason: "It happened again (再次发生)" },
  fileComplaint: {
    subject: "重复报送台账 (Fuzz)",
    text: "The same ledger was asked for three times this month",
    category: "document",
    aboutUnitId: "dept-education",
  },
  writeByReceipt: { text: "They asked again (又来要了)" },
  triageComplaint: { status: "triaged", note: "Plausible" },
  writeToReporter: { text: "Thank you, we are on it" },
  forwardComplaint: { unitId: "dept-education", text: "A school reports repeated ledger requests" },
  answerForwardedComplaint: { text: "The requests are merged from now on" },
  openViolationFromComplaint: { unitId: "dept-education", title: "重复报送台账 (Fuzz)" },
  requestDisclosure: { reason: "We need to call the reporter back" },
  grantDisclosure: {},
  registerSecondment: {
    personRef: "借调-2026-003",
    fromUnitId: "village-1",
    startDate: lastWeek.firstDay,
    returnBy: aheadDate,
    purpose: "School-safety campaign (校园安全专项行动)",
  },
  confirmSecondment: {},
  declareSecondmentReturn: { returnedOn: today },
  confirmSecondmentReturn: {},
  createPlaqueType: { name: "Fuzz plaque type (模糊牌子)", description: "fuzz" },
  updatePlaqueType: { name: "Fuzz plaque type (模糊牌子)", description: "fuzz, renamed" },
  registerPlaque: { title: "农业技术推广服务站 (Fuzz)", issuingUnitId: "dept-agriculture" },
  removePlaque: { removedOn: today },
};

/**
 * The CSV file each `bodyFormat: "csv"` route accepts: a meetings plan (the suites fill a plan
 * path with PLAN_YEAR and meetings) and units of their own, so an accepted import moves no seeded unit.
 */
export const validCsvBodies: Record<string, string> = {
  importPlan: [
    "record,unitId,limit,id,title,convenerUnitId,month,attendeeLevel",
    "quota,dept-education,6,,,,,",
    'item,,,fuzz-2026-02,"全市会议, 第二次",dept-education,4,deputy',
    "",
  ].join("\r\n"),
  importUnits: [
    "id,name,kind,parentId,emails",
    "fuzz-township,模糊镇,township,city-office,fuzz@demo.city.gov.cn",
    'fuzz-village,"模糊村, 一组",village,fuzz-township,',
    "",
  ].join("\r\n"),
};

export const isCsvRoute = (route: Pick<RouteDefinition, "bodyFormat">): boolean => route.bodyFormat === "csv";

export const validCsvOf = (operationId: string): string => {
  const text = validCsvBodies[operationId];
  assert.ok(text, `no valid CSV file for ${operationId}: add one to test/system/support/fuzz-inputs.ts`);
  return text;
};

/**
 * What a path's parameters are filled with when nothing more specific is wanted: a plan of a year
 * the demo city seeds nothing for (it publishes this year's plans), so a valid body is accepted.
 */
export const PLAN_YEAR = "2030";
export const defaultPathParams: Record<string, string> = { year: PLAN_YEAR, kind: "meetings" };

/** A concrete path: `{year}` and `{kind}` from `values` or the defaults, anything else `fallback`. */
export const fillPath = (path: string, values: Record<string, string> = {}, fallback = "no-such-record") =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? defaultPathParams[name] ?? fallback),
  );

/** The names of a path's parameters, e.g. ["year", "kind"]. */
export const pathParamNames = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? "");

/** Field values that break CSV or its columns: quotes, separators, line breaks, a BOM, bounds. */
const csvTroubles = fc.constantFrom(
  "",
  '"',
  '""',
  '"unclosed',
  "a,b",
  "\n",
  "\r",
  "\r\n",
  "\uFEFF",
  ";",
  ";;",
  "-1",
  "0",
  "13",
  "1.5",
  "9".repeat(20),
  "x".repeat(300),
  "village",
  "hamlet",
  "quota",
  "item",
  "city-office",
  "fuzz-village",
  "fuzz-township",
  "2026-02-30",
  "中文",
);

/**
 * Near-valid CSV files: start from a file the route accepts, then replace one field (raw, so a
 * quote or comma breaks the line's structure), drop, repeat or add a line, cut the file short, or
 * change its line endings; or send arbitrary text.
 */
export const mutateCsv = (text: string): fc.Arbitrary<string> => {
  const lines = text.split("\r\n").filter((line) => line !== "");
  const join = (rows: string[], end = "\r\n") => `${rows.join(end)}${end}`;
  const at = fc.nat({ max: lines.length - 1 });
  const replaced = fc
    .tuple(at, fc.nat({ max: 9 }), fc.oneof(csvTroubles, fc.string({ maxLength: 20 })))
    .map(([index, column, value]) => {
      const rows = [...lines];
      const cells = (rows[index] ?? "").split(",");
      cells[column % cells.length] = value;
      rows[index] = cells.join(",");
      return join(rows);
    });
  const dropped = at.map((index) => join(lines.filter((_, other) => other !== index)));
  const repeated = at.map((index) => join([...lines, lines[index] ?? ""]));
  const added = fc.string({ maxLength: 40 }).map((line) => join([...lines, line]));
  const cut = fc.nat({ max: text.length }).map((end) => text.slice(0, end));
  const endings = fc
    .constantFrom("\n", "\r", "\n\r", "\r\n\r\n")
    .chain((end) => fc.boolean().map((bom) => `${bom ? "\uFEFF" : ""}${join(lines, end)}`));
  return fc.oneof(
    { weight: 6, arbitrary: replaced },
    { weight: 2, arbitrary: dropped },
    { weight: 1, arbitrary: repeated },
    { weight: 1, arbitrary: added },
    { weight: 1, arbitrary: cut },
    { weight: 1, arbitrary: endings },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );
};

export const validBodyOf = (operationId: string): Record<string, unknown> => {
  const body = validBodies[operationId];
  assert.ok(body, `no valid example body for ${operationId}: add one to test/system/support/fuzz-inputs.ts`);
  return body;
};

/**
 * Near-valid bodies find the bugs random bytes miss: start from a body the route accepts, then
 * drop, replace or add one field with arbitrary JSON, or send arbitrary JSON instead.
 */
export const mutate = (body: Record<string, unknown>): fc.Arbitrary<unknown> => {
  const fields = Object.keys(body);
  const replaced = fc
    .constantFrom(...fields, "surprise")
    .chain((field) => fc.jsonValue().map((value) => ({ ...body, [field]: value })));
  if (fields.length === 0) return fc.oneof(replaced, fc.jsonValue());
  const dropped = fc.constantFrom(...fields).map((field) => {
    const { [field]: _dropped, ...rest } = body;
    return rest;
  });
  return fc.oneof(replaced, dropped, fc.jsonValue());
};
