import { checkHealth } from "../../shared/meta/health.ts";
import { metaRoutes } from "../../shared/meta/routes.ts";
import { servedForms } from "../../shared/meta/served-forms.ts";
import { servedOpenApiDocument } from "../../shared/meta/served-openapi.ts";
import { httpHandler } from "../../shared/platform/http/handler.ts";

export const handler = httpHandler(metaRoutes, {
  getHealth: () => checkHealth(),
  getOpenApi: async () => servedOpenApiDocument(),
  getForms: async ({ headers }) => servedForms(headers["accept-language"]),
});
