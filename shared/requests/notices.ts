/**
 * The email a submitting unit gets for each decision on its request: through the same outbox as
 * the sweep's digests, keyed by the request and its decision, so a retried or repeated call never
 * sends it twice.
 */
import type { Clock } from "../platform/clock.ts";
import type { Mailer, OutgoingEmail } from "../platform/email.ts";
import { escapeHtml, type Locale, unlinkable } from "../platform/email-text.ts";
import { logger } from "../platform/logger.ts";
import type { EmailOutbox } from "../platform/outbox.ts";
import type { Unit } from "../units/schemas.ts";
import { isOutcome, type Notice, pendingNoticeOf, type RequestRepository } from "./repository.ts";
import type { RequestRecord } from "./schemas.ts";

/** As long as the digests' lease: one send is bounded by the SES client's timeouts (platform/email.ts). */
const NOTICE_LEASE_MS = 30_000;

type Decided = Pick<RequestRecord, "id" | "title" | "kind" | "status" | "decision">;

const words = {
  "zh-CN": {
    kind: { meeting: "会议", document: "发文", inspection: "督查检查考核", veto_item: "一票否决/责任状事项" },
    subject: (what: string, verdict: string, title: string) => `【减负督查】${what}申请${verdict}：${title}`,
    verdict: { approved: "已批准", rejected: "未获批准", merged: "已合并" },
    greeting: (unit: string) => `${unit}：`,
    body: (what: string, title: string, verdict: string) => `贵单位提交的${what}申请“${title}”${verdict}。`,
    comment: "审批意见",
    mergedInto: (id: string) => `已并入申请 ${id}，请与该申请单位共同筹办。`,
    override: "批准时说明的理由",
    footer: "可登录系统查看申请详情。此邮件由系统自动发送。",
  },
  en: {
    kind: { meeting: "meeting", document: "document", inspection: "inspection", veto_item: "veto item" },
    subject: (what: string, verdict: string, title: string) =>
      `[burden-watch] Your ${what} request was ${verdict}: ${title}`,
    verdict: { approved: "approved", rejected: "rejected", merged: "merged" },
    greeting: (unit: string) => `Dear ${unit},`,
    body: (what: string, title: string, verdict: string) => `Your ${what} request "${title}" was ${verdict}.`,
    comment: "Comment",
    mergedInto: (id: string) =>
      `It was merged into request ${id}: hold it together with that request's unit.`,
    override: "Reason given for approving",
    footer: "Sign in to read the request. This message was sent automatically.",
  },
} as const;

/** The notice of a decision, as HTML and plain text with the same content; undefined for no decision. */
export const renderDecisionNotice = (
  unit: Pick<Unit, "name" | "emails">,
  request: Decided,
  locale: Locale,
): OutgoingEmail | undefined => {
  if (!isOutcome(request.status)) return undefined;
  const text = words[locale];
  const what = text.kind[request.kind];
  const verdict = text.verdict[request.status];
  const title = unlinkable(request.title);
  const lines = [
    text.greeting(unlinkable(unit.name)),
    text.body(what, title, verdict),
    ...(request.decision?.comment ? [`${text.comment}: ${unlinkable(request.decision.comment)}`] : []),
    ...(request.decision?.override
      ? [`${text.override}: ${unlinkable(request.decision.override.reason)}`]
      : []),
    ...(request.decision?.mergeInto ? [text.mergedInto(request.decision.mergeInto)] : []),
    text.footer,
  ];
  return {
    to: unit.emails,
    subject: text.subject(what, verdict, request.title),
    text: lines.join("\n\n"),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("\n"),
  };
};

export type NoticeDeps = {
  units: { get(id: string): Promise<Unit | undefined> };
  requests: Pick<RequestRepository, "get" | "pendingNotices" | "noticeDone">;
  outbox: EmailOutbox;
  mailer: Mailer;
  clock: Clock;
  locale: Locale;
  newToken: () => string;
};

/** Notices the sender found still owed, and how many of them went out this time. */
export type Redelivery = { pending: number; sent: number };

/**
 * Sends after the decision is stored, and never fails the decision: a notice that could not go
 * out is logged (without the unit's addresses), its claim released and its pending record kept,
 * so `redeliver` (the sweep runner calls it on every run) sends it later.
 */
export const makeDecisionNotices = (deps: NoticeDeps) => {
  const send = async (request: Decided & Pick<RequestRecord, "unitId">, notice: Notice): Promise<boolean> => {
    const key = `notice#${notice.key}`;
    let claimToken: string | undefined;
    try {
      const unit = await deps.units.get(request.unitId);
      const email =
        unit && unit.emails.length > 0 ? renderDecisionNotice(unit, request, deps.locale) : undefined;
      if (email) {
        const now = deps.clock.now();
        const claim = await deps.outbox.claim(
          key,
          deps.newToken(),
          now,
          new Date(now.getTime() + NOTICE_LEASE_MS),
        );
        // Another sender holds it: the pending record stays until that one marks it done.
        if (!claim.claimed && claim.status === "sending") return false;
        if (claim.claimed) {
          claimToken = claim.token;
          const messageId = await deps.mailer.send(email);
          await deps.outbox.markSent(key, messageId, deps.clock.now());
        }
      }
      await deps.requests.noticeDone(notice);
      return email !== undefined;
    } catch (error) {
      logger.error("decision notice not sent", {
        requestId: request.id,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      // A claim that cannot be released either lapses with its lease; the notice stays pending.
      if (claimToken) await deps.outbox.release(key, claimToken, deps.clock.now()).catch(() => undefined);
      return false;
    }
  };

  /** Sends the notices still owed for decisions older than a lease (a send may still be under way). */
  const redeliver = async (limit = 100): Promise<Redelivery> => {
    const before = new Date(deps.clock.now().getTime() - NOTICE_LEASE_MS).toISOString();
    const pending = await deps.requests.pendingNotices(before, limit);
    let sent = 0;
    for (const notice of pending) {
      const request = await deps.requests.get(notice.requestId);
      if (!request) {
        await deps.requests.noticeDone(notice);
        continue;
      }
      if (await send({ ...request, status: notice.outcome }, notice)) sent += 1;
    }
    return { pending: pending.length, sent };
  };

  return {
    async decided(request: RequestRecord): Promise<void> {
      await send(request, pendingNoticeOf(request));
    },

    redeliver,

    /**
     * `redeliver` for a caller with other work (the sweep runner): a failure is logged and left
     * for the next call, never thrown.
     */
    async catchUp(): Promise<void> {
      try {
        const { pending, sent } = await redeliver();
        if (pending > 0) logger.info("decision notices caught up", { pending, sent });
      } catch (error) {
        logger.error("decision notices not caught up", {
          errorName: error instanceof Error ? error.name : typeof error,
        });
      }
    },
  };
};
