/**
 * Builds the two stacks into an app. Kept apart from app.ts (which synthesizes on import) so tests
 * can build the same stacks into an App of their own.
 */
import { type App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { readSettings } from "./settings.ts";
import { StatefulStack } from "./stateful-stack.ts";
import { StatelessStack } from "./stateless-stack.ts";

export type BurdenWatchStacks = { stateful: StatefulStack; stateless: StatelessStack };

export const buildApp = (app: App): BurdenWatchStacks => {
  const settings = readSettings(app.node);
  // Account and region come from the CLI's credentials/profile at deploy time.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

  const stateful = new StatefulStack(app, "BurdenWatchStateful", {
    env,
    description: "burden-watch: table, user pool, SES identity, cursor key (retained)",
    settings,
    terminationProtection: true,
  });
  const stateless = new StatelessStack(app, "BurdenWatchStateless", {
    env,
    description: "burden-watch: functions, HTTP API, weekly sweep schedule, alarms",
    settings,
    table: stateful.table,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    emailIdentity: stateful.emailIdentity,
    configurationSet: stateful.configurationSet,
    configurationSetArn: stateful.configurationSetArn,
    cursorSecret: stateful.cursorSecret,
  });

  for (const stack of [stateful, stateless]) Tags.of(stack).add("app", "burden-watch");
  // cdk-nag 3 is a CDK policy-validation plugin (not an Aspect): a finding that is not acknowledged
  // with Validations.of(construct).acknowledge() fails synthesis and is listed in the report.
  if (settings.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
};
