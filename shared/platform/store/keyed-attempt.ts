/**
 * Exactly-once for keyed POSTs. An attempt holding an Idempotency-Key runs inside this context, and
 * the one transaction it commits also completes the key, storing the record it wrote as the
 * answer. So the outcome of an attempt that answered 503 while its write was still on its way can
 * always be read back: either the write and the answer landed together (a retry gets the answer),
 * or the key was released first and the write, which requires a live claim, is refused.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import * as z from "zod/mini";
import { config } from "../config.ts";
import { defineEntity } from "./entity.ts";

export const idempotencyEntity = defineEntity({
  type: "IDEMPOTENCY",
  version: 1,
  schema: z.object({
    key: z.string(),
    status: z.enum(["in_progress", "completed"]),
    payloadHash: z.string(),
    inProgressUntil: z.number(),
    claimToken: z.optional(z.string()),
    response: z.optional(z.string()),
  }),
  primary: ["key"],
});

/** `seal`, when the answer holds a secret, is applied to the answer before it is kept. */
type KeyedAttempt = { key: string; token: string; seal?: ((answer: unknown) => unknown) | undefined };

const attempts = new AsyncLocalStorage<KeyedAttempt>();

/** Runs one attempt of a keyed request, so that its transaction completes the key. */
export const runKeyedAttempt = <T>(attempt: KeyedAttempt, work: () => Promise<T>): Promise<T> =>
  attempts.run(attempt, work);

/**
 * The transaction item that completes the current attempt's key with `record` as the answer, only
 * while this attempt still holds it; none outside a keyed attempt. Whoever writes a record in a
 * transaction adds it: the record written is the answer a keyed POST gives.
 */
export const keyedCompletion = (record: unknown) => {
  const attempt = attempts.getStore();
  if (!attempt) return [];
  return [
    {
      Update: {
        TableName: config().TABLE_NAME,
        Key: idempotencyEntity.key({ key: attempt.key }),
        UpdateExpression: "SET #status = :completed, #response = :response",
        ConditionExpression: "#status = :inProgress AND claimToken = :token",
        ExpressionAttributeNames: { "#status": "status", "#response": "response" },
        ExpressionAttributeValues: {
          ":completed": "completed",
          ":inProgress": "in_progress",
          ":response": JSON.stringify(attempt.seal ? attempt.seal(record) : record),
          ":token": attempt.token,
        },
      },
    },
  ];
};
