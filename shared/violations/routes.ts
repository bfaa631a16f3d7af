import { pageOf } from "../platform/common.ts";
import type { RouteDefinition } from "../platform/http/route.ts";
import { violationPageExample } from "./examples.ts";
import { listViolationsQuerySchema, violationRecordSchema } from "./schemas.ts";

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
] as const satisfies readonly RouteDefinition[];
