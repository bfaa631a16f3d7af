import { getItem } from "../db/store.ts";

/** Health reads one key that never exists: it proves the table answers without touching data. */
export const checkHealth = async () => {
  const dynamodb = await getItem("HEALTH", "HEALTH").then(
    () => "ok" as const,
    () => "unavailable" as const,
  );
  return { status: dynamodb === "ok" ? ("ok" as const) : ("degraded" as const), dependencies: { dynamodb } };
};
