/**
 * What exists only in the local runtime stays out of the cloud: the deployed HTTP API has no route
 * that reaches /dev/token or /dev/clock, no deployed function bundles the local runtime, and no
 * deployed code moves the clock, so a deployed clock is always real time.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { build as esbuild } from "esbuild";
import { describe, test } from "vitest";
import { esbuildOptionsOf, repoRoot } from "../../infra/bundling.ts";
import { functionNames } from "../../infra/functions.ts";
import { DEV_CLOCK_PATH } from "../../scripts/local/dev-clock.ts";
import { DEV_TOKEN_PATH } from "../../scripts/local/dev-token.ts";
import { build } from "./fixture.ts";

const localOnlyPaths = [DEV_TOKEN_PATH, DEV_CLOCK_PATH];

const routeKeys = Object.values(
  Template.fromStack(build({ skipBundling: true }).stateless).findResources("AWS::ApiGatewayV2::Route"),
).map((route) => String((route as { Properties: { RouteKey: unknown } }).Properties.RouteKey));

const sourceFiles = (folder: string): string[] =>
  readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => path.join(folder, file));

describe("local-only endpoints in the cloud", () => {
  test("the HTTP API has routes, none of them for /dev/token or /dev/clock, and none that catches all", () => {
    assert.ok(routeKeys.length > 0);
    for (const key of routeKeys) {
      const [method = "", routePath = ""] = key.split(" ");
      assert.ok(!localOnlyPaths.some((local) => routePath.startsWith(local)), key);
      assert.notEqual(key, "$default");
      assert.notEqual(method, "ANY", key);
      assert.ok(!routePath.includes("+}"), `${key} is a greedy path`);
    }
  });

  test("no deployed function bundles a module of scripts/, where the local endpoints live", async () => {
    for (const name of functionNames) {
      const { metafile } = await esbuild({
        ...esbuildOptionsOf(name),
        absWorkingDir: repoRoot,
        metafile: true,
        write: false,
      });
      const local = Object.keys(metafile.inputs).filter((module) => module.startsWith("scripts/"));
      assert.deepEqual(local, [], name);
    }
  });

  test("no deployed code moves the clock: only the local runtime calls setSystemClock", () => {
    const callers = ["functions", "shared", "infra"]
      .flatMap(sourceFiles)
      .filter((file) => readFileSync(path.join(repoRoot, file), "utf8").includes("setSystemClock"));
    assert.deepEqual(callers, [path.join("shared", "platform", "clock.ts")]);
  });
});
