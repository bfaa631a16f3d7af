/**
 * A week of a city played through the API as its users would: plans for 2030, requests decided a
 * week ahead, then facts of every kind from departments and villages during ISO week 2030-W46,
 * each chosen to break exactly one rule or none. 2030 lies outside the demo seed's plans, so the
 * scenario owns its plans whatever year the tests run in; the clock is moved with /dev/clock.
 */
import assert from "node:assert/strict";
import { listEmails, type StoredEmail } from "../../../scripts/local/ses.ts";
import { type Api, type Reply, waitFor } from "../client.ts";
import { heldMeeting } from "./meetings.ts";

export const WEEK = "2030-W46";
export const NEXT_SWEEP_AT = "2030-11-18T08:00:00+08:00";

export type Tokens = Record<
  "education" | "health" | "agriculture" | "approver" | "supervisor" | "village1" | "village2" | "village3",
  string
>;

export const tokensFor = async (api: Api): Promise<Tokens> => ({
  education: await api.token("department", "dept-education", "clerk-edu"),
  health: await api.token("department", "dept-health", "clerk-health"),
  agriculture: await api.token("department", "dept-agriculture", "clerk-agri"),
  approver: await api.token("approver", "city-office", "approver-1"),
  supervisor: await api.token("supervisor", "supervision-office", "supervisor-1"),
  village1: await api.token("grassroots", "village-1", "cadre-1"),
  village2: await api.token("grassroots", "village-2", "cadre-2"),
  village3: await api.token("grassroots", "village-3", "cadre-3"),
});

export const expectOk = (reply: Reply, status: number): Reply => {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  return reply;
};

export const setClock = async (api: Api, now: string) =>
  expectOk(await api.call("POST", "/dev/clock", { body: { now } }), 200);

const post = async (api: Api, token: string, path: string, body: unknown, status = 201) =>
  expectOk(await api.call("POST", path, { token, body }), status).body;

/** The ids the scenario's requests got. */
export type Requests = { educationMeeting: string; healthInspection: string; pendingDocument: string };

/** Plans of 2030 and the requests of the week before: the city as the sweep will find it. */
export const prepareCity = async (api: Api, tokens: Tokens): Promise<Requests> => {
  await setClock(api, "2030-11-04T09:00:00+08:00");
  const plans = {
    meetings: {
      quotas: [
        { unitId: "dept-education", limit: 1 },
        { unitId: "dept-health", limit: 1 },
      ],
      items: [],
    },
    documents: {
      quotas: [{ unitId: "dept-agriculture", limit: 1 }],
      items: [{ id: "d-2030-agri-01", title: "春耕备耕工作方案", issuerUnitId: "dept-agriculture" }],
    },
    inspections: {
      quotas: [],
      items: [
        {
          id: "i-2030-agri-01",
          title: "农村人居环境整治督查",
          inspectionKind: "supervision",
          leadUnitId: "dept-agriculture",
          targetUnitIds: ["village-1", "village-2"],
          from: "2030-01-01",
          to: "2030-12-31",
        },
      ],
    },
  };
  for (const [kind, plan] of Object.entries(plans)) {
    expectOk(await api.call("PUT", `/v1/plans/2030/${kind}`, { token: tokens.approver, body: plan }), 200);
    await post(api, tokens.approver, `/v1/plans/2030/${kind}/publish`, {}, 200);
  }

  const approve = (id: string) =>
    post(api, tokens.approver, `/v1/requests/${id}/decision`, { decision: "approve" }, 200);
  const educationMeeting = await post(api, tokens.education, "/v1/requests", {
    kind: "meeting",
    title: "全市校园安全工作会议",
    startsAt: "2030-11-13T10:00:00+08:00",
    durationMinutes: 60,
    format: "in_person",
    attendeeLevel: "deputy",
    attendeesPerUnit: 1,
    attendeeUnitKinds: ["township"],
    relayed: false,
    reason: "部署冬季校园安全工作",
  });
  await approve(educationMeeting.id);
  const healthInspection = await post(api, tokens.health, "/v1/requests", {
    kind: "inspection",
    title: "冬季传染病防控检查",
    inspectionKind: "inspection",
    targetUnitIds: ["village-2"],
    from: "2030-11-11",
    to: "2030-11-15",
    reason: "流感高发季前的防控准备",
  });
  await approve(healthInspection.id);
  const pendingDocument = await post(api, tokens.agriculture, "/v1/requests", {
    kind: "document",
    title: "关于做好冬季农田水利建设的通知",
    docType: "notice",
    pages: 3,
    audienceUnitKinds: ["township"],
    draftingStartsOn: "2030-11-20",
    reason: "冬季农田水利建设需要统一部署",
  });
  return {
    educationMeeting: educationMeeting.id,
    healthInspection: healthInspection.id,
    pendingDocument: pendingDocument.id,
  };
};

const meeting = (
  convenerUnitId: string,
  title: string,
  heldAt: string,
  extra: Record<string, unknown> = {},
) => ({ ...heldMeeting(convenerUnitId, heldAt, title), ...extra });

const visit = (leadUnitId: string, targetUnitId: string, visitedAt: string) => ({
  kind: "inspection_visit",
  leadUnitId,
  targetUnitId,
  title: leadUnitId === "dept-agriculture" ? "农村人居环境整治督查" : "冬季传染病防控检查",
  inspectionKind: leadUnitId === "dept-agriculture" ? "supervision" : "inspection",
  visitedAt,
});

