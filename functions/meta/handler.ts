import { checkHealth } from "../../shared/meta/health.ts";
import { metaRoutes } from "../../shared/meta/routes.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";
import { openApiDocument } from "../../shared/platform/openapi.ts";

export const handler = httpHandler(metaRoutes, {
  getHealth: () => checkHealth(),
  getOpenApi: async () => openApiDocument(),
});
