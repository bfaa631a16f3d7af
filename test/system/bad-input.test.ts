import assert from "node:assert/strict";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, it } from "vitest";
import { issuerOf } from "../../scripts/local/server.ts";
import { type Role, roles } from "../../shared/platform/roles.ts";
import { routes } from "../../shared/routes.ts";
import { type Api, type Reply, startApi } from "./client.ts";
import { fillPath, isCsvRoute } from "./support/fuzz-inputs.ts";

/**
 * Generated from the route table: every route, every role, every kind of bad input. Each answer
 * must be the documented 4xx error, and the table must hold exactly what it held before.
 */
const unitOf: Record<Role, string> = {
  department: "dept-education",
  grassroots: "village-1",
  approver: "city-office",
  supervisor: "supervision-office",
  admin: "city-office",
};

/** A plan path names a real year and kind (PLAN_YEAR, meetings), so its body is what gets judged. */
const concretePath = (path: string) => fillPath(path);

/** CSV files no import may take; none names a line an import could write. */
const badCsvFiles: [string, string][] = [
  ["an empty CSV file", ""],
  ["a CSV file with only a BOM", "\uFEFF"],
  ["a CSV header of unknown columns", "surprise,other\r\n1,2\r\n"],
  ["a CSV file whose header repeats a column", "id,id,name,kind,record\r\nx,x,y,village,quota\r\n"],
  ["a CSV quote never closed", 'id,name,kind,record\r\n"x,name,village,quota\r\n'],
  ["a CSV line of the wrong width", "id,name,kind,record,unitId,limit\r\nx,y\r\n"],
  [
    "a CSV line whose values are all wrong",
    "id,name,kind,record,unitId,limit\r\n,,hamlet,neither,dept-nowhere,-1\r\n",
  ],
  ["CSV bytes that are not text", "\u0000\u0001\uFFFD,\u0002\r\n\u0003\r\n"],
];

const assertErrorBody = (body: unknown, status: number, context: string) => {
  const error = (body as { error?: Record<string, unknown> }).error;
  assert.ok(error, `${context}: no error body`);
  assert.equal(typeof error.code, "string", context);
  assert.equal(typeof error.message, "string", context);
  assert.ok(Array.isArray(error.details), context);
  assert.equal(typeof error.requestId, "string", context);
  assert.doesNotMatch(
    JSON.stringify(body),
    /\n\s+at |node_modules|\.ts:\d+/,
    `${context}: leaks a stack (${status})`,
  );
};

/** What API Gateway answers itself keeps API Gateway's bare body, locally as in the cloud. */
const assertGatewayAnswer = (reply: Reply, status: number, message: string, context: string) => {
  assert.equal(reply.status, status, context);
  assert.deepEqual(reply.body, { message }, context);
  assert.equal(reply.headers.get("content-type"), "application/json", context);
};

