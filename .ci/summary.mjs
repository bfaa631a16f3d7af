// Prints "N passed, N failed" from vitest's JSON report; exits 1 when nothing ran or anything failed.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "reports/vitest.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch {
  console.log("0 passed, 1 failed");
  console.error(`no vitest report at ${file}: no test ran`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A file that failed to load counts as a failure even though none of its tests ran.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === "failed" && file.assertionResults.length === 0,
).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
console.log(`${passed} passed, ${failed} failed`);
process.exit(passed > 0 && failed === 0 ? 0 : 1);
