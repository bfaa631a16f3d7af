/**
 * The one way this app defines a Lambda function, modelled on the Powertools for AWS Lambda
 * (TypeScript) examples: Node.js 24 on arm64, an ESM bundle built locally by esbuild, X-Ray
 * tracing, JSON logs to an explicit log group with a retention, and the environment every function
 * reads (shared/platform/config.ts) set here and nowhere else. What differs between functions
 * comes from their entry in the manifest (infra/functions.ts).
 */
import path from "node:path";
import { Duration, Validations } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { tableIndexes } from "../shared/platform/store/table-definition.ts";
import { bundleOptions, entryOf, externalModulesOf, repoRoot } from "./bundling.ts";
import {
  type FunctionName,
  type FunctionSpec,
  functionManifest,
  type TableAccess,
  timeoutSecondsOf,
} from "./functions.ts";
import type { DeploymentSettings } from "./settings.ts";

export const serviceName = "burden-watch";
/** Where Powertools Metrics publishes; alarms on the app's own metrics read it from here. */
export const metricsNamespace = "BurdenWatch";

/**
 * Points a function at the table (TABLE_NAME) and grants exactly the actions its manifest entry
 * lists (functions.ts explains how transactions are authorised), in one call, so a function can
 * never have the variable without the permission or the other way round. Index access is Query
 * only, per named index rather than `index/*`, and only for a function that queries.
 */
export const bindTable = (fn: lambda.Function, table: ITableV2, access: TableAccess): void => {
  fn.addEnvironment("TABLE_NAME", table.tableName);
  const actions = [...access.read, ...access.write].map((action) => `dynamodb:${action}`);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
  if (access.read.includes("Query")) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: tableIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
      }),
    );
  }
};

export type BurdenFunctionProps = {
  /** Its entry in the manifest, and the directory under functions/ holding handler.ts. */
  name: FunctionName;
  settings: DeploymentSettings;
  table: ITableV2;
  /** Extra variables for this function only. */
  environment?: Record<string, string>;
  /** @default ONE_YEAR */
  logRetention?: logs.RetentionDays;
};

export class BurdenFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: logs.LogGroup;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BurdenFunctionProps) {
    super(scope, id);
    const { settings, name } = props;
    const spec: FunctionSpec = functionManifest[name];

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });

    // An explicit role that may write to its own log group only, instead of the AWS managed
    // AWSLambdaBasicExecutionRole (which allows logs:CreateLogGroup/PutLogEvents on every group).
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of the burden-watch ${name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, "Function", {
      description: spec.description,
      entry: entryOf(name),
      handler: "handler",
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memorySize ?? 512,
      // API Gateway gives up after 30 seconds; an API function should answer well within that.
      timeout: Duration.seconds(timeoutSecondsOf(name)),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        TIME_ZONE: settings.timeZone,
        EMAIL_LOCALE: settings.emailLocale,
        MAIL_FROM: settings.mailFrom,
        CORS_ORIGINS: settings.corsOrigins.join(","),
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        ...settings.ruleSettings,
        ...props.environment,
      },
      bundling: {
        // Bundle with the local esbuild devDependency, not in Docker (CDK would only fall back to
        // Docker if esbuild were missing from node_modules).
        forceDockerBundling: false,
        // bundleOptions (bundling.ts) as NodejsFunction spells them.
        format: OutputFormat.ESM,
        target: bundleOptions.target,
        platform: bundleOptions.platform,
        mainFields: bundleOptions.mainFields,
        banner: bundleOptions.banner.js,
        minify: bundleOptions.minify,
        logLevel: LogLevel.WARNING,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Replaces NodejsFunction's default (the whole AWS SDK external); see bundling.ts.
        externalModules: externalModulesOf(name),
        metafile: false,
      },
    });
    bindTable(this.function, props.table, spec.table);

    Validations.of(this.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords do not support " +
        "resource-level permissions, so AWS requires Resource '*' for them. Every other statement of this role " +
        "names its resources.",
    });
  }
}
