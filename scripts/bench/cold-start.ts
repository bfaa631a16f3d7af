/**
 * Cold-start benchmark (DESIGN.md §7): each function's bundle must initialise within 1.15x of a
 * bare bundle that holds only the DynamoDB document client.
 *
 * Every bundle is built here with the deployed esbuild options (infra/bundling.ts, plus the linked
 * source map NodejsFunction adds) into a directory of its own, as Lambda's task root holds it. Each
 * sample is a fresh Node process that imports the bundle, the way the Lambda runtime loads a
 * handler, with the environment the deployed function gets (read from the synthesized stack, plus
 * Lambda's own variables; see deployed.ts). The sample is the time from the start of the import
 * to the module being evaluated (wall clock; the CPU time of the process over the same span is
 * shown beside it, as it is less disturbed by other work on the machine). Rounds are interleaved
 * and shuffled, so noise hits every bundle alike; the ratio is of medians.
 *
 * When a bundle misses the target, the packages it adds over the bare bundle (from esbuild's
 * metafile) are listed under the table.
 *
 *   npm run bench -- [--runs 21] [--plain]
 *
 *   --runs N   rounds (fresh processes per bundle); at least 15
 *   --plain    no source maps and a minimal environment (AWS_REGION, TABLE_NAME, CURSOR_SECRET...):
 *              shows what the deployed configuration adds; not the figure the target applies to
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { bundleOptions, esbuildOptionsOf, repoRoot } from "../../infra/bundling.ts";
import { functionNames } from "../../infra/functions.ts";
import { commonEnvironment, deployedFunctions, deployedSourceMapOptions } from "./deployed.ts";
import { formatTable, median, ms, shuffled, times, verdict } from "./stats.ts";

const TARGET_RATIO = 1.15;
const MIN_RUNS = 15;

const { values } = parseArgs({
  options: { runs: { type: "string", default: "21" }, plain: { type: "boolean", default: false } },
  strict: false,
  allowPositionals: true,
});
const requestedRuns = Number(values.runs);
const runs = Number.isInteger(requestedRuns) && requestedRuns >= MIN_RUNS ? requestedRuns : MIN_RUNS;
const plain = values.plain === true;

const bareSource = `
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
export const handler = async () => client;
`;

const BARE = "bare (document client only)";

type Bundle = {
  name: string;
  file: string;
  bytes: number;
  mapBytes: number;
  metafile: Metafile;
  environment: Record<string, string>;
};

/** The package (or repository folder) a metafile input belongs to. */
const ownerOf = (input: string): string => {
  const inPackage = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage?.[1]) return inPackage[1];
  const [top, second] = input.split("/");
  return top === "shared" && second ? `shared/${second}` : (top ?? input);
};

