import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { CfnElement } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { describe, test } from "vitest";
import * as z from "zod/mini";
import {
  apiFunctionNames,
  type FunctionName,
  type FunctionSpec,
  functionManifest,
  functionNames,
  functionNameVariableOf,
} from "../../infra/functions.ts";
import { weeklySweepCron } from "../../infra/stateless-stack.ts";
import { roles } from "../../shared/platform/roles.ts";
import { tableIndexes, tableKeys } from "../../shared/platform/store/table-definition.ts";
import { type RouteDefinition, routeKey, routes } from "../../shared/routes.ts";
import { build, cdkJson } from "./fixture.ts";

// The parts of a CloudFormation template the tests read, parsed rather than assumed.
const resourceSchema = z.object({
  Type: z.string(),
  Properties: z._default(z.record(z.string(), z.unknown()), {}),
  DeletionPolicy: z.optional(z.string()),
});
type Resource = z.infer<typeof resourceSchema>;
const statementSchema = z.object({
  Effect: z.string(),
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.unknown(),
  Condition: z.optional(z.unknown()),
});
type Statement = z.infer<typeof statementSchema>;
const policySchema = z.object({
  Roles: z.array(z.unknown()),
  PolicyDocument: z.object({ Statement: z.array(statementSchema) }),
});
const environmentSchema = z.object({ Variables: z.record(z.string(), z.unknown()) });
const strings = z.array(z.string());

// One synthesis (with real esbuild bundles) for the whole file.
const built = build();
const cloudAssembly = built.app.synth();
const stateful = Template.fromStack(built.stateful);
const stateless = Template.fromStack(built.stateless);

const resourcesOf = (template: Template, type: string): Array<[string, Resource]> =>
  Object.entries(template.findResources(type)).map(([id, resource]) => [id, resourceSchema.parse(resource)]);

const lambdas = resourcesOf(stateless, "AWS::Lambda::Function");
const contextTimeZone = cdkJson.context.timeZone;

const logicalIdOf = (construct: IConstruct): string => {
  const resource = construct.node.defaultChild;
  assert.ok(resource instanceof CfnElement, construct.node.path);
  return built.stateless.getLogicalId(resource);
};

const variablesOf = (fn: Resource): Record<string, unknown> =>
  environmentSchema.parse(fn.Properties.Environment).Variables;

const envOf = (logicalId: string): Record<string, unknown> => {
  const fn = lambdas.find(([id]) => id === logicalId);
  assert.ok(fn, `no function ${logicalId}`);
  return variablesOf(fn[1]);
};

const policies = resourcesOf(stateless, "AWS::IAM::Policy").map(([, policy]) =>
  policySchema.parse(policy.Properties),
);

const statementsOfRole = (roleLogicalId: string): Statement[] =>
  policies
    .filter((policy) =>
      policy.Roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })),
    )
    .flatMap((policy) => policy.PolicyDocument.Statement);

const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );

const functionIdOf = (name: FunctionName): string => logicalIdOf(built.stateless.functions[name].function);
const statementsOf = (name: FunctionName): Statement[] =>
  statementsOfRole(logicalIdOf(built.stateless.functions[name].role));
const specOf = (name: FunctionName): FunctionSpec => functionManifest[name];

