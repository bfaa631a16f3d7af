/**
 * `npm run bench`: every benchmark, one after the other (they would disturb each other in
 * parallel), each in its own process. Each prints one table ending in its ratio, target and result;
 * this exits non-zero when any benchmark missed a target or failed to run.
 *
 *   npm run bench -- [--runs 21] [--plain] [--iterations 300] [--warmup 50] [--only "GET /v1/units"]
 *                    [--sweeps 11]
 *
 * Every option goes to every benchmark; each reads its own (cold-start.ts: --runs, --plain;
 * request-path.ts: --iterations, --warmup, --only; sweep.ts: --sweeps) and ignores the others'.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const benches = ["cold-start.ts", "request-path.ts", "sweep.ts"];
const failed: string[] = [];
for (const bench of benches) {
  const result = spawnSync(
    process.execPath,
    [path.join(import.meta.dirname, bench), ...process.argv.slice(2)],
    {
      stdio: "inherit",
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "ERROR" },
    },
  );
  if (result.status !== 0) failed.push(bench);
}
if (failed.length > 0) {
  console.log(
    `\n${failed.length} of ${benches.length} benchmarks missed a target or failed: ${failed.join(", ")}`,
  );
  process.exitCode = 1;
} else {
  console.log(`\nall ${benches.length} benchmarks met their targets`);
}
