/**
 * How each function runs once deployed, for the cold-start benchmark: the environment the stateless
 * stack gives it (read from the synthesized CDK app, not copied by hand, so it cannot drift) plus
 * the variables Lambda itself sets, and the source-map settings NodejsFunction builds with.
 *
 * Both matter to cold start: NODE_OPTIONS=--enable-source-maps makes Node read and parse the
 * bundle's source map while it loads the bundle, and TIME_ZONE is validated (an Intl time-zone
 * lookup) when shared/platform/config.ts first parses the environment.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { repoRoot } from "../../infra/bundling.ts";
import { buildApp } from "../../infra/burden-watch.ts";
import { byFunction, type FunctionName } from "../../infra/functions.ts";

/**
 * infra/api-function.ts builds every function with `sourceMap: true` (esbuild --sourcemap, a linked
 * external .map) and `sourcesContent: false`. infra/bundling.ts's bundleOptions leave source maps
 * out, so they are added back here.
 */
export const deployedSourceMapOptions = { sourcemap: true, sourcesContent: false } as const;

export type DeployedFunction = {
  /** Every variable the function sees at init, placeholders standing in for deploy-time tokens. */
  environment: Record<string, string>;
  memorySize: number;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const pseudoParameters: Record<string, string> = {
  "AWS::Region": "us-east-1",
  "AWS::AccountId": "123456789012",
  "AWS::Partition": "aws",
  "AWS::URLSuffix": "amazonaws.com",
  "AWS::StackName": "BurdenWatchStateless",
};

/**
 * A deploy-time value (a table name, the API's URL, a secret reference) has no value at synth:
 * it is rendered with stand-ins of the same form (references become lower-case names, joins are
 * joined), so that e.g. API_SERVERS is still a URL. A dynamic reference to a secret becomes a
 * random secret of the length a deployment would have.
 */
const render = (value: unknown): string => {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isRecord(value)) {
    const ref = value.Ref;
    if (typeof ref === "string") return pseudoParameters[ref] ?? `bench-${ref.toLowerCase()}`;
    const getAtt = value["Fn::GetAtt"];
    if (Array.isArray(getAtt)) {
      const [resource, attribute] = getAtt.map(render);
      const name = `bench-${resource}-${attribute}`.toLowerCase();
      // An endpoint or URL attribute (e.g. the HTTP API's ApiEndpoint, read as API_SERVERS) is a URL.
      return /(Endpoint|Url|URL)$/.test(attribute ?? "") ? `https://${name}.example.com` : name;
    }
    const join = value["Fn::Join"];
    if (Array.isArray(join) && typeof join[0] === "string" && Array.isArray(join[1])) {
      return join[1].map(render).join(join[0]);
    }
  }
  throw new Error(`cannot render the CloudFormation value ${JSON.stringify(value)}`);
};

const renderVariable = (value: unknown): string => {
  const rendered = render(value);
  return rendered.startsWith("{{resolve:") ? randomBytes(32).toString("base64url") : rendered;
};

/** What Lambda sets itself for a Node.js function (Lambda developer guide, "Defined runtime environment variables"). */
const lambdaVariables = (
  functionName: string,
  memorySize: number,
  logging: Record<string, unknown>,
): Record<string, string> => ({
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
  AWS_LAMBDA_FUNCTION_NAME: functionName,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize),
  AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
  AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
  ...(typeof logging.logFormat === "string" ? { AWS_LAMBDA_LOG_FORMAT: logging.logFormat } : {}),
  ...(typeof logging.applicationLogLevel === "string"
    ? { AWS_LAMBDA_LOG_LEVEL: logging.applicationLogLevel }
    : {}),
  _HANDLER: "index.handler",
  TZ: ":UTC",
  LANG: "en_US.UTF-8",
  // Dummies: nothing is called at init, and real credentials must never reach a benchmark.
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_SESSION_TOKEN: "bench",
  PATH: process.env.PATH ?? "/usr/bin:/bin",
});

/** Synthesizes the app (without bundling: only the templates are read) into `outdir`. */
export const deployedFunctions = async (outdir: string): Promise<Record<FunctionName, DeployedFunction>> => {
  const cdkJson: unknown = JSON.parse(await readFile(path.join(repoRoot, "cdk.json"), "utf8"));
  const context = isRecord(cdkJson) && isRecord(cdkJson.context) ? cdkJson.context : {};
  const app = new App({ outdir, context: { ...context, "aws:cdk:bundling-stacks": [] } });
  const { stateless } = buildApp(app);
  return byFunction((name) => {
    const cfn = stateless.functions[name].function.node.defaultChild;
    if (!(cfn instanceof CfnFunction))
      throw new Error(`${name}: no CfnFunction to read the environment from`);
    const resolve = (value: unknown): unknown => Stack.of(cfn).resolve(value);
    const environment = resolve(cfn.environment);
    const variables = isRecord(environment) && isRecord(environment.variables) ? environment.variables : {};
    const logging = resolve(cfn.loggingConfig);
    const memory = resolve(cfn.memorySize);
    const memorySize = typeof memory === "number" ? memory : 128;
    const own = Object.fromEntries(
      Object.entries(variables).map(([variable, value]) => [variable, renderVariable(value)]),
    );
    return {
      environment: {
        ...lambdaVariables(`burden-watch-${name}`, memorySize, isRecord(logging) ? logging : {}),
        ...own,
      },
      memorySize,
    };
  });
};

/**
 * The bare bundle runs with what every function has in common (NODE_OPTIONS, TIME_ZONE, log
 * settings...): the same Lambda configuration, only the code differs.
 */
export const commonEnvironment = (
  functions: Record<FunctionName, DeployedFunction>,
): Record<string, string> => {
  const all = Object.values(functions).map((deployed) => deployed.environment);
  const [first, ...rest] = all;
  if (!first) return {};
  const shared = Object.entries(first).filter(([variable, value]) =>
    rest.every((environment) => environment[variable] === value),
  );
  return { ...Object.fromEntries(shared), AWS_LAMBDA_FUNCTION_NAME: "burden-watch-bare" };
};
