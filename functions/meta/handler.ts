import { httpHandler } from "../../shared/http/handler.ts";
import { openApiDocument } from "../../shared/openapi.ts";
import { checkHealth } from "../../shared/use-cases/health.ts";

export const handler = httpHandler("meta", {
  getHealth: () => checkHealth(),
  getOpenApi: async () => openApiDocument(),
});
