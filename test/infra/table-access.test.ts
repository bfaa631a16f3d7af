/**
 * The manifest's table actions (infra/functions.ts) are exactly what each function's code sends:
 * a grant no code uses fails, and so does a command or transaction operation no grant covers.
 * Each bundle is built with the deployed esbuild options (infra/bundling.ts) to learn which
 * modules it holds; dynamodb-calls.ts walks the code those modules can run from the entry point.
 */
import assert from "node:assert/strict";
import { build } from "esbuild";
import { describe, test } from "vitest";
import { entryOf, esbuildOptionsOf, repoRoot } from "../../infra/bundling.ts";
import { type FunctionName, functionManifest, functionNames } from "../../infra/functions.ts";
import { dynamoProgram } from "./dynamodb-calls.ts";

const bundledModules = new Map(
  await Promise.all(
    functionNames.map(async (name): Promise<[FunctionName, Set<string>]> => {
      const { metafile } = await build({
        ...esbuildOptionsOf(name),
        absWorkingDir: repoRoot,
        metafile: true,
        write: false,
      });
      return [name, new Set(Object.keys(metafile.inputs))];
    }),
  ),
);

const program = dynamoProgram(repoRoot, functionNames.map(entryOf));

describe("table access in the manifest matches the code", () => {
  for (const name of functionNames) {
    test(`${name}: grants exactly the DynamoDB actions its code sends`, () => {
      const bundled = bundledModules.get(name);
      assert.ok(bundled, name);
      const { actions, outsideBundle } = program.usageOf({
        repoRoot,
        entry: entryOf(name),
        bundled,
      });
      assert.deepEqual(outsideBundle, [], `${name}: the walk reached modules esbuild did not bundle`);

      const { read, write } = functionManifest[name].table;
      const granted = new Map<string, "read" | "write">([
        ...read.map((action): [string, "read"] => [action, "read"]),
        ...write.map((action): [string, "write"] => [action, "write"]),
      ]);
      const problems: string[] = [];
      for (const [action, sites] of actions) {
        if (granted.has(action)) continue;
        const kind = ["GetItem", "BatchGetItem", "Query", "Scan"].includes(action) ? "read" : "write";
        problems.push(
          `the code sends ${action} (${[...new Set(sites)].join(", ")}) but the manifest does not grant it: ` +
            `add "${action}" to functionManifest["${name}"].table.${kind} in infra/functions.ts` +
            (action === "Scan" || action === "BatchWriteItem"
              ? `, which its type refuses on purpose: rewrite the code without ${action} instead`
              : ""),
        );
      }
      for (const [action, kind] of granted) {
        if (actions.has(action)) continue;
        problems.push(
          `the manifest grants ${action} but no code of ${name} sends it: ` +
            `remove "${action}" from functionManifest["${name}"].table.${kind} in infra/functions.ts`,
        );
      }
      assert.deepEqual(problems, [], `${name}:\n  ${problems.join("\n  ")}`);
    });
  }
});