describe("functions", () => {
  test("one function per manifest entry, described, sized and timed by it", () => {
    assert.equal(lambdas.length, functionNames.length);
    for (const name of functionNames) {
      const fn = lambdas.find(([id]) => id === functionIdOf(name));
      assert.ok(fn, name);
      assert.equal(fn[1].Properties.Description, specOf(name).description, name);
      assert.equal(fn[1].Properties.MemorySize, specOf(name).memorySize ?? 512, name);
      assert.equal(fn[1].Properties.Timeout, specOf(name).timeoutSeconds ?? 10, name);
    }
    assert.equal(built.stateless.sweepRunner, built.stateless.functions["sweep-runner"]);
  });

  test("every Lambda runs nodejs24.x on arm64 with active tracing", () => {
    for (const [id, fn] of lambdas) {
      assert.equal(fn.Properties.Runtime, "nodejs24.x", id);
      assert.deepEqual(fn.Properties.Architectures, ["arm64"], id);
      assert.deepEqual(fn.Properties.TracingConfig, { Mode: "Active" }, id);
    }
  });

  test("every Lambda logs JSON to its own log group with a retention", () => {
    const logGroups = Object.fromEntries(resourcesOf(stateless, "AWS::Logs::LogGroup"));
    for (const [id, fn] of lambdas) {
      const logging = z
        .object({ LogFormat: z.string(), LogGroup: z.object({ Ref: z.string() }) })
        .parse(fn.Properties.LoggingConfig);
      assert.equal(logging.LogFormat, "JSON", id);
      const group = logGroups[logging.LogGroup.Ref];
      assert.ok(group, `${id} log group`);
      assert.equal(typeof group.Properties.RetentionInDays, "number", `${id} retention`);
    }
  });

  test("every Lambda gets the common environment from cdk.json context", () => {
    for (const [id] of lambdas) {
      const env = envOf(id);
      assert.equal(env.TIME_ZONE, contextTimeZone, id);
      assert.equal(env.MAIL_FROM, cdkJson.context.mailFrom, id);
      assert.equal(env.EMAIL_LOCALE, cdkJson.context.emailLocale, id);
      assert.equal(env.CORS_ORIGINS, cdkJson.context.corsOrigins.join(","), id);
      assert.equal(env.POWERTOOLS_SERVICE_NAME, "burden-watch", id);
      assert.equal(env.NODE_OPTIONS, "--enable-source-maps", id);
      assert.ok(env.TABLE_NAME, `${id} TABLE_NAME`);
    }
  });

  test("the cursor key reaches exactly the functions that page lists, as a dynamic reference", () => {
    for (const name of functionNames) {
      const secret = envOf(functionIdOf(name)).CURSOR_SECRET;
      if (specOf(name).pagesLists) {
        assert.match(JSON.stringify(secret), /\{\{resolve:secretsmanager:/, name);
      } else {
        assert.equal(secret, undefined, name);
      }
    }
  });

  test("pagesLists marks exactly the functions with a route that takes a page cursor", () => {
    const takesCursor = (route: RouteDefinition): boolean =>
      route.query !== undefined &&
      "cursor" in (z.toJSONSchema(route.query, { io: "input", unrepresentable: "any" }).properties ?? {});
    const paging = new Set(routes.filter(takesCursor).map((route) => route.fn));
    assert.ok(paging.size > 0);
    for (const name of apiFunctionNames) assert.equal(specOf(name).pagesLists, paging.has(name), name);
  });

  test("a function knows and may invoke exactly the functions its manifest entry names", () => {
    for (const name of functionNames) {
      const targets = functionManifest[name].invokes;
      const env = envOf(functionIdOf(name));
      for (const target of targets) {
        assert.deepEqual(env[functionNameVariableOf(target)], { Ref: functionIdOf(target) }, name);
      }
      const invoking = statementsOf(name).filter((s) => actionsOf([s]).includes("lambda:InvokeFunction"));
      assert.deepEqual(
        actionsOf(invoking),
        targets.map(() => "lambda:InvokeFunction"),
        name,
      );
      // Unqualified ARNs only: no versions or aliases, no wildcard.
      assert.deepEqual(
        invoking.map((s) => s.Resource),
        targets.map((target) => ({ "Fn::GetAtt": [functionIdOf(target), "Arn"] })),
        name,
      );
    }
    // The variable shared/platform/config.ts reads.
    assert.deepEqual(envOf(functionIdOf("sweeps")).SWEEP_RUNNER_FUNCTION, {
      Ref: functionIdOf("sweep-runner"),
    });
  });

  test("the sweep runner and its invokers read its timeout from the value that sets it", () => {
    const runner = lambdas.find(([id]) => id === functionIdOf("sweep-runner"));
    const runnerTimeout = z.number().parse(runner?.[1].Properties.Timeout);
    assert.equal(runnerTimeout, specOf("sweep-runner").timeoutSeconds);
    for (const name of functionNames) {
      // The runner itself, and the sweeps API, which fails a run older than that when it reads it.
      const expected = name === "sweep-runner" || name === "sweeps" ? String(runnerTimeout) : undefined;
      assert.equal(envOf(functionIdOf(name)).SWEEP_RUNNER_TIMEOUT_SECONDS, expected, name);
    }
  });

  test("each role has exactly the table actions its manifest entry lists; indexes are Query only", () => {
    const onIndexes = (s: Statement): boolean => JSON.stringify(s.Resource).includes("/index/");
    const tableResources = new Set<string>();
    for (const name of functionNames) {
      const { read, write } = specOf(name).table;
      const dynamo = statementsOf(name).filter((s) => actionsOf([s]).some((a) => a.startsWith("dynamodb:")));
      const onTable = dynamo.filter((s) => !onIndexes(s));
      assert.deepEqual(
        actionsOf(onTable).sort(),
        [...read, ...write].map((action) => `dynamodb:${action}`).sort(),
        name,
      );
      for (const statement of onTable) tableResources.add(JSON.stringify(statement.Resource));
      const indexActions = actionsOf(dynamo.filter(onIndexes));
      assert.deepEqual(indexActions, read.includes("Query") ? ["dynamodb:Query"] : [], name);
    }
    // One table for every function.
    assert.equal(tableResources.size, 1, [...tableResources].join("\n"));
    // A read-only function's role can write nothing, a transaction's operations included.
    const writes = ["PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem", "BatchWriteItem"];
    for (const name of functionNames.filter((n) => specOf(n).table.write.length === 0)) {
      const granted = actionsOf(statementsOf(name));
      assert.deepEqual(
        granted.filter((action) => writes.some((write) => action === `dynamodb:${write}`)),
        [],
        name,
      );
    }
    const all = actionsOf(policies.flatMap((policy) => policy.PolicyDocument.Statement));
    for (const forbidden of ["dynamodb:Scan", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable"]) {
      assert.ok(!all.includes(forbidden), forbidden);
    }
    assert.ok(!all.some((action) => action.endsWith(":*") || action === "*"));
    // What the manifest says today: the read-only functions are meta and stats.
    assert.deepEqual(
      functionNames.filter((n) => specOf(n).table.write.length === 0),
      ["meta", "stats"],
    );
  });

  test("functions that send email may do so through the identity and configuration set only", () => {
    for (const name of functionNames) {
      const ses = statementsOf(name).filter((s) => actionsOf([s]).some((a) => a.startsWith("ses:")));
      const configurationSet = envOf(functionIdOf(name)).SES_CONFIGURATION_SET;
      if (!specOf(name).sendsEmail) {
        assert.deepEqual(ses, [], name);
        assert.equal(configurationSet, undefined, name);
        continue;
      }
      assert.deepEqual(actionsOf(ses), ["ses:SendEmail"], name);
      const resources = JSON.stringify(ses[0]?.Resource);
      assert.match(resources, /:identity\//, name);
      assert.match(resources, /:configuration-set\//, name);
      assert.match(JSON.stringify(configurationSet), /ConfigurationSet/, name);
    }
  });

  test("each bundle is an ES module with the createRequire banner that exports handler", () => {
    for (const [id, fn] of lambdas) {
      // The asset's S3 key is its hash; the cloud assembly stages it as asset.<hash>/.
      const s3Key = z.object({ S3Key: z.string() }).parse(fn.Properties.Code).S3Key;
      const bundle = path.join(cloudAssembly.directory, `asset.${s3Key.replace(/\.zip$/, "")}`, "index.mjs");
      assert.ok(existsSync(bundle), `${id}: ${bundle}`);
      const code = readFileSync(bundle, "utf8");
      assert.ok(code.startsWith("import { createRequire as topLevelCreateRequire }"), `${id} banner`);
      assert.match(code, /export\s*\{[^}]*\bhandler\b[^}]*\}/, `${id} exports handler`);
      assert.ok(existsSync(`${bundle}.map`), `${id} source map`);
      assert.ok(statSync(bundle).size < 5 * 1024 * 1024, `${id} bundle under 5 MiB`);
      assert.equal(fn.Properties.Handler, "index.handler", id);
    }
  });
});

describe("table", () => {
  const tables = [
    ...resourcesOf(stateful, "AWS::DynamoDB::GlobalTable"),
    ...resourcesOf(stateful, "AWS::DynamoDB::Table"),
  ];

  test("there is exactly one table, retained on delete", () => {
    assert.equal(tables.length, 1);
    assert.equal(tables[0]?.[1].DeletionPolicy, "Retain");
  });

  test("keys, TTL and billing come from shared/db/table-definition.ts", () => {
    stateful.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: tableKeys.partitionKey, KeyType: "HASH" },
        { AttributeName: tableKeys.sortKey, KeyType: "RANGE" },
      ],
      TimeToLiveSpecification: { AttributeName: tableKeys.timeToLive, Enabled: true },
    });
  });

  test("PITR, deletion protection and server-side encryption are on", () => {
    stateful.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      SSESpecification: { SSEEnabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });

  test("the GSIs are exactly those of tableIndexes, all string keys, projection ALL", () => {
    const props = z
      .object({
        GlobalSecondaryIndexes: z.array(
          z.object({ IndexName: z.string(), KeySchema: z.unknown(), Projection: z.unknown() }),
        ),
        AttributeDefinitions: z.array(z.object({ AttributeName: z.string(), AttributeType: z.string() })),
      })
      .parse(tables[0]?.[1].Properties);
    assert.deepEqual(
      props.GlobalSecondaryIndexes.map((index) => index.IndexName).sort(),
      tableIndexes.map((index) => index.indexName).sort(),
    );
    for (const index of tableIndexes) {
      const gsi = props.GlobalSecondaryIndexes.find((g) => g.IndexName === index.indexName);
      assert.deepEqual(gsi?.KeySchema, [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ]);
      assert.deepEqual(gsi?.Projection, { ProjectionType: "ALL" });
    }
    for (const attribute of props.AttributeDefinitions) assert.equal(attribute.AttributeType, "S");
  });
});

