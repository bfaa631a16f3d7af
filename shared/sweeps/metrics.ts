import type { SweepRecord } from "./schemas.ts";

/** The part of Powertools' Metrics a sweep uses, so the mapping is testable without its output. */
export type MetricSink = { addMetric(name: string, unit: "Count", value: number): unknown };

/**
 * One data point of each per real sweep. DigestsFailed counts every digest of the window the run
 * left unsent, whatever the reason; the stack alarms on it.
 */
export const recordSweepMetrics = (metrics: MetricSink, sweep: SweepRecord): void => {
  if (sweep.dryRun) return;
  metrics.addMetric("ViolationsOpened", "Count", sweep.counts.newViolations);
  metrics.addMetric("DigestsSent", "Count", sweep.counts.emailsSent);
  metrics.addMetric("DigestsFailed", "Count", sweep.counts.emailsFailed);
  metrics.addMetric("SubjectsFailed", "Count", sweep.counts.subjectsFailed);
};

/**
 * Thrown by the runner function after it recorded a sweep that left work undone, so the invocation
 * fails: the scheduler's or Lambda's retries run it again (sending only what is missing), and
 * after them the dead-letter queue and the error alarm take over.
 */
export class SweepIncompleteError extends Error {
  constructor(sweep: SweepRecord) {
    super(`Sweep ${sweep.id} of ${sweep.window} did not complete: ${sweep.error ?? "see the sweep record"}`);
    this.name = "SweepIncompleteError";
  }
}