const bytesByOwner = (metafile: Metafile): Map<string, number> => {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      totals.set(ownerOf(input), (totals.get(ownerOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return totals;
};

/** What a bundle adds over the bare one, largest first. */
const additionsOver = (bundle: Bundle, bare: Bundle): [string, number][] => {
  const base = bytesByOwner(bare.metafile);
  return [...bytesByOwner(bundle.metafile)]
    .map(([owner, bytes]): [string, number] => [owner, bytes - (base.get(owner) ?? 0)])
    .filter(([, added]) => added > 0)
    .sort((a, b) => b[1] - a[1]);
};

const sizeOf = async (file: string): Promise<number> => (await stat(file).catch(() => undefined))?.size ?? 0;

/**
 * One sample: a fresh process importing the bundle. The import is timed inside the process, so
 * Node's own start-up (the same for every bundle) is left out and only the bundle's init counts.
 */
const sample = (bundle: Bundle): { wall: number; cpu: number } => {
  const url = JSON.stringify(pathToFileURL(bundle.file).href);
  const probe =
    `const t=performance.now();const c=process.cpuUsage();const m=await import(${url});` +
    "const u=process.cpuUsage(c);const w=performance.now()-t;" +
    'if(typeof m.handler!=="function")process.exit(3);' +
    "process.stdout.write(JSON.stringify([w,(u.user+u.system)/1000]))";
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", probe], {
    cwd: path.dirname(bundle.file),
    env: bundle.environment,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const parsed: unknown = JSON.parse(output.toString());
  if (!Array.isArray(parsed) || typeof parsed[0] !== "number" || typeof parsed[1] !== "number") {
    throw new Error(`${bundle.name}: unexpected probe output ${output.toString()}`);
  }
  return { wall: parsed[0], cpu: parsed[1] };
};

/** The plain configuration: only what the code needs to initialise at all. */
const plainEnvironment = (name: string): Record<string, string> => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  AWS_REGION: "us-east-1",
  AWS_LAMBDA_FUNCTION_NAME: `burden-watch-${name}`,
  TABLE_NAME: "bench",
  CURSOR_SECRET: "bench-cursor-secret-of-enough-length",
});

const dir = await mkdtemp(path.join(tmpdir(), "burden-watch-bench-"));
try {
  const deployed = plain ? undefined : await deployedFunctions(path.join(dir, "cdk.out"));
  const sourceMaps: BuildOptions = plain ? {} : deployedSourceMapOptions;

  const bundleInto = async (
    name: string,
    options: BuildOptions,
    environment: Record<string, string>,
  ): Promise<Bundle> => {
    const file = path.join(dir, name.replaceAll(/[^\w-]/g, "_"), "index.mjs");
    await mkdir(path.dirname(file), { recursive: true });
    const { metafile } = await build({ ...options, ...sourceMaps, outfile: file, metafile: true });
    return {
      name,
      file,
      bytes: await sizeOf(file),
      mapBytes: await sizeOf(`${file}.map`),
      metafile,
      environment,
    };
  };

  const bare = await bundleInto(
    BARE,
    { ...bundleOptions, stdin: { contents: bareSource, resolveDir: repoRoot, loader: "js" } },
    deployed ? commonEnvironment(deployed) : plainEnvironment("bare"),
  );
  const functions: Bundle[] = [];
  for (const name of functionNames) {
    functions.push(
      await bundleInto(
        name,
        esbuildOptionsOf(name),
        deployed ? deployed[name].environment : plainEnvironment(name),
      ),
    );
  }
  const bundles = [bare, ...functions];

  const wall = new Map<string, number[]>(bundles.map((bundle) => [bundle.name, []]));
  const cpu = new Map<string, number[]>(bundles.map((bundle) => [bundle.name, []]));
  for (const bundle of bundles) sample(bundle); // one unrecorded load each: file cache, esbuild output checked
  for (let round = 0; round < runs; round += 1) {
    for (const bundle of shuffled(bundles)) {
      const { wall: wallMs, cpu: cpuMs } = sample(bundle);
      wall.get(bundle.name)?.push(wallMs);
      cpu.get(bundle.name)?.push(cpuMs);
    }
  }

  const bareMs = median(wall.get(BARE) ?? []);
  const bareCpu = median(cpu.get(BARE) ?? []);
  const missed: Bundle[] = [];
  const rows = bundles.map((bundle) => {
    const wallMs = median(wall.get(bundle.name) ?? []);
    const cpuMs = median(cpu.get(bundle.name) ?? []);
    const ratio = wallMs / bareMs;
    const isBare = bundle === bare;
    if (!isBare && verdict(ratio, TARGET_RATIO) !== "ok") missed.push(bundle);
    return [
      bundle.name,
      (bundle.bytes / 1024).toFixed(0),
      bundle.mapBytes > 0 ? (bundle.mapBytes / 1024).toFixed(0) : "-",
      ms(wallMs),
      times(ratio),
      ms(cpuMs),
      times(cpuMs / bareCpu),
      isBare ? "-" : `${TARGET_RATIO.toFixed(2)}x`,
      isBare ? "-" : verdict(ratio, TARGET_RATIO),
    ];
  });

  console.log(
    `\ncold start: import of each bundle in a fresh process, median of ${runs} shuffled rounds ` +
      `(node ${process.version}, ${process.arch})`,
  );
  console.log(
    plain
      ? "configuration: PLAIN (no source maps, minimal environment) - for comparison only"
      : "configuration: as deployed (linked source map, environment of the synthesized stack incl. " +
          `NODE_OPTIONS=${bare.environment.NODE_OPTIONS ?? ""}, TIME_ZONE=${bare.environment.TIME_ZONE ?? ""})`,
  );
  console.log(
    formatTable(
      [
        { title: "bundle" },
        { title: "KiB" },
        { title: "map KiB" },
        { title: "init ms" },
        { title: "ratio" },
        { title: "cpu ms" },
        { title: "cpu ratio" },
        { title: "target" },
        { title: "result" },
      ],
      rows,
    ),
  );
  for (const bundle of missed) {
    const top = additionsOver(bundle, bare)
      .slice(0, 6)
      .map(([owner, bytes]) => `${owner} ${(bytes / 1024).toFixed(1)}`)
      .join(", ");
    console.log(`  ${bundle.name}: largest additions over the bare bundle (KiB): ${top}`);
  }
  if (missed.length > 0) {
    console.log(
      `${missed.length} of ${functions.length} bundles over the ${TARGET_RATIO}x cold-start target`,
    );
    process.exitCode = 1;
  } else {
    console.log(`every bundle within the ${TARGET_RATIO}x cold-start target`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