describe("user pool", () => {
  test("no self sign-up, strong passwords, MFA required, threat protection enforced", () => {
    stateful.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "ON",
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      Schema: Match.arrayWith([Match.objectLike({ Name: "unit", AttributeDataType: "String" })]),
    });
  });

  test("one group per role", () => {
    const groups = resourcesOf(stateful, "AWS::Cognito::UserPoolGroup").map(
      ([, g]) => g.Properties.GroupName,
    );
    assert.deepEqual([...groups].sort(), [...roles].sort());
  });

  test("the API client can read custom:unit but not write it", () => {
    const [[, client] = ["", undefined]] = resourcesOf(stateful, "AWS::Cognito::UserPoolClient");
    assert.ok(client);
    assert.ok(strings.parse(client.Properties.ReadAttributes).includes("custom:unit"));
    assert.ok(!strings.parse(client.Properties.WriteAttributes).includes("custom:unit"));
    assert.equal(client.Properties.GenerateSecret, false);
  });
});

describe("HTTP API", () => {
  const apiRoutes = resourcesOf(stateless, "AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties);

  test("one route per route-table entry, with routeKey(route)", () => {
    assert.equal(apiRoutes.length, routes.length);
    assert.deepEqual(apiRoutes.map((r) => r.RouteKey).sort(), routes.map((r) => routeKey(r)).sort());
  });

  test("JWT authorizer on every non-public route, none on public ones", () => {
    const authorizers = resourcesOf(stateless, "AWS::ApiGatewayV2::Authorizer");
    assert.equal(authorizers.length, 1);
    const [authorizerId, authorizer] = authorizers[0] ?? ["", undefined];
    assert.equal(authorizer?.Properties.AuthorizerType, "JWT");
    for (const route of routes) {
      const apiRoute = apiRoutes.find((r) => r.RouteKey === routeKey(route));
      assert.ok(apiRoute, routeKey(route));
      if (route.access === "public") {
        assert.equal(apiRoute.AuthorizationType, "NONE", routeKey(route));
        assert.equal(apiRoute.AuthorizerId, undefined, routeKey(route));
      } else {
        assert.equal(apiRoute.AuthorizationType, "JWT", routeKey(route));
        assert.deepEqual(apiRoute.AuthorizerId, { Ref: authorizerId }, routeKey(route));
      }
    }
  });

  test("each route is integrated with the function the route table names", () => {
    const integrations = Object.fromEntries(resourcesOf(stateless, "AWS::ApiGatewayV2::Integration"));
    for (const route of routes) {
      const apiRoute = apiRoutes.find((r) => r.RouteKey === routeKey(route));
      // "integrations/<id>", joined from a literal and the integration's Ref.
      const target = z
        .object({ "Fn::Join": z.tuple([z.string(), z.tuple([z.string(), z.object({ Ref: z.string() })])]) })
        .parse(apiRoute?.Target);
      const integrationId = target["Fn::Join"][1][1].Ref;
      const integration = integrations[integrationId];
      assert.deepEqual(
        integration?.Properties.IntegrationUri,
        { "Fn::GetAtt": [logicalIdOf(built.stateless.functions[route.fn].function), "Arn"] },
        routeKey(route),
      );
    }
  });

  test("no /dev route and no catch-all route is deployed", () => {
    for (const route of apiRoutes) {
      assert.ok(!String(route.RouteKey).includes("/dev"), String(route.RouteKey));
      assert.notEqual(route.RouteKey, "$default");
      assert.ok(!String(route.RouteKey).startsWith("ANY "), String(route.RouteKey));
    }
  });

  test("CORS allows the context origins and the headers the API reads, and exposes those it sets", () => {
    const [[, api] = ["", undefined], ...others] = resourcesOf(stateless, "AWS::ApiGatewayV2::Api");
    assert.equal(others.length, 0);
    const cors = z
      .object({ AllowOrigins: strings, AllowHeaders: strings, ExposeHeaders: strings })
      .parse(api?.Properties.CorsConfiguration);
    assert.deepEqual(cors.AllowOrigins, cdkJson.context.corsOrigins);
    // Header names are case-insensitive, in CORS and in API Gateway's comparison.
    const lower = (names: string[]) => names.map((name) => name.toLowerCase()).sort();
    assert.deepEqual(lower(cors.AllowHeaders), [
      "authorization",
      "content-type",
      "idempotency-key",
      "x-receipt",
    ]);
    assert.deepEqual(lower(cors.ExposeHeaders), ["location", "retry-after", "x-request-id"]);
  });

  test("the default stage is throttled, throttles public routes harder and writes access logs", () => {
    const publicKeys = routes.filter((r) => r.access === "public").map((r) => routeKey(r));
    stateless.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp("requestId") },
      RouteSettings: Object.fromEntries(
        publicKeys.map((key) => [key, Match.objectLike({ ThrottlingRateLimit: Match.anyValue() })]),
      ),
    });
  });

  test("a route that declares its own throttle gets exactly that limit on the stage", () => {
    const declared = routes.filter((r) => r.throttle !== undefined);
    const [[, stage] = ["", undefined]] = resourcesOf(stateless, "AWS::ApiGatewayV2::Stage");
    const settings = z
      .record(z.string(), z.object({ ThrottlingRateLimit: z.number(), ThrottlingBurstLimit: z.number() }))
      .parse(stage?.Properties.RouteSettings);
    for (const route of declared) {
      assert.deepEqual(settings[routeKey(route)], {
        ThrottlingRateLimit: route.throttle?.rateLimit,
        ThrottlingBurstLimit: route.throttle?.burstLimit,
      });
    }
  });

  test("the access log names no source IP, user agent or caller, so no complaint's reporter is logged", () => {
    const [[, stage] = ["", undefined]] = resourcesOf(stateless, "AWS::ApiGatewayV2::Stage");
    const { Format } = z
      .object({ Format: z.string() })
      .parse(z.object({ AccessLogSettings: z.unknown() }).parse(stage?.Properties).AccessLogSettings);
    const fields = Object.values(z.record(z.string(), z.string()).parse(JSON.parse(Format)));
    assert.ok(fields.includes("$context.requestId"));
    for (const field of fields) {
      assert.doesNotMatch(field, /sourceIp|userAgent|identity\.|authorizer\.claims|caller|user\b/i, field);
    }
  });

  test("functions serving a public route that takes a token check it against the user pool", () => {
    const checking = new Set(routes.filter((r) => r.acceptsToken).map((r) => r.fn));
    for (const name of apiFunctionNames) {
      const variables = envOf(logicalIdOf(built.stateless.functions[name].function));
      assert.equal("TOKEN_ISSUER" in variables, checking.has(name), name);
      assert.equal("TOKEN_AUDIENCE" in variables, checking.has(name), name);
    }
  });
});

