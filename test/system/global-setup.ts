/**
 * One DynamoDB Local and one SES emulator for every system test file: starting Java once instead
 * of once per file. Each file still runs its own gateway and handlers in its worker, on a table of
 * its own, so the handlers' coverage is measured and no file sees another's records.
 */
import type { TestProject } from "vitest/node";
import { findFreePort } from "../../scripts/local/ports.ts";
import { startEmulators } from "../../scripts/local/stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sesUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const { dynamodb, ses } = await startEmulators(await findFreePort(), await findFreePort(), true);
  project.provide("dynamodbEndpoint", dynamodb.endpoint);
  project.provide("sesUrl", ses.url);
  return async () => {
    await Promise.all([dynamodb.stop(), ses.stop()]);
  };
}
