// temporary: effect of deployed env (TIME_ZONE etc.) and source maps on init
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { bundleOptions, esbuildOptionsOf, repoRoot } from "../../infra/bundling.ts";
const dir = "/tmp/bw/sm"; mkdirSync(dir, { recursive: true });
const runs = Number(process.env.RUNS ?? 15);
const bare = `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
export const handler = async () => client;`;
const baseEnv = { ...process.env, AWS_REGION: "us-east-1", TABLE_NAME: "bench", AWS_LAMBDA_FUNCTION_NAME: "bench" };
const deployedEnv = { ...baseEnv, TIME_ZONE: "Asia/Shanghai", EMAIL_LOCALE: "zh-CN", MAIL_FROM: "burden-watch@example.gov", CORS_ORIGINS: "https://burden-watch.example.gov", POWERTOOLS_SERVICE_NAME: "burden-watch", CURSOR_SECRET: "x".repeat(32), TZ: ":UTC", AWS_LAMBDA_LOG_FORMAT: "JSON", AWS_LAMBDA_LOG_LEVEL: "INFO" };
const cases: { name: string; file: string; env: any }[] = [];
for (const fn of (process.env.FNS ?? "bare,requests").split(",")) {
  const opts: any = fn === "bare" ? { ...bundleOptions, stdin: { contents: bare, resolveDir: repoRoot } } : esbuildOptionsOf(fn as never);
  const plain = path.join(dir, `${fn}.mjs`); await build({ ...opts, outfile: plain });
  const mapped = path.join(dir, `${fn}-map.mjs`); await build({ ...opts, outfile: mapped, sourcemap: true, sourcesContent: false });
  cases.push({ name: `${fn} probe-env`, file: plain, env: baseEnv });
  cases.push({ name: `${fn} deployed-env`, file: plain, env: deployedEnv });
  cases.push({ name: `${fn} deployed+srcmap`, file: mapped, env: { ...deployedEnv, NODE_OPTIONS: "--enable-source-maps" } });
}
const s = new Map(cases.map((c) => [c.name, [] as number[]]));
for (let r = 0; r < runs; r++) for (const c of cases) s.get(c.name)!.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", `const t=performance.now();await import(${JSON.stringify(c.file)});console.log(performance.now()-t)`], { env: c.env }).toString()));
const med = (a: number[]) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length / 2)]; };
for (const c of cases) console.log(c.name.padEnd(30), med(s.get(c.name)!).toFixed(1));
