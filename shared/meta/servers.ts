type Document = Record<string, unknown>;

/** The document with the servers of a deployment's API_SERVERS setting, in OpenAPI's key order. */
export const withServers = (document: Document, setting: string): Document => {
  const servers = setting
    .split(",")
    .map((url) => url.trim().replace(/\/+$/, ""))
    .filter((url) => url.length > 0)
    .map((url) => ({ url }));
  const { openapi, info, ...rest } = document;
  return { openapi, info, servers, ...rest };
};
