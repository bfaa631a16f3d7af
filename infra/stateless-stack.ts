/**
 * Everything that can be thrown away and rebuilt from the repository: the functions, the HTTP API
 * generated from the route table, the weekly sweep schedule with its dead-letter queue, and the
 * alarms. It reads the stateful stack's resources but owns none of the data.
 */
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpUserPoolAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as cognito from "aws-cdk-lib/aws-cognito";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import * as logs from "aws-cdk-lib/aws-logs";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as ses from "aws-cdk-lib/aws-ses";
import * as sns from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS } from "../shared/platform/http/cors-headers.ts";
import { routeKey, routes } from "../shared/routes.ts";
import { BurdenFunction, metricsNamespace, serviceName } from "./api-function.ts";
import {
  type ApiFunctionName,
  byFunction,
  type FunctionName,
  functionManifest,
  functionNames,
  functionNameVariableOf,
  invocableFunctionNames,
  timeoutSecondsOf,
  timeoutVariableOf,
} from "./functions.ts";
import type { DeploymentSettings } from "./settings.ts";

/** Monday 08:00, interpreted in the deployment's time zone (ScheduleExpressionTimezone). */
export const weeklySweepCron = "cron(0 8 ? * MON *)";

/** Requests per second across the whole API, and the burst above it. */
export const apiThrottle = { rateLimit: 50, burstLimit: 100 } as const;
/** Tighter limits for routes anyone can call without signing in. */
export const publicRouteThrottle = { rateLimit: 5, burstLimit: 10 } as const;

export type StatelessStackProps = StackProps & {
  settings: DeploymentSettings;
  table: ITableV2;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
  emailIdentity: ses.IEmailIdentity;
  configurationSet: ses.IConfigurationSet;
  configurationSetArn: string;
  cursorSecret: secretsmanager.ISecret;
};

