import * as z from "zod/mini";
import { idParamsSchema, noQuery, pageOf, pageQueryShape } from "../platform/common.ts";
import type { RouteDefinition } from "../platform/http/route.ts";
import {
  completedSweepExample,
  runningSweepExample,
  startSweepExample,
  sweepPageExample,
} from "./examples.ts";
import { startSweepSchema, sweepRecordSchema } from "./schemas.ts";

export const sweepsRoutes = [
  {
    operationId: "startSweep",
    method: "POST",
    path: "/v1/sweeps",
    fn: "sweeps",
    summary: "Start a sweep of a window (default: the previous ISO week)",
    access: ["supervisor", "admin"],
    query: noQuery,
    body: startSweepSchema,
    response: sweepRecordSchema,
    successStatus: 202,
    location: "/v1/sweeps/{id}",
    businessRules: ["WINDOW_NOT_ENDED"],
    examples: { body: startSweepExample, response: runningSweepExample },
  },
  {
    operationId: "listSweeps",
    method: "GET",
    path: "/v1/sweeps",
    fn: "sweeps",
    summary: "List sweep runs, newest first",
    access: ["supervisor", "admin"],
    query: z.strictObject(pageQueryShape()),
    response: pageOf(sweepRecordSchema),
    successStatus: 200,
    examples: { response: sweepPageExample },
  },
  {
    operationId: "getSweep",
    method: "GET",
    path: "/v1/sweeps/{id}",
    fn: "sweeps",
    summary: "Read a sweep run",
    access: ["supervisor", "admin"],
    params: idParamsSchema,
    query: noQuery,
    response: sweepRecordSchema,
    successStatus: 200,
    examples: { response: completedSweepExample },
  },
] as const satisfies readonly RouteDefinition[];
