/**
 * Per-context bundles (DESIGN.md §5): a function's bundle holds the platform core, its own
 * context, and only the other contexts its use cases read; only the OpenAPI function holds the
 * whole route table. Each bundle is built here with the deployed esbuild options
 * (infra/bundling.ts); its metafile lists every module of the import graph, so these tests see an
 * import even where tree shaking would drop its code.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { describe, test } from "vitest";
import { entryOf, esbuildOptionsOf, repoRoot } from "../../infra/bundling.ts";
import { type FunctionName, functionManifest, functionNames } from "../../infra/functions.ts";

/** Every bounded context: the folders of shared/ other than the platform core. */
const contexts = readdirSync(path.join(repoRoot, "shared"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "platform")
  .map((entry) => entry.name)
  .sort();

/** The route table's index, which imports every context's routes. */
const routeIndex = "shared/routes.ts";

/**
 * The other contexts whose routes.ts or schemas.ts each bundle holds. Exactly these: a new import
 * fails the test, and so does one that is gone (then remove it here).
 */
const otherContextsOf: Record<FunctionName, readonly string[]> = {
  // The OpenAPI document is generated at build time (shared/meta/openapi.json), not in the bundle.
  meta: [],
  units: [],
  // A request's findings read its year's plan, and its approval moves the plan's quota counter in
  // the same transaction (requests/repository.ts); its notice goes to the submitting unit.
  requests: ["plans", "units"],
  // A fact is checked against the request and the units it names; a new occurrence raises its
  // plan's counter in the report's transaction (plans/repository.ts).
  facts: ["plans", "requests", "units"],
  sweeps: [],
  // A plan names units: inspection targets by unit kind, and every unit id is checked to exist.
  plans: ["units"],
  // A supervisor's finding names a unit, which must exist.
  violations: ["units"],
  // A secondment names its lending and borrowing units, which must exist and be of the right kind.
  secondments: ["units"],
  // A plaque is registered by a village and names the unit that demanded it, which must exist.
  plaques: ["units"],
  // A complaint may name a unit, which must exist, and a finding opened from it is a violation.
  complaints: ["units", "violations"],
  // A sweep reads units, plans, requests and facts, records violations and words them in its
  // emails (violations/rule-texts.ts).
  "sweep-runner": [
    "complaints",
    "facts",
    "plans",
    "plaques",
    "requests",
    "secondments",
    "units",
    "violations",
  ],
  // Statistics read the plans (quotas, inspections on plan), the units, the overdue violations and
  // the secondments not back yet; their figure list names every violation rule and status.
  stats: ["plans", "secondments", "units", "violations"],
};

const metafiles = new Map(
  await Promise.all(
    functionNames.map(async (name): Promise<[FunctionName, Metafile]> => {
      const { metafile } = await build({
        ...esbuildOptionsOf(name),
        absWorkingDir: repoRoot,
        metafile: true,
        write: false,
      });
      return [name, metafile];
    }),
  ),
);

const metafileOf = (name: FunctionName): Metafile => {
  const metafile = metafiles.get(name);
  assert.ok(metafile, name);
  return metafile;
};

/** Every module of the function's bundle, as esbuild saw the import graph. */
const modulesOf = (name: FunctionName): string[] => Object.keys(metafileOf(name).inputs);

/**
 * How the entry point reaches each module, e.g. "functions/x/handler.ts -> shared/a.ts ->
 * shared/b.ts", searched breadth first so each chain is a shortest one.
 */
const explain = (name: FunctionName, modules: string[]): string => {
  const { inputs } = metafileOf(name);
  const entry = path.relative(repoRoot, entryOf(name));
  const importedBy = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
    for (const imported of inputs[module]?.imports ?? []) {
      if (imported.external || importedBy.has(imported.path)) continue;
      importedBy.set(imported.path, module);
      queue.push(imported.path);
    }
  }
  const chainTo = (module: string): string => {
    const chain: string[] = [];
    for (let at: string | undefined = module; at !== undefined; at = importedBy.get(at)) chain.unshift(at);
    return chain.join(" -> ");
  };
  return modules.map((module) => `\n  ${chainTo(module)}`).join("");
};

const contextOf = (module: string): string | undefined => /^shared\/([^/]+)\//.exec(module)?.[1];

/** Other contexts' routes.ts and schemas.ts in the function's bundle. */
const otherContextSurface = (name: FunctionName): string[] => {
  const own = functionManifest[name].context;
  return modulesOf(name).filter((module) => {
    const context = contextOf(module);
    return (
      context !== undefined &&
      context !== own &&
      contexts.includes(context) &&
      /^shared\/[^/]+\/(routes|schemas)\.ts$/.test(module)
    );
  });
};

describe("per-context bundles", () => {
  for (const name of functionNames) {
    const { context, trigger } = functionManifest[name];

    test(`${name}: holds its own context and, of the others, only ${otherContextsOf[name].join(", ") || "none"}`, () => {
      const modules = modulesOf(name);
      if (trigger === "api") {
        assert.ok(
          modules.includes(`shared/${context}/routes.ts`),
          `${name} serves shared/${context}/routes.ts`,
        );
      } else {
        assert.ok(
          modules.some((module) => contextOf(module) === context),
          `${name} runs code of shared/${context}/`,
        );
      }
      const surface = otherContextSurface(name);
      const found = [...new Set(surface.map(contextOf))].sort();
      assert.deepEqual(found, [...otherContextsOf[name]].sort(), `${name}:${explain(name, surface)}`);
    });

    test(`${name}: holds neither the route index nor another context's routes`, () => {
      const modules = modulesOf(name);
      const routeModules = modules.filter(
        (module) =>
          module === routeIndex ||
          (/^shared\/[^/]+\/routes\.ts$/.test(module) && contextOf(module) !== context),
      );
      assert.deepEqual(routeModules, [], `${name}:${explain(name, routeModules)}`);
    });
  }

  test("violations: nothing of requests, no route index, its own context present", () => {
    const modules = modulesOf("violations");
    assert.ok(modules.some((module) => module.startsWith("shared/violations/")));
    const foreign = modules.filter(
      (module) => module.startsWith("shared/requests/") || module === routeIndex,
    );
    assert.deepEqual(foreign, [], explain("violations", foreign));
  });

  test("requests: nothing of violations or sweeps, its own context present", () => {
    const modules = modulesOf("requests");
    assert.ok(modules.some((module) => module.startsWith("shared/requests/")));
    const foreign = modules.filter(
      (module) => module.startsWith("shared/violations/") || module.startsWith("shared/sweeps/"),
    );
    assert.deepEqual(foreign, [], explain("requests", foreign));
  });
});
