import { afterAll, beforeAll } from "vitest";
import { reloadConfig } from "../../shared/platform/config.ts";

/** Sets an environment variable for the tests of one file and restores it after them. */
export const useEnv = (name: string, value: string): void => {
  const saved = process.env[name];
  beforeAll(() => {
    process.env[name] = value;
    reloadConfig();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
    reloadConfig();
  });
};
