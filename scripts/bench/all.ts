/**
 * `npm run bench`: every benchmark, one after the other (they would disturb each other in
 * parallel), each in its own process; exits non-zero when any misses its target.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const benches = ["cold-start.ts", "request-path.ts"];
let failed = 0;
for (const bench of benches) {
  const result = spawnSync(
    process.execPath,
    [path.join(import.meta.dirname, bench), ...process.argv.slice(2)],
    {
      stdio: "inherit",
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "ERROR" },
    },
  );
  if (result.status !== 0) failed += 1;
}
if (failed > 0) {
  console.log(`\n${failed} of ${benches.length} benchmarks missed a target`);
  process.exitCode = 1;
}
