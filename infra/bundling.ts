/**
 * How a function's bundle is built, shared by the Lambda construct, the cold-start benchmark and
 * the bundle tests, so what is measured and checked is exactly what is deployed.
 */
import path from "node:path";
import type { BuildOptions } from "esbuild";
import { type FunctionName, functionManifest } from "./functions.ts";

/** The repository root, found from this file rather than from the working directory. */
export const repoRoot = path.resolve(import.meta.dirname, "..");

/** Entry point of a function: functions/<name>/handler.ts, exporting `handler`. */
export const entryOf = (name: FunctionName): string => path.join(repoRoot, "functions", name, "handler.ts");

/** CommonJS dependencies bundled into an ES module still call require(); give them one. */
export const esmRequireBanner =
  "import { createRequire as topLevelCreateRequire } from 'node:module';const require = topLevelCreateRequire(import.meta.url);";

/**
 * The esbuild options every function bundle is built with. BurdenFunction (infra/api-function.ts)
 * hands them to NodejsFunction; the benchmark and the bundle tests run esbuild with them directly.
 * Source maps are added by the construct (and by the benchmark, which measures bundles as deployed):
 * they change nothing that is imported, but with --enable-source-maps they cost every start.
 */
export const bundleOptions = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node24",
  // Prefer packages' ES module builds so esbuild can tree-shake them.
  mainFields: ["module", "main"],
  banner: { js: esmRequireBanner },
  minify: true,
  logLevel: "warning",
} satisfies BuildOptions;

/**
 * Everything else is bundled, the AWS SDK included: the version is the one in package-lock.json
 * (the one the integration tests ran against), not whatever the runtime ships this month, and only
 * the commands actually used are loaded at cold start.
 */
export const externalModulesOf = (name: FunctionName): string[] => [
  ...functionManifest[name].runtimeProvided,
];

/** The build of one function's bundle. */
export const esbuildOptionsOf = (name: FunctionName): BuildOptions => ({
  ...bundleOptions,
  entryPoints: [entryOf(name)],
  external: externalModulesOf(name),
});
