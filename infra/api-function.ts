/**
 * The one way this app defines a Lambda function, modelled on the Powertools for AWS Lambda
 * (TypeScript) examples: Node.js 24 on arm64, an ESM bundle built locally by esbuild, X-Ray
 * tracing, JSON logs to an explicit log group with a retention, and the environment every function
 * reads (shared/config.ts) set here and nowhere else.
 */
import path from "node:path";
import { Duration, Validations } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { tableIndexes } from "../shared/db/table-definition.ts";
import { esmRequireBanner, runtimeProvidedModules } from "./bundling.ts";
import type { DeploymentSettings } from "./settings.ts";

/** The repository root, found from this file rather than from the working directory. */
export const repoRoot = path.resolve(import.meta.dirname, "..");

/** Entry point of a function: functions/<name>/handler.ts, exporting `handler`. */
export const entryOf = (name: string): string => path.join(repoRoot, "functions", name, "handler.ts");

export const serviceName = "burden-watch";

export type TableAccess = "read" | "readWrite";

const tableReadActions = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DescribeTable",
];
// Transactions (TransactWriteItems/TransactGetItems) are authorised through these item actions.
// Scan is deliberately absent: every access pattern is a key lookup or an index query.
const tableWriteActions = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];

/**
 * Points a function at the table (TABLE_NAME) and grants exactly the access asked for, in one
 * call, so a function can never have the variable without the permission or the other way round.
 * Index access is granted per named index (Query only) rather than with `index/*`.
 */
export const bindTable = (fn: lambda.Function, table: ITableV2, access: TableAccess): void => {
  fn.addEnvironment("TABLE_NAME", table.tableName);
  const actions = access === "readWrite" ? [...tableReadActions, ...tableWriteActions] : tableReadActions;
  fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ["dynamodb:Query"],
      resources: tableIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
    }),
  );
};

export type BurdenFunctionProps = {
  /** Directory under functions/ holding handler.ts; also the function's logical name. */
  name: string;
  description: string;
  settings: DeploymentSettings;
  table: ITableV2;
  tableAccess: TableAccess;
  /** @default 512 */
  memorySize?: number;
  /** @default 10 seconds (API Gateway gives up after 30) */
  timeout?: Duration;
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
    const { settings } = props;

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });

    // An explicit role that may write to its own log group only, instead of the AWS managed
    // AWSLambdaBasicExecutionRole (which allows logs:CreateLogGroup/PutLogEvents on every group).
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of the burden-watch ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, "Function", {
      description: props.description,
      entry: entryOf(props.name),
      handler: "handler",
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
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
        POWERTOOLS_METRICS_NAMESPACE: "BurdenWatch",
        ...props.environment,
      },
      bundling: {
        // Bundle with the local esbuild devDependency, not in Docker (CDK would only fall back to
        // Docker if esbuild were missing from node_modules).
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: "node24",
        platform: "node",
        // Prefer packages' ES module builds so esbuild can tree-shake them.
        mainFields: ["module", "main"],
        banner: esmRequireBanner,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Bundle the AWS SDK too: the version is the one in package-lock.json (the one the
        // integration tests ran against), not whatever the runtime ships this month, and only
        // the commands actually used are loaded at cold start. The few exceptions are listed in
        // bundling.ts.
        externalModules: runtimeProvidedModules[props.name] ?? [],
        metafile: false,
        logLevel: LogLevel.WARNING,
      },
    });
    bindTable(this.function, props.table, props.tableAccess);

    Validations.of(this.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords do not support " +
        "resource-level permissions, so AWS requires Resource '*' for them. Every other statement of this role " +
        "names its resources.",
    });
  }
}
