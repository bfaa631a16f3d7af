import * as z from "zod/mini";
import { idParamsSchema, noQuery, pageOf, pageQueryShape } from "../platform/common.ts";
import { type RouteDefinition, signedIn } from "../platform/http/route.ts";
import { createUnitSchema, unitSchema, updateUnitSchema } from "./schemas.ts";

export const unitsRoutes = [
  {
    operationId: "listUnits",
    method: "GET",
    path: "/v1/units",
    fn: "units",
    summary: "List units",
    access: signedIn,
    query: z.strictObject(pageQueryShape(100)),
    response: pageOf(unitSchema),
    successStatus: 200,
  },
  {
    operationId: "createUnit",
    method: "POST",
    path: "/v1/units",
    fn: "units",
    summary: "Create a unit",
    access: ["admin"],
    query: noQuery,
    body: createUnitSchema,
    response: unitSchema,
    successStatus: 201,
    location: "/v1/units/{id}",
  },
  {
    operationId: "getUnit",
    method: "GET",
    path: "/v1/units/{id}",
    fn: "units",
    summary: "Read one unit",
    access: signedIn,
    params: idParamsSchema,
    query: noQuery,
    response: unitSchema,
    successStatus: 200,
  },
  {
    operationId: "updateUnit",
    method: "PUT",
    path: "/v1/units/{id}",
    fn: "units",
    summary: "Replace a unit's name, kind, parent and emails",
    access: ["admin"],
    params: idParamsSchema,
    query: noQuery,
    body: updateUnitSchema,
    response: unitSchema,
    successStatus: 200,
  },
] as const satisfies readonly RouteDefinition[];
