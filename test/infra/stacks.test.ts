import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { describe, test } from "vitest";
import { weeklySweepCron } from "../../infra/stateless-stack.ts";
import { tableIndexes, tableKeys } from "../../shared/db/table-definition.ts";
import { roles } from "../../shared/domain/roles.ts";
import { functionNames, routeKey, routes } from "../../shared/routes.ts";
import { build, cdkJson } from "./fixture.ts";

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

// One synthesis (with real esbuild bundles) for the whole file.
const built = build();
const cloudAssembly = built.app.synth();
const stateful = Template.fromStack(built.stateful);
const stateless = Template.fromStack(built.stateless);

const resourcesOf = (template: Template, type: string): Array<[string, Resource]> =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

const lambdas = resourcesOf(stateless, "AWS::Lambda::Function");
const contextTimeZone = cdkJson.context.timeZone as string;

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }): string =>
  built.stateless.getLogicalId(construct.node.defaultChild as never);

const envOf = (logicalId: string): Record<string, unknown> => {
  const fn = lambdas.find(([id]) => id === logicalId);
  assert.ok(fn, `no function ${logicalId}`);
  return (fn[1].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
};

const statementsOfRole = (roleLogicalId: string): Statement[] =>
  resourcesOf(stateless, "AWS::IAM::Policy")
    .filter(([, policy]) =>
      (policy.Properties.Roles as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );

describe("functions", () => {
  test("one function per route-table function plus the sweep runner", () => {
    assert.equal(lambdas.length, functionNames.length + 1);
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
      const logging = fn.Properties.LoggingConfig as { LogFormat: string; LogGroup: { Ref: string } };
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
      assert.equal(env.CORS_ORIGINS, (cdkJson.context.corsOrigins as string[]).join(","), id);
      assert.equal(env.POWERTOOLS_SERVICE_NAME, "burden-watch", id);
      assert.equal(env.NODE_OPTIONS, "--enable-source-maps", id);
      assert.ok(env.TABLE_NAME, `${id} TABLE_NAME`);
    }
  });

  test("the cursor key reaches exactly the functions that serve list routes, as a dynamic reference", () => {
    const listing = new Set(routes.filter((r) => r.operationId.startsWith("list")).map((r) => r.fn));
    for (const name of functionNames) {
      const env = envOf(logicalIdOf(built.stateless.functions[name].function));
      if (listing.has(name)) {
        assert.match(JSON.stringify(env.CURSOR_SECRET), /\{\{resolve:secretsmanager:/, name);
      } else {
        assert.equal(env.CURSOR_SECRET, undefined, name);
      }
    }
    assert.equal(envOf(logicalIdOf(built.stateless.sweepRunner.function)).CURSOR_SECRET, undefined);
  });

  test("the sweeps function knows and may invoke the sweep runner, and nothing else may", () => {
    const runnerId = logicalIdOf(built.stateless.sweepRunner.function);
    const sweeps = built.stateless.functions.sweeps;
    assert.deepEqual(envOf(logicalIdOf(sweeps.function)).SWEEP_RUNNER_FUNCTION, { Ref: runnerId });
    const invoke = statementsOfRole(logicalIdOf(sweeps.role)).filter((s) =>
      actionsOf([s]).includes("lambda:InvokeFunction"),
    );
    assert.deepEqual(
      invoke.map((s) => s.Resource),
      [{ "Fn::GetAtt": [runnerId, "Arn"] }],
    );
    for (const name of functionNames.filter((n) => n !== "sweeps")) {
      const actions = actionsOf(statementsOfRole(logicalIdOf(built.stateless.functions[name].role)));
      assert.ok(!actions.includes("lambda:InvokeFunction"), name);
    }
  });

  test("table access is least privilege: meta reads only, nobody scans or uses dynamodb:*", () => {
    const writes = [
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
    ];
    const metaActions = actionsOf(statementsOfRole(logicalIdOf(built.stateless.functions.meta.role)));
    assert.ok(metaActions.includes("dynamodb:Query"));
    for (const write of writes) assert.ok(!metaActions.includes(write), write);
    for (const name of functionNames.filter((n) => n !== "meta")) {
      const actions = actionsOf(statementsOfRole(logicalIdOf(built.stateless.functions[name].role)));
      for (const write of writes) assert.ok(actions.includes(write), `${name} ${write}`);
    }
    const all = resourcesOf(stateless, "AWS::IAM::Policy").flatMap(([, p]) =>
      actionsOf((p.Properties.PolicyDocument as { Statement: Statement[] }).Statement),
    );
    assert.ok(!all.includes("dynamodb:Scan"));
    assert.ok(!all.some((action) => action.endsWith(":*") || action === "*"));
  });

  test("the sweep runner may send email through the identity and configuration set only", () => {
    const statements = statementsOfRole(logicalIdOf(built.stateless.sweepRunner.role));
    const ses = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith("ses:")));
    assert.equal(ses.length, 1);
    assert.deepEqual(actionsOf(ses), ["ses:SendEmail"]);
    const resources = JSON.stringify(ses[0]?.Resource);
    assert.match(resources, /:identity\//);
    assert.match(resources, /:configuration-set\//);
    for (const name of functionNames) {
      const actions = actionsOf(statementsOfRole(logicalIdOf(built.stateless.functions[name].role)));
      assert.ok(!actions.some((a) => a.startsWith("ses:")), name);
    }
    const configurationSetName = envOf(
      logicalIdOf(built.stateless.sweepRunner.function),
    ).SES_CONFIGURATION_SET;
    assert.match(JSON.stringify(configurationSetName), /ConfigurationSet/);
  });

  test("each bundle is an ES module with the createRequire banner that exports handler", () => {
    for (const [id, fn] of lambdas) {
      // The asset's S3 key is its hash; the cloud assembly stages it as asset.<hash>/.
      const s3Key = (fn.Properties.Code as { S3Key: string }).S3Key;
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
    const props = tables[0]?.[1].Properties as {
      GlobalSecondaryIndexes: Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }>;
      AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
    };
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
    assert.ok((client.Properties.ReadAttributes as string[]).includes("custom:unit"));
    assert.ok(!(client.Properties.WriteAttributes as string[]).includes("custom:unit"));
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
      const target = apiRoute?.Target as { "Fn::Join": [string, [string, { Ref: string }]] };
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

  test("CORS allows exactly the context origins", () => {
    stateless.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: Match.objectLike({ AllowOrigins: cdkJson.context.corsOrigins }),
    });
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
});

describe("weekly sweep", () => {
  test("runs every Monday 08:00 in the context time zone, with retries and a dead-letter queue", () => {
    const [[, schedule] = ["", undefined], ...others] = resourcesOf(stateless, "AWS::Scheduler::Schedule");
    assert.equal(others.length, 0);
    assert.ok(schedule);
    assert.equal(weeklySweepCron, "cron(0 8 ? * MON *)");
    assert.equal(schedule.Properties.ScheduleExpression, "cron(0 8 ? * MON *)");
    assert.equal(schedule.Properties.ScheduleExpressionTimezone, contextTimeZone);
    const target = schedule.Properties.Target as Record<string, unknown>;
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
    for (const [, fn] of Object.entries(
      template.findResources("AWS::Lambda::Function") as Record<string, Resource>,
    )) {
      assert.equal(
        (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.TIME_ZONE,
        "Europe/Berlin",
      );
    }
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
