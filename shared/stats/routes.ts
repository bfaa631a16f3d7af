import type { RouteDefinition } from "../platform/http/route.ts";
import { statsCsv } from "./aggregate.ts";
import { statsExample } from "./examples.ts";
import { statsQuerySchema, statsSchema } from "./schemas.ts";

export const statsRoutes = [
  {
    operationId: "getStats",
    method: "GET",
    path: "/v1/stats",
    fn: "stats",
    summary:
      "A year's statistics (default: this year) beside the year before: supervisors and approvers see the city and every unit (or one, with ?unitId=), a department its own unit. With Accept: text/csv, one row for the city (kind city) and one per unit, each figure in the columns <figure>, <figure>.previous and <figure>.change",
    access: ["supervisor", "approver", "department"],
    query: statsQuerySchema,
    lookupQuery: "unitId",
    response: statsSchema,
    csv: statsCsv,
    successStatus: 200,
    examples: { response: statsExample },
  },
] as const satisfies readonly RouteDefinition[];
