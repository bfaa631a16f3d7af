/**
 * The registry of request kinds. Adding a kind is a module beside this one (its schema, findings
 * and `happensAt`), its test, and one entry in each list below.
 */
import * as z from "zod/mini";
import type { Finding, FindingContext, RequestKind } from "./kind.ts";

export type { RequestLimits } from "./kind.ts";

import { meetingKind, meetingRequestSchema } from "./meeting.ts";

export const submitRequestSchema = z.discriminatedUnion("kind", [meetingRequestSchema]);
export type SubmitRequestBody = z.infer<typeof submitRequestSchema>;

type KindName = SubmitRequestBody["kind"];

const kinds: { [K in KindName]: RequestKind<Extract<SubmitRequestBody, { kind: K }>> } = {
  meeting: meetingKind,
};

/** The module of a body's kind; the body's own `kind` picks it, so the pairing always holds. */
const kindOf = <B extends SubmitRequestBody>(body: B): RequestKind<B> =>
  kinds[body.kind as B["kind"]] as RequestKind<B>;

export const findingsFor = (body: SubmitRequestBody, context: FindingContext): Finding[] =>
  kindOf(body).findings(body, context);

export const happensAt = (body: SubmitRequestBody): string => kindOf(body).happensAt(body);
