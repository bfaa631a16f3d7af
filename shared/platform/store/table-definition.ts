/**
 * The single table's key schema, shared by the CDK stateful stack and the local runtime so that
 * both create exactly the same table. Access patterns:
 * - base table: an entity and its item collection (a request and its audit trail share `pk`)
 * - byUnit: one unit's records of one type, newest first
 * - byDay: records of one type by the local day they happened on (the sweep reads its window only)
 * - byStatus: records of one type by status (approval queue, open violations)
 * - byType: every record of one type (listing for supervisors and approvers)
 */
export const tableKeys = {
  partitionKey: "pk",
  sortKey: "sk",
  timeToLive: "expiresAt",
} as const;

export const tableIndexes = [
  { indexName: "byUnit", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  { indexName: "byDay", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  { indexName: "byStatus", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  { indexName: "byType", partitionKey: "gsi4pk", sortKey: "gsi4sk" },
] as const;

export type IndexName = (typeof tableIndexes)[number]["indexName"];
