/**
 * Builds the CDK app the way `cdk synth` does: the same context (cdk.json, including feature
 * flags) and the same buildApp(). Side-effect free on import (`node --test` also runs this file); each test file calls it once at
 * module level and reuses the result, because bundling the functions with esbuild takes seconds.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App } from "aws-cdk-lib";
import * as z from "zod/mini";
import { type BurdenWatchStacks, buildApp } from "../../infra/burden-watch.ts";

/** The settings the tests compare against; feature flags and the rest pass through untouched. */
const cdkJsonSchema = z.object({
  app: z.string(),
  context: z.looseObject({
    timeZone: z.string(),
    mailFrom: z.string(),
    emailLocale: z.string(),
    corsOrigins: z.array(z.string()),
    alarmEmail: z.optional(z.string()),
  }),
});

export const cdkJson = cdkJsonSchema.parse(
  JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")),
);

export type BuildOptions = {
  /** Context on top of cdk.json's. */
  context?: Record<string, unknown>;
  /**
   * Skip esbuild (CDK's `aws:cdk:bundling-stacks` = []) for tests that only read templates or
   * the construct tree. Entry files must still exist.
   */
  skipBundling?: boolean;
};

export const build = (options: BuildOptions = {}): BurdenWatchStacks & { app: App } => {
  // A cloud assembly of our own, removed when the test process ends.
  const outdir = mkdtempSync(path.join(tmpdir(), "burden-watch-cdk-"));
  process.once("exit", () => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      ...(options.skipBundling ? { "aws:cdk:bundling-stacks": [] } : {}),
      ...options.context,
    },
  });
  return { app, ...buildApp(app) };
};
