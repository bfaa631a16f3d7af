/**
 * esbuild settings shared by the Lambda construct and the cold-start benchmark, so the benchmark
 * measures exactly what is deployed.
 */

/** CommonJS dependencies bundled into an ES module still call require(); give them one. */
export const esmRequireBanner =
  "import { createRequire as topLevelCreateRequire } from 'node:module';const require = topLevelCreateRequire(import.meta.url);";

/**
 * Modules a function loads from the Lambda runtime's own AWS SDK instead of its bundle: only
 * clients used on a rare path behind a dynamic import, so they cost nothing at cold start.
 */
export const runtimeProvidedModules: Record<string, string[]> = {
  sweeps: ["@aws-sdk/client-lambda"],
};
