/**
 * The registry of request kinds. Adding a kind is a module beside this one (its schema, findings
 * and `happensAt`), its test, and one entry in each list below.
 */
import * as z from "zod/mini";
import { type DocumentRequest, documentKind, documentRequestSchema } from "./document.ts";
import { type InspectionRequest, inspectionKind, inspectionRequestSchema } from "./inspection.ts";
import type { AdditionContext, Finding, FindingContext, RequestKind } from "./kind.ts";
import { type MeetingRequest, meetingKind, meetingRequestSchema } from "./meeting.ts";
import { type VetoItemRequest, vetoItemKind, vetoItemRequestSchema } from "./veto-item.ts";

export type { RequestLimits } from "./kind.ts";

const requestKindSchemas = [
  meetingRequestSchema,
  documentRequestSchema,
  inspectionRequestSchema,
  vetoItemRequestSchema,
] as const;

export const submitRequestSchema = z.discriminatedUnion("kind", [...requestKindSchemas]);
export type SubmitRequestBody = MeetingRequest | DocumentRequest | InspectionRequest | VetoItemRequest;

type KindName = SubmitRequestBody["kind"];
export const requestKindNames = [
  "meeting",
  "document",
  "inspection",
  "veto_item",
] as const satisfies readonly KindName[];

const kinds: { [K in KindName]: RequestKind<Extract<SubmitRequestBody, { kind: K }>> } = {
  meeting: meetingKind,
  document: documentKind,
  inspection: inspectionKind,
  veto_item: vetoItemKind,
};

/** The module of a body's kind; the body's own `kind` picks it, so the pairing always holds. */
const kindOf = <B extends SubmitRequestBody>(body: B): RequestKind<B> =>
  kinds[body.kind as B["kind"]] as unknown as RequestKind<B>;

export const findingsFor = (body: SubmitRequestBody, context: FindingContext): Finding[] =>
  kindOf(body).findings(body, context);

/** Throws the 422 of a request its kind's rules refuse outright. */
export const refuseIfBarred = (body: SubmitRequestBody): void => kindOf(body).refuse?.(body);

/** The instant a request is indexed under and counted in: its local year picks plan and quota. */
export const happensAt = (record: SubmitRequestBody & { createdAt: string }, timeZone: string): string =>
  kindOf(record).happensAt(record, record.createdAt, timeZone);

export const cancellableUntil = (body: SubmitRequestBody, timeZone: string): string | undefined =>
  kindOf(body).cancellableUntil?.(body, timeZone);

export const additionOf = (
  body: SubmitRequestBody,
  request: { id: string; unitId: string },
  context: AdditionContext,
) => kindOf(body).addition?.(body, request, context);

/** Whether an approval of this kind may add the request to its plan (and a cancellation must take it out). */
export const mayAddToPlan = (body: SubmitRequestBody): boolean => kindOf(body).addition !== undefined;

export const planKindOf = (body: SubmitRequestBody) => kindOf(body).planKind;
export const nearbyDaysOf = (body: SubmitRequestBody) => kindOf(body).nearbyDays;
