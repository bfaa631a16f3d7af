/**
 * For a route whose answer holds a secret shown once (a complaint's receipt): the answer a keyed
 * POST keeps for its retries is sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the
 * Idempotency-Key itself and the request's scope. The store keeps that key only hashed, so the
 * table holds nothing a reader could open: only the client that sent the key gets the answer back.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import * as z from "zod/mini";

export type ReplaySeal = {
  seal(answer: unknown): { sealed: string };
  open(stored: unknown): unknown;
};

const sealedSchema = z.object({ sealed: z.string() });
const INFO = "burden-watch sealed replay v1";

export const replaySealOf = (idempotencyKey: string, scope: string): ReplaySeal => {
  const key = Buffer.from(hkdfSync("sha256", idempotencyKey, scope, INFO, 32));
  return {
    seal(answer) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(scope));
      const body = Buffer.concat([cipher.update(JSON.stringify(answer), "utf8"), cipher.final()]);
      return { sealed: [iv, body, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".") };
    },
    open(stored) {
      const [iv, body, tag] = sealedSchema
        .parse(stored)
        .sealed.split(".")
        .map((part) => Buffer.from(part, "base64url"));
      if (!iv || !body || !tag) throw new Error("A sealed answer has not the shape this module writes");
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAAD(Buffer.from(scope));
      decipher.setAuthTag(tag);
      return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8"));
    },
  };
};
