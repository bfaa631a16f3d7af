import * as z from "zod/mini";
import { idParamsSchema, noQuery, pageOf } from "../platform/common.ts";
import { type RouteDefinition, signedIn } from "../platform/http/route.ts";
import {
  documentIssuedExample,
  factPageExample,
  meetingHeldExample,
  reportMeetingHeldExample,
} from "./examples.ts";
import { occurrenceViewSchema } from "./occurrence-record.ts";
import { factRecordSchema, listFactsQuerySchema, reportFactSchema } from "./schemas.ts";

export const factsRoutes = [
  {
    operationId: "reportEvent",
    method: "POST",
    path: "/v1/events",
    fn: "facts",
    summary:
      "Report a fact: a department its own meetings, documents and inspection visits; a grassroots unit a meeting it was summoned to, a document it received, an inspection of itself",
    access: ["department", "grassroots"],
    query: noQuery,
    body: reportFactSchema,
    response: factRecordSchema,
    successStatus: 201,
    location: "/v1/events/{id}",
    businessRules: [
      "NOT_YET_HAPPENED",
      "TOO_OLD",
      "NOT_OWN_MEETING",
      "NOT_OWN_DOCUMENT",
      "NOT_OWN_INSPECTION",
      "NOT_VISITED_UNIT",
      "UNKNOWN_UNIT",
      "CONVENER_NOT_CITY_UNIT",
      "ISSUER_NOT_CITY_UNIT",
      "LEAD_NOT_CITY_UNIT",
      "TARGET_NOT_GRASSROOTS",
      "UNKNOWN_REQUEST",
    ],
    tooManyRequests: ["TOO_MANY_FACTS"],
    examples: { body: reportMeetingHeldExample, response: meetingHeldExample },
  },
  {
    operationId: "getEvent",
    method: "GET",
    path: "/v1/events/{id}",
    fn: "facts",
    summary: "Read one reported fact: reporters their own unit's, supervisors and approvers any",
    access: signedIn,
    params: idParamsSchema,
    query: noQuery,
    response: factRecordSchema,
    successStatus: 200,
    examples: { response: documentIssuedExample },
  },
  {
    operationId: "listEvents",
    method: "GET",
    path: "/v1/events",
    fn: "facts",
    summary:
      "List reported facts: reporters see their own unit's, supervisors and approvers all; ?about=mine lists what was reported about your unit, with how many units reported each but not which",
    access: signedIn,
    query: listFactsQuerySchema,
    response: pageOf(z.union([factRecordSchema, occurrenceViewSchema])),
    successStatus: 200,
    examples: { response: factPageExample },
  },
] as const satisfies readonly RouteDefinition[];