/** Every fact of the week, reported on its Sunday evening by the units that saw it. */
export const reportWeek = async (api: Api, tokens: Tokens, requests: Requests) => {
  await setClock(api, "2030-11-17T20:00:00+08:00");
  const report = (token: string, body: unknown) => post(api, token, "/v1/events", body);
  // Held as approved by the department's account, but longer; a village adds that it was relayed
  // and that deputies had to bring staff along.
  await report(
    tokens.education,
    meeting("dept-education", "全市校园安全工作会议", "2030-11-13T10:00:00+08:00", {
      durationMinutes: 130,
      requestId: requests.educationMeeting,
    }),
  );
  await report(
    tokens.village1,
    meeting("dept-education", "全市校园安全工作会议", "2030-11-13T10:05:00+08:00", {
      durationMinutes: 130,
      relayed: true,
      accompanyingAttendees: true,
    }),
  );
  // Two meeting days of the health commission, neither approved, against a quota of one.
  await report(tokens.village2, meeting("dept-health", "基层卫生工作推进会", "2030-11-12T15:00:00+08:00"));
  await report(tokens.health, meeting("dept-health", "医保政策培训会", "2030-11-14T09:00:00+08:00"));
  // Agriculture's planned document and an unplanned one, which two villages also received
  // (with the number typed in full-width digits by one of them): two documents against a quota of one.
  await report(tokens.agriculture, {
    kind: "document_issued",
    issuerUnitId: "dept-agriculture",
    title: "春耕备耕工作方案",
    docNumber: "农发〔2030〕12号",
    issuedAt: "2030-11-12T10:00:00+08:00",
    pages: 6,
    planItemId: "d-2030-agri-01",
  });
  await report(tokens.village3, {
    kind: "document_issued",
    issuerUnitId: "dept-agriculture",
    title: "秋冬种生产指导意见",
    docNumber: "农发〔2030〕15号",
    issuedAt: "2030-11-11T10:00:00+08:00",
    pages: 4,
  });
  await report(tokens.village1, {
    kind: "document_issued",
    issuerUnitId: "dept-agriculture",
    title: "秋冬种生产指导意见",
    docNumber: "农发〔２０３０〕１５号",
    issuedAt: "2030-11-11T10:00:00+08:00",
    pages: 4,
  });
  // The health commission's approved inspection of village-2, and one of village-3 nobody approved.
  await report(tokens.village2, visit("dept-health", "village-2", "2030-11-12T10:00:00+08:00"));
  await report(tokens.health, visit("dept-health", "village-3", "2030-11-13T10:00:00+08:00"));
  // Agriculture's planned supervision visits village-1 three days running: one more than allowed.
  await report(tokens.village1, visit("dept-agriculture", "village-1", "2030-11-11T09:00:00+08:00"));
  await report(tokens.agriculture, visit("dept-agriculture", "village-1", "2030-11-12T09:00:00+08:00"));
  await report(tokens.village1, visit("dept-agriculture", "village-1", "2030-11-13T09:00:00+08:00"));
};

/** What the sweep of the week must find, and nothing else. */
export const expectedViolations = (requests: Requests) => [
  "ACCOMPANYING_ATTENDEES:dept-education:2030-11-13",
  "DOCUMENT_QUOTA_EXCEEDED:dept-agriculture:2030",
  "LAYERED_MEETING:dept-education:2030-11-13",
  "MEETING_QUOTA_EXCEEDED:dept-health:2030",
  "MEETING_STANDARD_RAISED:dept-education:2030-11-13",
  "OFF_PLAN_INSPECTION:dept-health:village-3:2030-11-13",
  `OVERDUE_APPROVAL:${requests.pendingDocument}`,
  "REPEATED_INSPECTION:dept-agriculture:village-1:2030-11",
  "UNAPPROVED_DOCUMENT:dept-agriculture:",
  "UNAPPROVED_MEETING:dept-health:2030-11-12",
  "UNAPPROVED_MEETING:dept-health:2030-11-14",
];

export const sweep = async (api: Api, tokens: Tokens, body: Record<string, unknown> = {}) => {
  const started = await post(api, tokens.supervisor, "/v1/sweeps", body, 202);
  return waitFor(async () => {
    const reply = await api.call("GET", `/v1/sweeps/${started.id}`, { token: tokens.supervisor });
    return reply.body.status === "running" ? undefined : reply.body;
  }, "the sweep to finish");
};

/** Every violation, all pages. */
export const allViolations = async (api: Api, token: string, query = "") => {
  const items: { id: string; [field: string]: unknown }[] = [];
  let cursor: string | null = null;
  do {
    const page: Reply = expectOk(
      await api.call(
        "GET",
        `/v1/violations?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token },
      ),
      200,
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
};

/** Where the emulator's mailbox ends now: emails after this mark were sent since. */
export const mailboxMark = async (api: Api): Promise<number> => (await listEmails(api.stack.sesUrl)).length;

/**
 * The sweep's emails (digests and summaries, whose subjects name the week) the emulator received
 * since `mark` for one address; decision notices to the same unit are left out.
 */
export const emailsTo = async (api: Api, address: string, mark: number): Promise<StoredEmail[]> =>
  (await listEmails(api.stack.sesUrl))
    .slice(mark)
    .filter((email) => email.destination.to.includes(address) && /周|week/i.test(email.subject));

export const mail = (local: string) => `${local}@demo.city.gov.cn`;