describe("weekly sweep", () => {
  test("runs every Monday 08:00 in the context time zone, with retries and a dead-letter queue", () => {
    const [[, schedule] = ["", undefined], ...others] = resourcesOf(stateless, "AWS::Scheduler::Schedule");
    assert.equal(others.length, 0);
    assert.ok(schedule);
    assert.equal(weeklySweepCron, "cron(0 8 ? * MON *)");
    assert.equal(schedule.Properties.ScheduleExpression, "cron(0 8 ? * MON *)");
    assert.equal(schedule.Properties.ScheduleExpressionTimezone, contextTimeZone);
    const target = z.record(z.string(), z.unknown()).parse(schedule.Properties.Target);
    assert.deepEqual(target.Arn, {
      "Fn::GetAtt": [logicalIdOf(built.stateless.sweepRunner.function), "Arn"],
    });
    assert.ok(target.RetryPolicy, "RetryPolicy");
    assert.deepEqual(target.DeadLetterConfig, {
      Arn: { "Fn::GetAtt": [logicalIdOf(built.stateless.deadLetterQueue), "Arn"] },
    });
  });

  test("the dead-letter queue is encrypted and refuses plain HTTP", () => {
    stateless.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
    stateless.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  test("failed asynchronous sweep runs also land in the dead-letter queue", () => {
    stateless.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: logicalIdOf(built.stateless.sweepRunner.function) },
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": [logicalIdOf(built.stateless.deadLetterQueue), "Arn"] } },
      },
    });
  });

  test("another time zone in context moves the schedule and the functions with it", () => {
    const other = build({ context: { timeZone: "Europe/Berlin" }, skipBundling: true });
    const template = Template.fromStack(other.stateless);
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpressionTimezone: "Europe/Berlin",
    });
    const functions = resourcesOf(template, "AWS::Lambda::Function");
    assert.equal(functions.length, functionNames.length);
    for (const [id, fn] of functions) assert.equal(variablesOf(fn).TIME_ZONE, "Europe/Berlin", id);
  });
});

