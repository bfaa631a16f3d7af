import { checkHealth } from "../../shared/meta/health.ts";
import { openApiDocument } from "../../shared/meta/openapi.ts";
import { metaRoutes } from "../../shared/meta/routes.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";

export const handler = httpHandler(metaRoutes, {
  getHealth: () => checkHealth(),
  getOpenApi: async () => openApiDocument(),
});
