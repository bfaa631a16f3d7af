/**
 * The SES v2 emulator (`aws-ses-v2-local`), run as a child process with this Node binary. Its web
 * page at `/` shows every email; `GET /store` returns them as JSON and `POST /clear-store` empties
 * the store (emails are kept in memory only, so a restart empties it too).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { captureOutput, killOnExit, stopChild, waitUntilReady } from "./child.ts";

export type LocalSes = {
  url: string;
  port: number;
  stop: () => Promise<void>;
};

/** One email as the emulator stores it (`at` is epoch seconds). */
export type StoredEmail = {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  headers?: { name: string; value: string }[];
  at: number;
};

const emulatorCli = (): string => {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("aws-ses-v2-local/package.json");
  const { bin } = require(packageJson) as { bin: Record<string, string> };
  const relative = bin["aws-ses-v2-local"];
  if (!relative) throw new Error("aws-ses-v2-local does not declare its CLI");
  return join(dirname(packageJson), relative);
};

export const startSes = async (options: {
  port: number;
  host?: string;
  timeoutMs?: number;
}): Promise<LocalSes> => {
  const { port } = options;
  const host = options.host ?? "127.0.0.1";
  const child = spawn(process.execPath, [emulatorCli(), "--port", String(port), "--host", host], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  killOnExit(child);
  const output = captureOutput(child);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  try {
    await waitUntilReady({
      child,
      name: "SES emulator",
      output,
      timeoutMs: options.timeoutMs ?? 15_000,
      probe: async () => (await fetch(`${url}/store`, { signal: AbortSignal.timeout(1000) })).ok,
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, port, stop: () => stopChild(child) };
};

/** Every email the emulator has received since it started or was last cleared. */
export const listEmails = async (sesUrl: string): Promise<StoredEmail[]> => {
  const response = await fetch(`${sesUrl}/store`);
  if (!response.ok) throw new Error(`SES emulator answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails;
};
