/**
 * Idempotency-Key for POSTs: a retry with the same key, person, unit and route gets the first
 * answer back and writes nothing new. The protocol is the one Powertools' idempotency utility
 * follows (claim the key before the work, store the answer after, release it on failure), kept
 * here in a few lines over the entity store because the utility and its JMESPath engine cost
 * every API function about 10 ms of cold start (README, "Benchmarks").
 */
import { createHash } from "node:crypto";
import { BusinessRuleError, ConflictError } from "../errors.ts";
import type { ReplaySeal } from "./sealed-replay.ts";

/** What a claim on a key found. */
export type Claim =
  | { state: "claimed"; token: string }
  | { state: "completed"; payloadHash: string; response: unknown }
  | { state: "in_progress"; payloadHash: string };

export type IdempotencyStore = {
  /**
   * Claims `key` for an attempt that may run until `inProgressUntil`; a key whose record expired,
   * or whose earlier attempt outlived its own deadline, may be claimed again.
   */
  claim(key: string, payloadHash: string, now: Date, inProgressUntil: Date, expiresAt: Date): Promise<Claim>;
  /** Runs the claimed attempt so that the transaction it commits completes the key at once. */
  attempt<T>(key: string, token: string, work: () => Promise<T>, seal?: Seal): Promise<T>;
  complete(key: string, token: string, response: unknown): Promise<void>;
  /** Frees a key whose attempt failed, unless its transaction completed it meanwhile. */
  release(key: string, token: string): Promise<void>;
};

/** How a stored answer is sealed before it is kept (see sealed-replay.ts). */
export type Seal = (answer: unknown) => unknown;

const sha256 = (text: string): string => createHash("sha256").update(text).digest("base64url");

export type IdempotentCall = {
  key: string;
  /** Route, person and unit: the same key in another scope is another request. */
  scope: string;
  /** What must be the same for a retry to be the same request. */
  payload: unknown;
  /** How long the attempt may run: the invocation's remaining time. */
  runsForMs: number;
  ttlSeconds: number;
  now: Date;
  /** Seals the answer kept for retries and opens it for them, when the answer holds a secret. */
  sealing?: ReplaySeal | undefined;
};

export const runIdempotently = async (
  store: IdempotencyStore,
  call: IdempotentCall,
  work: () => Promise<unknown>,
): Promise<unknown> => {
  const key = sha256(`${call.scope}\0${call.key}`);
  const payloadHash = sha256(JSON.stringify(call.payload) ?? "");
  const claim = await store.claim(
    key,
    payloadHash,
    call.now,
    new Date(call.now.getTime() + call.runsForMs),
    new Date(call.now.getTime() + call.ttlSeconds * 1000),
  );
  if (claim.state !== "claimed" && claim.payloadHash !== payloadHash) {
    throw new BusinessRuleError(
      "This Idempotency-Key was used with a different request",
      "IDEMPOTENCY_KEY_REUSED",
    );
  }
  const { sealing } = call;
  if (claim.state === "completed") return sealing ? sealing.open(claim.response) : claim.response;
  if (claim.state === "in_progress") {
    throw new ConflictError("A request with this Idempotency-Key is still being processed", "IN_PROGRESS");
  }
  let response: unknown;
  try {
    response = await store.attempt(key, claim.token, work, sealing?.seal);
  } catch (error) {
    // A failed attempt is not remembered: the client's retry runs the work again. One whose write
    // still lands after this answer completes the key with it, and the retry gets that answer.
    await store.release(key, claim.token);
    throw error;
  }
  await store.complete(key, claim.token, sealing ? sealing.seal(response) : response);
  return response;
};
