/**
 * The idempotency store kept in a map, with the same claim rules as the DynamoDB store: a key is
 * free when it was never claimed, when its record expired, or when its attempt outlived its own
 * deadline.
 */
import type { Claim, IdempotencyStore } from "../../shared/platform/http/idempotency.ts";

type Stored = {
  status: "in_progress" | "completed";
  token: string;
  payloadHash: string;
  inProgressUntil: Date;
  expiresAt: Date;
  response?: unknown;
};

export const memoryIdempotencyStore = (): IdempotencyStore & { records: Map<string, Stored> } => {
  const records = new Map<string, Stored>();
  let claims = 0;
  return {
    records,
    async claim(key, payloadHash, now, inProgressUntil, expiresAt): Promise<Claim> {
      const existing = records.get(key);
      const free =
        !existing ||
        existing.expiresAt < now ||
        (existing.status === "in_progress" && existing.inProgressUntil < now);
      if (free) {
        claims += 1;
        const token = `claim-${claims}`;
        records.set(key, { status: "in_progress", token, payloadHash, inProgressUntil, expiresAt });
        return { state: "claimed", token };
      }
      return existing.status === "completed"
        ? {
            state: "completed",
            payloadHash: existing.payloadHash,
            response: structuredClone(existing.response),
          }
        : { state: "in_progress", payloadHash: existing.payloadHash };
    },
    attempt: (_key, _token, work) => work(),
    async complete(key, token, response) {
      const existing = records.get(key);
      if (existing?.token === token)
        records.set(key, { ...existing, status: "completed", response: structuredClone(response) });
    },
    async release(key, token) {
      const existing = records.get(key);
      if (existing?.status === "in_progress" && existing.token === token) records.delete(key);
    },
  };
};
