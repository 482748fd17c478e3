import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { Estimate } from './types.js';

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; beyond 30, the normal's 1.96 is within 2%. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
  2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * Mean and 95% confidence interval across independent replications (seeds), by Student's t.
 * Each replication's statistic (its p99.9, say) is one observation: this is what makes the
 * interval honest for autocorrelated queueing output, where one long run would overstate it.
 * Missing values (null: not finite in that run) make the estimate null.
 */
export function estimate(values: readonly (number | null)[]): Estimate {
  const n = values.length;
  if (n === 0 || values.some((v) => v === null)) return { mean: null, ci95: [null, null], n };
  const xs = values as number[];
  const m = mean(xs);
  if (n === 1) return { mean: m, ci95: [null, null], n };
  const half = (T975[n - 2] ?? 1.96) * sampleStandardDeviation(xs) / Math.sqrt(n);
  return { mean: m, ci95: [m - half, m + half], n };
}
