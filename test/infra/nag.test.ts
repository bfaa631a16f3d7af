/**
 * cdk-nag's AwsSolutions pack over both stacks. cdk-nag 3 is a CDK policy-validation plugin: a
 * finding is reported unless the construct (or an ancestor) acknowledges that exact rule id with
 * Validations.of(construct).acknowledge({ id, reason }). validateScope() is its documented entry
 * point for tests; it returns errors and warnings alike.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type PolicyViolation, type Stack, Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { describe, test } from "vitest";
import * as z from "zod/mini";
import { build } from "./fixture.ts";

// Templates and the construct tree are all the checks read; skip esbuild.
const built = build({ skipBundling: true });

const findingsOf = (stack: Stack): PolicyViolation[] =>
  new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack).violations;

const describeFindings = (violations: PolicyViolation[]): string =>
  violations
    .map(
      (v) =>
        `${v.severity ?? "?"} ${v.ruleName}: ${v.description}\n` +
        v.violatingResources.map((r) => `    at ${r.constructPath ?? r.resourceLogicalId}`).join("\n"),
    )
    .join("\n");

type Acknowledgement = { path: string; id: string; reason: string };

/** Validations.acknowledge() records rule id => reason on the construct's metadata. */
const acknowledgedRules = z.record(z.string(), z.string());

const acknowledgementsUnder = (scope: IConstruct): Acknowledgement[] =>
  scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(acknowledgedRules.parse(entry.data)).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ""),
          reason,
        })),
      ),
  );

describe("cdk-nag AwsSolutions", () => {
  for (const stack of [built.stateful, built.stateless]) {
    test(`${stack.stackName} has no unacknowledged error or warning`, () => {
      const violations = findingsOf(stack);
      const errors = violations.filter((v) => v.severity === "error");
      const warnings = violations.filter((v) => v.severity !== "error");
      assert.equal(errors.length, 0, `cdk-nag errors:\n${describeFindings(errors)}`);
      assert.equal(warnings.length, 0, `cdk-nag warnings:\n${describeFindings(warnings)}`);
    });
  }

  test("every acknowledgement is a specific AwsSolutions rule with a written reason", () => {
    const acknowledgements = acknowledgementsUnder(built.app);
    assert.ok(acknowledgements.length > 0);
    for (const { path, id, reason } of acknowledgements) {
      assert.match(id, /^AwsSolutions-[A-Z]+\d+(\[.+\])?$/, `${path}: ${id}`);
      assert.ok(reason.length >= 80, `${path}: ${id} needs a real reason, got "${reason}"`);
    }
  });

  test("the acknowledged exceptions are exactly the reviewed ones", () => {
    // Adding an exception means adding it here too, so a review sees it.
    const ids = acknowledgementsUnder(built.app).map(({ id }) => id.replace(/<[^>]+>/g, "<ref>"));
    const counts = Object.fromEntries(
      [...new Set(ids)].map((id) => [id, ids.filter((x) => x === id).length]),
    );
    assert.deepEqual(counts, {
      "AwsSolutions-SMG4": 1, // cursor key: rotation would break live cursors and not reach the functions
      "AwsSolutions-IAM5[Resource::*]": 12, // X-Ray write actions have no resource-level permissions (one per function)
      // GET /v1/health, GET /v1/openapi.json, and filing and following up a complaint are public by design
      "AwsSolutions-APIG4": 5,
      "AwsSolutions-SQS3": 1, // the DLQ is itself a dead-letter queue
      "AwsSolutions-IAM5[Resource::<ref>:*]": 1, // scheduler may invoke the sweep runner's versions/aliases
    });
  });

  test("`cdk synth -c nag=true` fails on an unacknowledged finding", () => {
    const gated = build({ context: { nag: true }, skipBundling: true });
    // A queue that breaks several AwsSolutions rules (no SSL enforcement, no DLQ).
    new sqs.Queue(gated.stateless, "UncheckedQueue", { encryption: sqs.QueueEncryption.UNENCRYPTED });
    assert.throws(() => gated.app.synth(), /AwsSolutions-SQS4/);
    const report = readFileSync(path.join(gated.app.outdir, "validation-report.json"), "utf8");
    assert.match(report, /AwsSolutions-SQS4/);
    // Only the planted queue is reported: the real resources are all compliant or acknowledged.
    const paths = new Set([...report.matchAll(/"constructPath":\s*"([^"]+)"/g)].map((m) => m[1]));
    assert.ok(paths.size > 0, report);
    for (const constructPath of paths) assert.match(constructPath ?? "", /\/UncheckedQueue\//);
  });

  test("`cdk synth -c nag=true` passes on the real app", () => {
    const gated = build({ context: { nag: true }, skipBundling: true });
    assert.doesNotThrow(() => gated.app.synth());
  });
});
