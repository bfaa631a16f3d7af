import { httpHandler } from "../../shared/http/handler.ts";
import { listViolations } from "../../shared/use-cases/violations.ts";

export const handler = httpHandler("violations", {
  listViolations: ({ caller, query }) => listViolations(caller, query),
});
