import { ulid } from "ulid";

/** What every use case reads the time from, so tests and the local runtime can move it. */
export type Clock = { now(): Date };

/** Where new record ids come from: sortable by creation time, unguessable enough for URLs. */
export type IdGenerator = { next(): string };

export const systemClock: Clock = { now: () => new Date() };

export const ulidIds: IdGenerator = { next: () => ulid() };
