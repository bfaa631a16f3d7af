// temporary: build unminified bundle, cpu-profile its import, attribute time to source modules
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync, mkdirSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { bundleOptions, esbuildOptionsOf, repoRoot } from "../../infra/bundling.ts";
const name = process.argv[2] ?? "requests";
const reps = Number(process.argv[3] ?? 10);
const dir = `/tmp/bw/prof-${name}`; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true });
const file = path.join(dir, "b.mjs");
const opts = name === "bare" ? { ...bundleOptions, stdin: { contents: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
export const handler = async () => client;`, resolveDir: repoRoot } } : esbuildOptionsOf(name as never);
await build({ ...opts, minify: false, outfile: file });
const lines = readFileSync(file, "utf8").split("\n");
const moduleOfLine: string[] = []; let cur = "(prelude)";
for (let i = 0; i < lines.length; i++) { const m = /^\/\/ (\S+\.(m?[jt]s|cjs|json))$/.exec(lines[i]); if (m) cur = m[1].replace(/^.*node_modules\//, "nm:"); moduleOfLine[i] = cur; }
const totals = new Map<string, number>(); let total = 0;
for (let r = 0; r < reps; r++) {
  const pd = path.join(dir, `p${r}`);
  execFileSync(process.execPath, ["--cpu-prof", "--cpu-prof-interval", "50", "--cpu-prof-dir", pd, "--input-type=module", "-e", `await import(${JSON.stringify(file)})`], { env: { ...process.env, AWS_REGION: "us-east-1", TABLE_NAME: "bench", AWS_LAMBDA_FUNCTION_NAME: "bench" } });
  const prof = JSON.parse(readFileSync(path.join(pd, readdirSync(pd)[0]), "utf8"));
  const byId = new Map(prof.nodes.map((n: any) => [n.id, n]));
  const deltas = prof.timeDeltas as number[];
  prof.samples.forEach((id: number, i: number) => {
    const n: any = byId.get(id); const d = (deltas[i + 1] ?? 0) / 1000;
    const cf = n.callFrame; let key: string;
    if (cf.url.endsWith("b.mjs")) key = moduleOfLine[cf.lineNumber] ?? "?"; else if (cf.url) key = cf.url.replace(/^node:/, "node:").replace(/^.*\/(lib\/)/, "node-lib/") ; else key = cf.functionName || "(native)";
    totals.set(key, (totals.get(key) ?? 0) + d); total += d;
  });
}
console.log(`${name}: mean sampled ${(total / reps).toFixed(1)} ms per process`);
for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30))) console.log((v / reps).toFixed(2).padStart(7), k);
