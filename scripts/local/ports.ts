import { createServer } from "node:net";

/**
 * A port that was free a moment ago. Child processes (DynamoDB Local, the SES emulator) need a
 * number up front, unlike our own server which can bind port 0 directly.
 */
export const findFreePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port found"))));
    });
  });

/** `requested` unless it is 0, in which case any free port. */
export const portOrFree = async (requested: number): Promise<number> =>
  requested === 0 ? findFreePort() : requested;

const isErrno = (error: unknown): error is NodeJS.ErrnoException => error instanceof Error && "code" in error;

export const portInUseMessage = (port: number, what: string, envName: string): string =>
  `Port ${port} for ${what} is already in use (is another \`npm start\` running?). ` +
  `Stop it, or choose another port with ${envName}=<port>.`;

/**
 * Fails with a clear message when something already listens on `port`. Without this check a
 * second DynamoDB Local would die quietly while readiness probes reached the first one.
 */
export const assertPortFree = (port: number, what: string, envName: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", (error) => {
      reject(
        isErrno(error) && error.code === "EADDRINUSE"
          ? new Error(portInUseMessage(port, what, envName))
          : error,
      );
    });
    probe.listen({ port }, () => probe.close(() => resolve()));
  });
