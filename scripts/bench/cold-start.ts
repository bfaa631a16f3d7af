/**
 * Cold-start benchmark: how long each function's bundle takes to load and initialise, against a
 * bare bundle that holds only the DynamoDB document client. Both are built here with the esbuild
 * settings of the deployed functions (infra/bundling.ts) and loaded in fresh Node processes,
 * interleaved, so machine noise hits every bundle alike. The target (DESIGN.md §7) is 1.15x the
 * bare bundle.
 *
 *   npm run bench -- [--runs 15]
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type BuildOptions, build } from "esbuild";
import { bundleOptions, esbuildOptionsOf, repoRoot } from "../../infra/bundling.ts";
import { functionNames } from "../../infra/functions.ts";

const TARGET_RATIO = 1.15;
const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
const runs = Number(values.runs);

const bareSource = `
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
export const handler = async () => client;
`;

const bundle = async (options: BuildOptions, outfile: string) => {
  await build({ ...options, outfile });
  return (await stat(outfile)).size;
};

/** Milliseconds from process start of the import to the handler being ready, in a fresh process. */
const initMs = (file: string): number => {
  const probe = `const t=performance.now();const m=await import(${JSON.stringify(file)});if(typeof m.handler!=="function")process.exit(3);console.log(performance.now()-t)`;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", probe], {
    env: { ...process.env, AWS_REGION: "us-east-1", TABLE_NAME: "bench", AWS_LAMBDA_FUNCTION_NAME: "bench" },
  });
  return Number(output.toString().trim());
};

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const dir = await mkdtemp(path.join(tmpdir(), "burden-watch-bench-"));
try {
  const bareFile = path.join(dir, "bare.mjs");
  const bundles = [
    {
      name: "bare (document client only)",
      file: bareFile,
      bytes: await bundle(
        { ...bundleOptions, stdin: { contents: bareSource, resolveDir: repoRoot } },
        bareFile,
      ),
    },
  ];
  for (const name of functionNames) {
    const file = path.join(dir, `${name}.mjs`);
    bundles.push({ name, file, bytes: await bundle(esbuildOptionsOf(name), file) });
  }

  const samples = new Map<string, number[]>(bundles.map((entry) => [entry.name, []]));
  for (let run = 0; run < runs; run += 1) {
    for (const entry of bundles) samples.get(entry.name)?.push(initMs(entry.file));
  }

  const bare = median(samples.get(bundles[0]?.name ?? "") ?? []);
  let over = 0;
  console.log(`cold start, median of ${runs} fresh processes each (node ${process.version})`);
  console.log("bundle".padEnd(30), "KiB".padStart(7), "init ms".padStart(9), "ratio".padStart(7));
  for (const entry of bundles) {
    const ms = median(samples.get(entry.name) ?? []);
    const ratio = ms / bare;
    if (ratio > TARGET_RATIO) over += 1;
    console.log(
      entry.name.padEnd(30),
      (entry.bytes / 1024).toFixed(0).padStart(7),
      ms.toFixed(1).padStart(9),
      `${ratio.toFixed(2)}x`.padStart(7),
      ratio > TARGET_RATIO ? `over the ${TARGET_RATIO}x target` : "",
    );
  }
  if (over > 0) {
    console.log(`${over} bundle(s) over the ${TARGET_RATIO}x cold-start target`);
    process.exitCode = 1;
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