describe("bad input on every route", () => {
  let api: Api;
  let dynamodb: DynamoDBClient;
  const tokens = {} as Record<Role, string>;
  let expired: string;
  let forged: string;

  const countItems = async () => {
    const result = await dynamodb.send(new ScanCommand({ TableName: api.stack.tableName, Select: "COUNT" }));
    return result.Count ?? 0;
  };

  beforeAll(async () => {
    api = await startApi();
    dynamodb = new DynamoDBClient({
      endpoint: api.stack.dynamodbEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    for (const role of roles) tokens[role] = await api.token(role, unitOf[role]);
    const issuer = issuerOf(api.stack.server);
    expired = (await issuer.signToken({ role: "admin", unit: "city-office", expiresInSeconds: -120 })).token;
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const genuine = JSON.parse(Buffer.from(tokens.admin.split(".")[0] ?? "", "base64url").toString());
    forged = await new SignJWT({ "cognito:groups": ["admin"], "custom:unit": "city-office" })
      .setProtectedHeader({ alg: "ES256", kid: genuine.kid })
      .setIssuer(issuer.issuer())
      .setAudience(issuer.audience)
      .setSubject("intruder")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    assert.ok((await exportJWK(privateKey)).d);
  });

  afterAll(async () => {
    dynamodb?.destroy();
    await api?.stack.stop();
  });

  it("changes nothing in the table, whatever is sent", async () => {
    const before = await countItems();
    let checked = 0;
    for (const route of routes) {
      const path = concretePath(route.path);
      const label = `${route.method} ${route.path}`;

      if (route.access !== "public") {
        for (const [name, token] of [
          ["no token", undefined],
          ["expired token", expired],
          ["forged token", forged],
          ["garbage token", "not.a.jwt"],
        ] as const) {
          const reply = await api.call(route.method, path, {
            ...(token ? { token } : {}),
            ...(route.method === "GET" ? {} : { body: {} }),
          });
          assertGatewayAnswer(reply, 401, "Unauthorized", `${label} with ${name}`);
          checked += 1;
        }
        for (const role of roles) {
          const reply = await api.call(route.method, path, {
            token: tokens[role],
            ...(route.method === "GET" ? {} : { body: { notAField: true } }),
          });
          if (route.access.includes(role)) {
            assert.ok(![401, 403].includes(reply.status), `${label} as ${role}: ${reply.status}`);
          } else {
            assert.equal(reply.status, 403, `${label} as ${role}`);
            assertErrorBody(reply.body, 403, `${label} as ${role}`);
          }
          assert.ok(reply.status < 500, `${label} as ${role}: ${reply.status}`);
          checked += 1;
        }
      }

      if (route.method === "GET") continue;
      const allowed = route.access === "public" ? undefined : route.access[0];
      const token = allowed ? tokens[allowed] : undefined;
      const auth = token ? { token } : {};
      if (isCsvRoute(route)) {
        // A CSV route takes only text/csv (a JSON body is 415) and refuses a bad file whole.
        const csvCases: [string, Parameters<Api["call"]>[2], number[]][] = [
          ["a JSON object", { ...auth, body: { kind: "meeting" } }, [415]],
          ["a JSON array", { ...auth, body: [1, 2, 3] }, [415]],
          [
            "malformed JSON",
            { ...auth, raw: '{"kind": "meeting",', headers: { "content-type": "application/json" } },
            [415],
          ],
          ["no content type", { ...auth, raw: "id,name\r\n" }, [415]],
          [
            "a charset other than UTF-8",
            { ...auth, raw: "id\r\n", headers: { "content-type": "text/csv; charset=latin1" } },
            [415],
          ],
          [
            "a 1 MB CSV file",
            { ...auth, raw: `id\r\n${"x".repeat(1024 * 1024)}\r\n`, headers: { "content-type": "text/csv" } },
            [413],
          ],
          ...badCsvFiles.map(([name, raw]): [string, Parameters<Api["call"]>[2], number[]] => [
            name,
            { ...auth, raw, headers: { "content-type": "text/csv" } },
            [400, 422],
          ]),
        ];
        for (const [name, options, statuses] of csvCases) {
          const reply = await api.call(route.method, path, options);
          assert.ok(
            statuses.includes(reply.status),
            `${label} with ${name}: ${reply.status} ${JSON.stringify(reply.body)}`,
          );
          assertErrorBody(reply.body, reply.status, `${label} with ${name}`);
          if (reply.status === 422)
            assert.equal(reply.body.error.code, "INVALID_CSV", `${label} with ${name}`);
          checked += 1;
        }
        continue;
      }
      const cases: [string, Parameters<Api["call"]>[2], number][] = [
        [
          "malformed JSON",
          { ...auth, raw: '{"kind": "meeting",', headers: { "content-type": "application/json" } },
          400,
        ],
        ["a JSON array", { ...auth, body: [1, 2, 3] }, 400],
        ["an unknown field", { ...auth, body: { kind: "meeting", surprise: 1 } }, 400],
        ["wrong types", { ...auth, body: { kind: 42, title: ["x"], dryRun: "yes", decision: 1 } }, 400],
        [
          "the wrong content type",
          { ...auth, raw: "kind=meeting", headers: { "content-type": "text/plain" } },
          415,
        ],
        ["a 1 MB body", { ...auth, body: { title: "x".repeat(1024 * 1024) } }, 413],
        [
          "a CSV file",
          { ...auth, raw: "record,id\r\nitem,x\r\n", headers: { "content-type": "text/csv" } },
          415,
        ],
      ];
      for (const [name, options, status] of cases) {
        const reply = await api.call(route.method, path, options);
        const expected =
          route.path.includes("{") && status === 400 && name !== "malformed JSON" ? [400, 404] : [status];
        assert.ok(
          expected.includes(reply.status),
          `${label} with ${name}: ${reply.status} ${JSON.stringify(reply.body)}`,
        );
        assertErrorBody(reply.body, reply.status, `${label} with ${name}`);
        checked += 1;
      }
    }
    assert.ok(checked > 100, `only ${checked} checks ran`);
    assert.equal(await countItems(), before);
  });

  it("answers unknown routes with API Gateway's own 404", async () => {
    const reply = await api.call("GET", "/v1/nothing-here", { token: tokens.admin });
    assertGatewayAnswer(reply, 404, "Not Found", "unknown route");
  });

  it("refuses a tampered or foreign cursor", async () => {
    const tampered = await api.call("GET", "/v1/units?limit=1&cursor=eyJzIjoidGFibGUifQ.abc", {
      token: tokens.admin,
    });
    assert.equal(tampered.status, 400);
    const page = await api.call("GET", "/v1/units?limit=2", { token: tokens.admin });
    assert.equal(page.status, 200);
    assert.equal(typeof page.body.nextCursor, "string");
    const next = await api.call(
      "GET",
      `/v1/units?limit=2&cursor=${encodeURIComponent(page.body.nextCursor)}`,
      {
        token: tokens.admin,
      },
    );
    assert.equal(next.status, 200);
    assert.notDeepEqual(next.body.items[0], page.body.items[0]);
    const elsewhere = await api.call(
      "GET",
      `/v1/requests?cursor=${encodeURIComponent(page.body.nextCursor)}`,
      {
        token: tokens.department,
      },
    );
    assert.equal(elsewhere.status, 400);
    assert.equal(elsewhere.body.error.details[0].path, "cursor");
  });
});
