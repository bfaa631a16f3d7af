// temporary experiment harness (removed before hand-back)
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { bundleOptions, esbuildOptionsOf, repoRoot } from "../../infra/bundling.ts";
import { functionNames } from "../../infra/functions.ts";
const dir = "/tmp/bw/bundles"; mkdirSync(dir, { recursive: true });
const runs = Number(process.env.RUNS ?? 15);
const variants: Record<string, string> = {
  bare: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
export const handler = async () => client;`,
};
const extra = JSON.parse(process.env.VARIANTS ?? "{}");
Object.assign(variants, extra);
const entries: { name: string; file: string }[] = [];
for (const [name, src] of Object.entries(variants)) {
  const file = path.join(dir, `${name}.mjs`);
  await build({ ...bundleOptions, stdin: { contents: src, resolveDir: repoRoot }, outfile: file });
  entries.push({ name, file });
}
const fns = (process.env.FNS ?? functionNames.join(",")).split(",").filter(Boolean);
for (const name of fns) {
  const file = path.join(dir, `${name}.mjs`);
  await build({ ...esbuildOptionsOf(name as never), outfile: file });
  entries.push({ name, file });
}
const probe = (file: string) => {
  const code = `const t=performance.now();const m=await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  return Number(execFileSync(process.execPath, ["--input-type=module", "-e", code], { env: { ...process.env, AWS_REGION: "us-east-1", TABLE_NAME: "bench", AWS_LAMBDA_FUNCTION_NAME: "bench" } }).toString());
};
const s = new Map(entries.map((e) => [e.name, [] as number[]]));
for (let r = 0; r < runs; r++) for (const e of entries) s.get(e.name)!.push(probe(e.file));
const med = (a: number[]) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length / 2)]; };
const bare = med(s.get("bare")!);
for (const e of entries) { const m = med(s.get(e.name)!); console.log(e.name.padEnd(24), (statSync(e.file).size/1024).toFixed(0).padStart(5), m.toFixed(1).padStart(7), (m/bare).toFixed(2)); }
