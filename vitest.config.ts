/**
 * Four projects, runnable alone with `npm test -- --project <name>`:
 * - unit: pure rules and single modules, with the shared in-memory fakes under test/fakes
 * - system: the local stack as a black box over HTTP (authorization matrix, bad input, fuzzing,
 *   concurrency, faults); one DynamoDB Local and one SES emulator serve every file
 * - local: the local runtime itself (gateway, tokens, Invoke endpoint, tables, schedule)
 * - infra: CDK assertions and cdk-nag
 */
import { defineConfig } from "vitest/config";

const slow = { testTimeout: 120_000, hookTimeout: 180_000 };

/** The 90% gate speaks of the whole suite; one project alone covers only its part of shared/. */
const wholeSuite = !process.argv.some((arg) => arg === "--project" || arg.startsWith("--project="));

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
    coverage: {
      provider: "v8",
      include: ["shared/**/*.ts"],
      reporter: ["text-summary", "text", "json-summary"],
      reportsDirectory: "reports/coverage",
      thresholds: wholeSuite ? { lines: 90, branches: 90 } : {},
    },
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        test: {
          name: "system",
          include: ["test/system/**/*.test.ts"],
          globalSetup: ["test/system/global-setup.ts"],
          // Every answer the black-box suites receive is checked against its route's schema.
          env: { VALIDATE_RESPONSES: "true" },
          // The files share the emulators' mailbox and the machine's two cores: one at a time.
          fileParallelism: false,
          ...slow,
        },
      },
      { test: { name: "local", include: ["test/local/**/*.test.ts"], ...slow } },
      { test: { name: "infra", include: ["test/infra/**/*.test.ts"], ...slow } },
    ],
  },
});
