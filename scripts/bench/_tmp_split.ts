// temporary: split import time into load+compile (before the body runs) and evaluation (body)
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { bundleOptions, esbuildOptionsOf, esmRequireBanner, repoRoot } from "../../infra/bundling.ts";
import { functionNames } from "../../infra/functions.ts";
const dir = "/tmp/bw/split"; mkdirSync(dir, { recursive: true });
const runs = Number(process.env.RUNS ?? 15);
const bare = `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
export const handler = async () => client;`;
const mark = { banner: { js: `globalThis.__b=performance.now();${esmRequireBanner}` }, footer: { js: "globalThis.__e=performance.now();" } };
const entries: { name: string; file: string }[] = [];
const add = async (name: string, opts: any) => { const file = path.join(dir, `${name}.mjs`); await build({ ...opts, ...mark, outfile: file }); entries.push({ name, file }); };
await add("bare", { ...bundleOptions, stdin: { contents: bare, resolveDir: repoRoot } });
for (const n of (process.env.FNS ?? functionNames.join(",")).split(",")) await add(n, esbuildOptionsOf(n as never));
const s = new Map(entries.map((e) => [e.name, { pre: [] as number[], ev: [] as number[], tot: [] as number[] }]));
for (let r = 0; r < runs; r++) for (const e of entries) {
  const o = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", `const t=performance.now();await import(${JSON.stringify(e.file)});const z=performance.now();console.log(JSON.stringify([globalThis.__b-t,globalThis.__e-globalThis.__b,z-t]))`], { env: { ...process.env, AWS_REGION: "us-east-1", TABLE_NAME: "bench", AWS_LAMBDA_FUNCTION_NAME: "bench" } }).toString());
  const x = s.get(e.name)!; x.pre.push(o[0]); x.ev.push(o[1]); x.tot.push(o[2]);
}
const med = (a: number[]) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length / 2)]; };
const b = s.get("bare")!;
console.log("bundle".padEnd(14), "pre".padStart(7), "eval".padStart(7), "total".padStart(7), "ratio");
for (const e of entries) { const x = s.get(e.name)!; console.log(e.name.padEnd(14), med(x.pre).toFixed(1).padStart(7), med(x.ev).toFixed(1).padStart(7), med(x.tot).toFixed(1).padStart(7), (med(x.tot) / med(b.tot)).toFixed(2)); }
