const t0 = performance.now();
const { App, Stack } = await import("aws-cdk-lib");
const { readFileSync } = await import("node:fs");
const { buildApp } = await import("../../infra/burden-watch.ts");
const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8"));
const app = new App({ outdir: "/tmp/bw/cdkout", context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [] } });
const { stateless } = buildApp(app);
for (const [name, fn] of Object.entries(stateless.functions)) {
  const cfn: any = fn.function.node.defaultChild;
  console.log(name, JSON.stringify(Stack.of(cfn).resolve(cfn.environment)));
  console.log("  ", JSON.stringify(Stack.of(cfn).resolve(cfn.loggingConfig)), Stack.of(cfn).resolve(cfn.memorySize), Stack.of(cfn).resolve(cfn.runtime), Stack.of(cfn).resolve(cfn.architectures));
}
console.log("ms", performance.now() - t0);
