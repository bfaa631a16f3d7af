import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Role } from "../../shared/platform/roles.ts";
import { routes } from "../../shared/routes.ts";
import { type Api, startApi, waitFor } from "./client.ts";
import { scanTable, tableReader } from "./support/audit-trail.ts";
import { assertDocumentedError } from "./support/error-body.ts";
import { fillPath, isCsvRoute, mutate, mutateCsv, validBodyOf, validCsvOf } from "./support/fuzz-inputs.ts";

/**
 * Near-valid bodies (support/fuzz-inputs.ts) sent over HTTP through the local gateway: whatever
 * comes back must be a documented answer below 500, and a refused body must leave the table exactly
 * as it was. The in-process fuzz (fuzz-in-process.test.ts) runs 10,000 inputs per route with
 * random headers, ids and queries; this one proves the same path end to end through the gateway.
 */
const RUNS_PER_ROUTE = 300;

const callerOf: Record<Role, string> = {
  department: "dept-education",
  grassroots: "village-1",
  approver: "city-office",
  supervisor: "supervision-office",
  admin: "city-office",
};

describe("fuzzing every write route", () => {
  let api: Api;
  let reader: DynamoDBDocumentClient;
  let requestId: string;
  let violationId: string;
  let complaint: { id: string; receipt: string; forwardId: string };

  /**
   * The whole table, as one hash: cheap enough at this table's size (a few hundred items) to take
   * around every refused input, and unlike a count it also sees an item changed in place.
   */
  const tableDigest = async () => {
    const items = await scanTable(reader, api.stack.tableName);
    const lines = items.map((item) => JSON.stringify(item, Object.keys(item).sort())).sort();
    return createHash("sha256").update(lines.join("\n")).digest("base64url");
  };

  beforeAll(async () => {
    api = await startApi();
    reader = tableReader(api.stack.dynamodbEndpoint);
    const token = await api.token("department", "dept-education", "fuzz-clerk");
    const submitted = await api.call("POST", "/v1/requests", { token, body: validBodyOf("submitRequest") });
    requestId = submitted.body.id;
    const supervisor = await api.token("supervisor", "supervision-office", "fuzz-supervisor");
    const recorded = await api.call("POST", "/v1/violations", {
      token: supervisor,
      body: validBodyOf("recordViolation"),
    });
    violationId = recorded.body.id;
    const filed = await api.call("POST", "/v1/complaints", {
      body: { ...validBodyOf("fileComplaint"), contact: "fuzz" },
    });
    const forwarded = await api.call("POST", `/v1/complaints/${filed.body.id}/forward`, {
      token: supervisor,
      body: validBodyOf("forwardComplaint"),
    });
    complaint = { id: filed.body.id, receipt: filed.body.receipt, forwardId: forwarded.body.id };
  });

  afterAll(async () => {
    reader?.destroy();
    await api?.stack.stop();
  });

  for (const route of routes.filter((candidate) => candidate.method !== "GET")) {
    it(`${route.method} ${route.path} never answers 500 and changes nothing when it refuses`, async () => {
      const csv = isCsvRoute(route);
      // A CSV route gets near-valid files as text/csv; every other route near-valid JSON.
      const bodies: fc.Arbitrary<unknown> = csv
        ? mutateCsv(validCsvOf(route.operationId))
        : mutate(validBodyOf(route.operationId));
      const role = route.access === "public" ? undefined : route.access[0];
      const token = role ? await api.token(role, callerOf[role], `fuzz-${role}`) : undefined;
      // Plan paths name PLAN_YEAR and meetings (support/fuzz-inputs.ts).
      const ids: Partial<Record<string, string>> = {
        units: "village-2",
        violations: violationId,
        complaints: route.operationId === "answerForwardedComplaint" ? complaint.forwardId : complaint.id,
      };
      const path = fillPath(route.path, { id: ids[route.fn] ?? requestId });
      // A receipt route reads the complaint the X-Receipt header names.
      const receipt: Record<string, string> = route.lookupHeader ? { "x-receipt": complaint.receipt } : {};
      let before = await tableDigest();
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const reply = await api.call(route.method, path, {
            ...(token ? { token } : {}),
            ...(csv
              ? { raw: String(body), headers: { "content-type": "text/csv" } }
              : { body, headers: receipt }),
          });
          const context = `${reply.status} for ${JSON.stringify(body)}: ${JSON.stringify(reply.body)}`;
          assert.ok(reply.status < 500, context);
          if (reply.status >= 400) {
            refused += 1;
            assertDocumentedError(reply.body, context);
            assert.equal(await tableDigest(), before, `the table changed: ${context}`);
            return;
          }
          // An accepted sweep runs on after its 202; the next input is judged once it is over.
          if (route.operationId === "startSweep") {
            await waitFor(async () => {
              const sweep = await api.call("GET", `/v1/sweeps/${reply.body.id}`, {
                ...(token ? { token } : {}),
              });
              return sweep.body.status === "running" ? undefined : sweep.body;
            }, `sweep ${reply.body.id}`);
          }
          before = await tableDigest();
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      assert.ok(refused > 0, "no input was refused: the mutations are not reaching the validation");
    });
  }
});
