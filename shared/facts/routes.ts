import { idParamsSchema, noQuery, pageOf } from "../platform/common.ts";
import { type RouteDefinition, signedIn } from "../platform/http/route.ts";
import { factPageExample, meetingHeldExample, reportMeetingHeldExample } from "./examples.ts";
import { factRecordSchema, listFactsQuerySchema, reportFactSchema } from "./schemas.ts";

export const factsRoutes = [
  {
    operationId: "reportEvent",
    method: "POST",
    path: "/v1/events",
    fn: "facts",
    summary: "Report a fact: a department its own meetings, a grassroots unit a meeting it was summoned to",
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
      "UNKNOWN_UNIT",
      "CONVENER_NOT_CITY_UNIT",
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
    examples: { response: meetingHeldExample },
  },
  {
    operationId: "listEvents",
    method: "GET",
    path: "/v1/events",
    fn: "facts",
    summary: "List reported facts: reporters see their own unit's, supervisors and approvers see all",
    access: signedIn,
    query: listFactsQuerySchema,
    response: pageOf(factRecordSchema),
    successStatus: 200,
    examples: { response: factPageExample },
  },
] as const satisfies readonly RouteDefinition[];
