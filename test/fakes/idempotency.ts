/**
 * The idempotency store kept in a map, with the same claim rules as the DynamoDB store: a key is
 * free when it was never claimed, when its record expired, or when its attempt outlived its own
 * deadline.
 */
import type { Claim, IdempotencyStore } from "../../shared/platform/http/idempotency.ts";

type Stored = {
  status: "in_progress" | "completed";
  payloadHash: string;
  inProgressUntil: Date;
  expiresAt: Date;
  response?: unknown;
};

export const memoryIdempotencyStore = (): IdempotencyStore & { records: Map<string, Stored> } => {
  const records = new Map<string, Stored>();
  return {
    records,
    async claim(key, payloadHash, now, inProgressUntil, expiresAt): Promise<Claim> {
      const existing = records.get(key);
      const free =
        !existing ||
        existing.expiresAt < now ||
        (existing.status === "in_progress" && existing.inProgressUntil < now);
      if (free) {
        records.set(key, { status: "in_progress", payloadHash, inProgressUntil, expiresAt });
        return { state: "claimed" };
      }
      return existing.status === "completed"
        ? {
            state: "completed",
            payloadHash: existing.payloadHash,
            response: structuredClone(existing.response),
          }
        : { state: "in_progress", payloadHash: existing.payloadHash };
    },
    async complete(key, response) {
      const existing = records.get(key);
      if (existing)
        records.set(key, { ...existing, status: "completed", response: structuredClone(response) });
    },
    async release(key) {
      records.delete(key);
    },
  };
};
