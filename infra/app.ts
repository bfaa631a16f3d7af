/**
 * CDK entry point (`"app": "node infra/app.ts"` in cdk.json; Node 24 strips the types).
 * Context settings are documented in ./settings.ts; `-c nag=true` adds the cdk-nag AwsSolutions pack.
 */
import { App } from "aws-cdk-lib";
import { buildApp } from "./burden-watch.ts";

const app = new App();
buildApp(app);
app.synth();
