/**
 * The document the meta function serves: generated at build time (`npm run openapi` writes
 * openapi.json; a unit test fails when it is stale), so the function carries neither every
 * context's schemas nor the JSON Schema generator, and starts as fast as the others.
 */
import { config } from "../platform/config.ts";
import generated from "./openapi.json" with { type: "json" };
import { withServers } from "./servers.ts";

let served: { setting: string; document: Record<string, unknown> } | undefined;

export const servedOpenApiDocument = (): Record<string, unknown> => {
  const setting = config().API_SERVERS;
  if (served?.setting !== setting) served = { setting, document: withServers(generated, setting) };
  return served.document;
};
