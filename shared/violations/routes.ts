import { pageOf } from "../platform/common.ts";
import type { RouteDefinition } from "../platform/http/route.ts";
import { evidencePageExample, violationPageExample } from "./examples.ts";
import {
  evidenceRefSchema,
  listEvidenceQuerySchema,
  listViolationsQuerySchema,
  violationParamsSchema,
  violationRecordSchema,
} from "./schemas.ts";

export const violationsRoutes = [
  {
    operationId: "listViolations",
    method: "GET",
    path: "/v1/violations",
    fn: "violations",
    summary: "List violations: departments see their own unit's",
    access: ["department", "approver", "supervisor", "admin"],
    query: listViolationsQuerySchema,
    response: pageOf(violationRecordSchema),
    successStatus: 200,
    examples: { response: violationPageExample },
  },
  {
    operationId: "listViolationEvidence",
    method: "GET",
    path: "/v1/violations/{id}/evidence",
    fn: "violations",
    summary: "List every fact behind a violation; the violation itself carries the count and the first few",
    access: ["department", "approver", "supervisor", "admin"],
    params: violationParamsSchema,
    query: listEvidenceQuerySchema,
    response: pageOf(evidenceRefSchema),
    successStatus: 200,
    examples: { response: evidencePageExample },
  },
] as const satisfies readonly RouteDefinition[];