describe("alarms", () => {
  const alarms = resourcesOf(stateless, "AWS::CloudWatch::Alarm").map(([, a]) => a.Properties);
  const topicId = logicalIdOf(built.stateless.alarmTopic);

  test("the dead-letter queue's depth raises an alarm", () => {
    const dlqAlarm = alarms.find(
      (a) => a.Namespace === "AWS/SQS" && a.MetricName === "ApproximateNumberOfMessagesVisible",
    );
    assert.ok(dlqAlarm);
    assert.deepEqual(dlqAlarm.Dimensions, [
      {
        Name: "QueueName",
        Value: { "Fn::GetAtt": [logicalIdOf(built.stateless.deadLetterQueue), "QueueName"] },
      },
    ]);
  });

  test("every function's Errors metric raises an alarm", () => {
    for (const [id] of lambdas) {
      const alarm = alarms.find(
        (a) =>
          a.Namespace === "AWS/Lambda" &&
          a.MetricName === "Errors" &&
          JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: "FunctionName", Value: { Ref: id } }]),
      );
      assert.ok(alarm, `Errors alarm for ${id}`);
    }
  });

  test("a sweep that could not send a digest raises an alarm on the first failure", () => {
    const digests = alarms.filter((a) => a.MetricName === "DigestsFailed");
    assert.equal(digests.length, 1);
    const [alarm] = digests;
    assert.equal(alarm?.Namespace, "BurdenWatch");
    assert.deepEqual(alarm?.Dimensions, [{ Name: "service", Value: "burden-watch" }]);
    assert.equal(alarm?.Statistic, "Sum");
    assert.equal(alarm?.Period, 3600);
    assert.equal(alarm?.Threshold, 1);
    assert.equal(alarm?.EvaluationPeriods, 1);
    assert.equal(alarm?.ComparisonOperator, "GreaterThanOrEqualToThreshold");
    assert.equal(alarm?.TreatMissingData, "notBreaching");
    assert.deepEqual(alarm?.OKActions, [{ Ref: topicId }]);
    // The metrics land where the functions publish them.
    for (const [id] of lambdas) {
      assert.equal(envOf(id).POWERTOOLS_METRICS_NAMESPACE, alarm?.Namespace, id);
      assert.equal(envOf(id).POWERTOOLS_SERVICE_NAME, "burden-watch", id);
    }
  });

  test("every alarm notifies the encrypted alarm topic", () => {
    for (const alarm of alarms) assert.deepEqual(alarm.AlarmActions, [{ Ref: topicId }]);
    stateless.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
  });

  test("no email subscription unless alarmEmail is set", () => {
    const subscribed = build({ context: { alarmEmail: "ops@example.gov" }, skipBundling: true });
    Template.fromStack(subscribed.stateless).hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.gov",
    });
    if (!cdkJson.context.alarmEmail) stateless.resourceCountIs("AWS::SNS::Subscription", 0);
  });
});

describe("outputs and hygiene", () => {
  test("the stateless stack outputs the API URL, user pool, client and table", () => {
    for (const output of ["ApiUrl", "UserPoolId", "UserPoolClientId", "TableName"]) {
      stateless.hasOutput(output, {});
    }
  });

  test("the stateful stack owns the data and the stateless one none of it", () => {
    for (const type of [
      "AWS::DynamoDB::GlobalTable",
      "AWS::Cognito::UserPool",
      "AWS::SecretsManager::Secret",
    ]) {
      stateful.resourceCountIs(type, 1);
      stateless.resourceCountIs(type, 0);
    }
    stateful.resourceCountIs("AWS::SES::EmailIdentity", 1);
    stateful.resourceCountIs("AWS::SES::ConfigurationSet", 1);
  });

  test("synthesis leaves no warnings or errors on either stack", () => {
    for (const stack of [built.stateful, built.stateless]) {
      const annotations = Annotations.fromStack(stack);
      assert.deepEqual(annotations.findError("*", Match.anyValue()), [], stack.stackName);
      assert.deepEqual(annotations.findWarning("*", Match.anyValue()), [], stack.stackName);
    }
  });
});
