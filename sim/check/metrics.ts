import type { RunSummary } from '../metrics/types.js';

/**
 * The metrics the gate compares, and which way is worse. Latency percentiles regress upwards and
 * are compared relatively (a 10% slower p99.9 means the same at 5 ms as at 500 ms); accuracy
 * regresses downwards and is compared in absolute points (a fraction of queries answered wrong).
 */
export const gatedMetrics = ['p50', 'p99', 'p999', 'accuracy'] as const;
export type GatedMetric = (typeof gatedMetrics)[number];
export type LatencyMetric = Exclude<GatedMetric, 'accuracy'>;

export const metricLabels: Record<GatedMetric, string> = { p50: 'p50', p99: 'p99', p999: 'p99.9', accuracy: 'accuracy' };

/**
 * A run's value of `metric`: a number, null for a latency that is not finite (queries lost
 * beyond that percentile: worse than any finite value), or undefined when the run does not
 * measure it (accuracy without a model set).
 */
export function metricValue(run: RunSummary, metric: GatedMetric): number | null | undefined {
  if (metric === 'accuracy') return run.accuracy?.overall;
  return run.latency_ms[metric];
}

/** Latency as a comparable number: a non-finite percentile (null) is worse than every finite one. */
export function comparable(metric: GatedMetric, value: number | null): number {
  if (value !== null) return value;
  return metric === 'accuracy' ? -Infinity : Infinity;
}
