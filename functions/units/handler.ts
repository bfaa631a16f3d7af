import { httpHandler } from "../../shared/http/handler.ts";
import { createUnit, getUnit, listUnits, updateUnit } from "../../shared/use-cases/units.ts";

export const handler = httpHandler("units", {
  listUnits: ({ caller, query }) => listUnits(caller, query),
  createUnit: ({ caller, body }) => createUnit(caller, body),
  getUnit: ({ params }) => getUnit(params.id),
  updateUnit: ({ caller, params, body }) => updateUnit(caller, params.id, body),
});