export class StatelessStack extends Stack {
  public readonly functions: Record<FunctionName, BurdenFunction>;
  /** The schedule's target; the same construct as functions["sweep-runner"]. */
  public readonly sweepRunner: BurdenFunction;
  public readonly httpApi: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly alarmTopic: sns.Topic;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, table } = props;

    const devRoute = routes.find((route) => route.path === "/dev" || route.path.startsWith("/dev/"));
    if (devRoute) throw new Error(`Route ${routeKey(devRoute)} is local-only and must not be deployed`);

    // ---- functions -------------------------------------------------------------------------

    this.functions = byFunction((name) => {
      const spec = functionManifest[name];
      const environment: Record<string, string> = {};
      if (spec.pagesLists) {
        // Trade-off: CloudFormation resolves this dynamic reference at deploy time and stores the
        // plain value in the function's configuration, so anyone allowed
        // lambda:GetFunctionConfiguration can read it, and a new secret value only reaches the
        // functions on the next deploy. In exchange there is no Secrets Manager call (latency,
        // cost, a failure mode) on cold start, and shared/platform/config.ts reads it like any
        // setting. The key only signs pagination cursors; it protects no data by itself.
        environment.CURSOR_SECRET = props.cursorSecret.secretValue.unsafeUnwrap();
      }
      if (routes.some((route) => route.fn === name && route.acceptsToken)) {
        // A public route that also takes a token (shared/platform/http/bearer.ts) checks it in the
        // function against the same user pool and client the authorizer trusts.
        environment.TOKEN_ISSUER = `https://${props.userPool.userPoolProviderName}`;
        environment.TOKEN_AUDIENCE = props.userPoolClient.userPoolClientId;
      }
      if (spec.sendsEmail) {
        // Named on every message, as well as being the identity's default configuration set.
        environment.SES_CONFIGURATION_SET = props.configurationSet.configurationSetName;
      }
      const fn = new BurdenFunction(this, `Fn-${name}`, { name, settings, table, environment });
      if (spec.sendsEmail) {
        fn.role.addToPolicy(
          new iam.PolicyStatement({
            actions: ["ses:SendEmail"],
            resources: [props.emailIdentity.emailIdentityArn, props.configurationSetArn],
          }),
        );
      }
      return fn;
    });
    this.sweepRunner = this.functions["sweep-runner"];

    // An invoked function's timeout reaches its own environment and its invokers' from the one
    // manifest value that also sets the Lambda timeout, so "a run still going" means the same to
    // the runner, to the API reading its record and to Lambda.
    for (const name of invocableFunctionNames) {
      this.functions[name].function.addEnvironment(timeoutVariableOf(name), String(timeoutSecondsOf(name)));
    }
    // A function may invoke exactly the functions its manifest entry names, each by its
    // unqualified ARN, and learns their deployed names from the environment.
    for (const name of functionNames) {
      for (const target of functionManifest[name].invokes) {
        const { function: invoked } = this.functions[target];
        this.functions[name].function.addEnvironment(functionNameVariableOf(target), invoked.functionName);
        this.functions[name].function.addEnvironment(
          timeoutVariableOf(target),
          String(timeoutSecondsOf(target)),
        );
        this.functions[name].role.addToPolicy(
          new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [invoked.functionArn] }),
        );
      }
    }

    // ---- HTTP API ----------------------------------------------------------------------------

    this.httpApi = new apigwv2.HttpApi(this, "HttpApi", {
      apiName: "burden-watch",
      description: "burden-watch API, generated from shared/routes.ts",
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: settings.corsOrigins,
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.OPTIONS,
        ],
        // The request headers the API reads (shared/platform/http/handler.ts).
        allowHeaders: CORS_ALLOW_HEADERS,
        // API Gateway answers CORS itself and drops the integration's Access-Control-* headers,
        // so a browser script can read these response headers only if they are listed here:
        // Location of a created resource, Retry-After of a 429/503, and the request id to quote
        // in a support ticket.
        exposeHeaders: CORS_EXPOSE_HEADERS,
        maxAge: Duration.hours(1),
      },
    });

    // The OpenAPI document names the API's own address as its server.
    this.functions.meta.function.addEnvironment("API_SERVERS", this.httpApi.apiEndpoint);

    const accessLogs = new logs.LogGroup(this, "ApiAccessLogs", { retention: logs.RetentionDays.ONE_YEAR });
    this.stage = new apigwv2.HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: apiThrottle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          // No source IP, user agent or caller: the stage has one format for every route, and the
          // complaint routes promise that nothing identifies an anonymous reporter (README,
          // "Complaints"). A request is traced by its requestId, which the function logs too.
          JSON.stringify({
            requestId: "$context.requestId",
            requestTime: "$context.requestTime",
            routeKey: "$context.routeKey",
            status: "$context.status",
            protocol: "$context.protocol",
            responseLength: "$context.responseLength",
            responseLatency: "$context.responseLatency",
            integrationLatency: "$context.integrationLatency",
            integrationError: "$context.integrationErrorMessage",
            authorizerError: "$context.authorizer.error",
          }),
        ),
      },
    });

    const authorizer = new HttpUserPoolAuthorizer("Cognito", props.userPool, {
      userPoolClients: [props.userPoolClient],
      identitySource: ["$request.header.Authorization"],
    });
    const noAuthorizer = new apigwv2.HttpNoneAuthorizer();
    // One integration per function, shared by all of its routes.
    const integrations = new Map<ApiFunctionName, HttpLambdaIntegration>();
    const integrationOf = (name: ApiFunctionName): HttpLambdaIntegration => {
      const existing = integrations.get(name);
      if (existing) return existing;
      const integration = new HttpLambdaIntegration(`Integration-${name}`, this.functions[name].function);
      integrations.set(name, integration);
      return integration;
    };

    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of routes) {
      const isPublic = route.access === "public";
      const httpRoute = new apigwv2.HttpRoute(this, `Route-${route.operationId}`, {
        httpApi: this.httpApi,
        routeKey: apigwv2.HttpRouteKey.with(route.path, apigwv2.HttpMethod[route.method]),
        integration: integrationOf(route.fn),
        authorizer: isPublic ? noAuthorizer : authorizer,
      });
      const throttle = route.throttle ?? (isPublic ? publicRouteThrottle : undefined);
      if (throttle) {
        routeSettings[routeKey(route)] = {
          ThrottlingRateLimit: throttle.rateLimit,
          ThrottlingBurstLimit: throttle.burstLimit,
        };
        // Route settings name the route by key, so the route must exist before the stage update.
        this.stage.node.addDependency(httpRoute);
      }
      if (isPublic) {
        Validations.of(httpRoute).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `${routeKey(route)} is public by design (shared/routes.ts access "public"): it must answer without a token. It is throttled to ${throttle?.rateLimit} rps (burst ${throttle?.burstLimit}) on the stage.`,
        });
      }
    }
    if (Object.keys(routeSettings).length > 0) {
      (this.stage.node.defaultChild as apigwv2.CfnStage).addPropertyOverride("RouteSettings", routeSettings);
    }

    // ---- weekly sweep ------------------------------------------------------------------------

    // Receives both schedule deliveries that failed after the scheduler's retries and sweep runs
    // that failed after Lambda's asynchronous retries (the runner's on-failure destination).
    this.deadLetterQueue = new sqs.Queue(this, "SweepDeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.sweepRunner.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    const schedulerRole = new iam.Role(this, "WeeklySweepRole", {
      description: "Assumed by EventBridge Scheduler to start the weekly sweep",
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
    });
    new scheduler.Schedule(this, "WeeklySweep", {
      description: "Weekly sweep of the previous ISO week, Monday 08:00 local time",
      schedule: scheduler.ScheduleExpression.expression(weeklySweepCron, TimeZone.of(settings.timeZone)),
      target: new LambdaInvoke(this.sweepRunner.function, {
        input: scheduler.ScheduleTargetInput.fromObject({
          trigger: "schedule",
          // The runner counts the default window back from the scheduled instant, so a late or
          // retried delivery still sweeps the week it was meant for; the execution id is for logs.
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
          executionId: scheduler.ContextAttribute.executionId,
        }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
        role: schedulerRole,
      }),
    });
    const runnerLogicalId = this.resolve(
      (this.sweepRunner.function.node.defaultChild as lambda.CfnFunction).logicalId,
    );
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${runnerLogicalId}.Arn>:*]`,
      reason:
        "aws-scheduler-targets' LambdaInvoke grants lambda:InvokeFunction on the sweep runner and on its qualified " +
        "forms (<arn>:*); the wildcard covers versions and aliases of that one function only.",
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself a dead-letter queue (of the weekly schedule and of the sweep runner's asynchronous " +
        "invocations); cdk-nag only recognises queues named in another queue's RedrivePolicy.",
    });

    // ---- alarms ------------------------------------------------------------------------------

    // CloudWatch can only publish to an encrypted topic whose key lets it; AWS managed keys
    // (alias/aws/sns) cannot be granted to it, hence a customer managed key.
    const alarmKey = new kms.Key(this, "AlarmTopicKey", {
      description: "Encrypts the burden-watch alarm topic",
      enableKeyRotation: true,
      // It only protects alarm notifications in flight; nothing stored depends on it.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    alarmKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
      }),
    );
    this.alarmTopic = new sns.Topic(this, "AlarmTopic", {
      displayName: "burden-watch alarms",
      masterKey: alarmKey,
      enforceSSL: true,
    });
    if (settings.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(settings.alarmEmail));
    const alarmAction = new SnsAction(this.alarmTopic);

    const addAlarm = (alarmId: string, alarmProps: cloudwatch.AlarmProps): void => {
      const alarm = new cloudwatch.Alarm(this, alarmId, alarmProps);
      alarm.addAlarmAction(alarmAction);
      alarm.addOkAction(alarmAction);
      this.alarms.push(alarm);
    };

    for (const name of functionNames) {
      const fn = this.functions[name];
      addAlarm(`Errors-${name}`, {
        alarmDescription: `The ${name} function threw (Errors > 0 in 5 minutes)`,
        metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    addAlarm("SweepDeadLetters", {
      alarmDescription: "A weekly sweep could not be delivered or failed after retries (messages in the DLQ)",
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // The sweep runner counts each digest SES refused (Powertools Metrics, published as EMF in its
    // log, so its role needs no cloudwatch:PutMetricData). A run publishes one datapoint and runs
    // at most weekly, so there is no rate to smooth: one failed digest is worth a message. An hour
    // gathers a run and Lambda's asynchronous retries of it into one ALARM/OK pair instead of one
    // per attempt; with no data between runs the alarm returns to OK by itself.
    addAlarm("DigestsFailed", {
      alarmDescription:
        "A sweep could not send at least one digest (DigestsFailed >= 1 in an hour); run the sweep again to retry",
      metric: new cloudwatch.Metric({
        namespace: metricsNamespace,
        metricName: "DigestsFailed",
        dimensionsMap: { service: serviceName },
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    addAlarm("Api5xx", {
      alarmDescription: "The API answered 5xx at least 5 times in 5 minutes",
      metric: this.httpApi.metricServerError({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // ---- outputs -----------------------------------------------------------------------------

    new CfnOutput(this, "ApiUrl", { value: this.stage.url, description: "Base URL of the HTTP API" });
    new CfnOutput(this, "UserPoolId", { value: props.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: props.userPoolClient.userPoolClientId });
    new CfnOutput(this, "TableName", { value: table.tableName });
  }
}
