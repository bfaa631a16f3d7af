/**
 * A realistic sweep of ISO week 2026-W47 (16 to 22 November, Asia/Shanghai) for the OpenAPI
 * document (route `examples`). The unit tests parse each one with its route's schema.
 */

export const startSweepExample = { window: "2026-W47", dryRun: false };

export const runningSweepExample = {
  id: "01KB4E2N6P8R0T2V4X6Z8B0D2F",
  window: "2026-W47",
  windowStartUtc: "2026-11-15T16:00:00.000Z",
  windowEndUtc: "2026-11-22T16:00:00.000Z",
  dryRun: false,
  status: "running",
  trigger: "api",
  createdBy: "e2d1c0b9-a8f7-4e6d-9c5b-4a3f2e1d0c9b",
  counts: { factsRead: 0, newViolations: 0, openViolations: 0, emailsSent: 0, emailsFailed: 0 },
  createdAt: "2026-11-23T01:00:05.412Z",
  updatedAt: "2026-11-23T01:00:05.412Z",
};

export const completedSweepExample = {
  ...runningSweepExample,
  status: "completed",
  counts: { factsRead: 14, newViolations: 1, openViolations: 2, emailsSent: 2, emailsFailed: 0 },
  durationMs: 1843,
  updatedAt: "2026-11-23T01:00:07.255Z",
};

export const sweepPageExample = { items: [completedSweepExample], nextCursor: null };
