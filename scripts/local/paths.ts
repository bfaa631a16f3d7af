/**
 * Every path the local runtime touches, computed from this file's location so that `npm start`
 * behaves the same whatever directory it is launched from.
 */
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "..", "..");

/** Git-ignored; deleting it resets the local database, signing key and secrets. */
export const dataDir = join(repoRoot, ".local");

/**
 * Named by the stored format: the records' shape changed when the code was organised by context
 * (records as forms submit them, declared entities), so a database written before that is left
 * where it was instead of answering every read with a schema error.
 */
export const dynamodbDataDir = join(dataDir, "dynamodb-v2");

export const signingKeyFile = join(dataDir, "jwt-signing-key.json");

export const cursorSecretFile = join(dataDir, "cursor-secret");

export const functionsDir = join(repoRoot, "functions");
