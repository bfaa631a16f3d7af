// temporary: per-module top-level evaluation time in an unminified bundle (markers at module comments)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { bundleOptions, esbuildOptionsOf, repoRoot } from "../../infra/bundling.ts";
const name = process.argv[2] ?? "requests"; const reps = Number(process.argv[3] ?? 9);
const dir = "/tmp/bw/evaltime"; mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${name}.mjs`);
const bare = `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
export const handler = async () => client;`;
const opts = name === "bare" ? { ...bundleOptions, stdin: { contents: bare, resolveDir: repoRoot, sourcefile: "bare-entry.ts" } } : esbuildOptionsOf(name as never);
await build({ ...opts, minify: false, outfile: file });
const lines = readFileSync(file, "utf8").split("\n");
const out: string[] = [];
let first = true;
for (const line of lines) {
  const m = /^\/\/ (\S+)$/.exec(line);
  if (m && !line.startsWith("// ---")) {
    if (first) { out.push(`globalThis.__t=[["(start)",performance.now()]];`); first = false; }
    out.push(`globalThis.__t.push([${JSON.stringify(m[1].replace(/^.*node_modules\//, ""))},performance.now()]);`);
  }
  out.push(line);
}
// banner line(s) come first; find the place after imports of banner: simplest put start marker at top after banner
writeFileSync(file, out.join("\n"));
const agg = new Map<string, number[]>(); const pre: number[] = []; const tot: number[] = [];
for (let r = 0; r < reps; r++) {
  const res = execFileSync(process.execPath, ["--input-type=module", "-e", `const t0=performance.now();await import(${JSON.stringify(file)});const t1=performance.now();const t=globalThis.__t;const o={pre:t[0][1]-t0,total:t1-t0,mods:[]};for(let i=1;i<t.length;i++)o.mods.push([t[i][0],(t[i+1]?.[1]??t1)-t[i][1]]);console.log(JSON.stringify(o))`], { env: { ...process.env, AWS_REGION: "us-east-1", TABLE_NAME: "bench", AWS_LAMBDA_FUNCTION_NAME: "bench" } }).toString();
  const o = JSON.parse(res); pre.push(o.pre); tot.push(o.total);
  const per = new Map<string, number>();
  for (const [k, v] of o.mods) { const g = k.startsWith("shared/") ? k : k.replace(/^((@[^/]+\/)?[^/]+).*/, "$1"); per.set(g, (per.get(g) ?? 0) + v); }
  for (const [k, v] of per) { if (!agg.has(k)) agg.set(k, []); agg.get(k)!.push(v); }
}
const med = (a: number[]) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length / 2)]; };
console.log(`${name}: total ${med(tot).toFixed(1)} ms, before first module (load+parse+compile) ${med(pre).toFixed(1)} ms`);
for (const [k, v] of [...agg].map(([k, v]) => [k, med(v)] as const).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 25))) console.log(v.toFixed(2).padStart(7), k);
