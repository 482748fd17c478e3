import type { CdfPoint } from './types.js';

/**
 * Quantile levels kept for plots, as exact fractions (numerator / denominator) so that the
 * level written to cdf.csv is the shortest decimal (0.991, not 0.9910000000000001) and the
 * rank is computed in integers. Every 1% up to 0.99, then denser where tail latency lives.
 */
const levels: readonly (readonly [number, number])[] = [
  ...Array.from({ length: 100 }, (_, i) => [i, 100] as const), // 0, 0.01 … 0.99
  ...Array.from({ length: 9 }, (_, i) => [991 + i, 1000] as const), // 0.991 … 0.999
  ...Array.from({ length: 9 }, (_, i) => [9991 + i, 10000] as const), // 0.9991 … 0.9999
];

/**
 * A compact description of one run's latency distribution for plotting: the latency at each
 * level above (nearest rank: the smallest latency with at least that fraction of queries at or
 * below it; level 0 is the minimum) and the largest finite latency.
 *
 * Ranks count every measured query, lost ones (Infinity) included, and points whose latency is
 * not finite are skipped: with 1% of queries lost the curve stops at 0.99 instead of pretending
 * the survivors are the whole distribution.
 */
export function cdfPoints(sortedLatencies: Float64Array, strategy: string, seed: number, sweep: string): CdfPoint[] {
  const n = sortedLatencies.length;
  const points: CdfPoint[] = [];
  if (n === 0) return points;
  for (const [numerator, denominator] of levels) {
    const rank = Math.max(1, Math.ceil((numerator * n) / denominator));
    const latency = sortedLatencies[rank - 1]!;
    if (Number.isFinite(latency)) points.push({ strategy, seed, sweep, quantile: numerator / denominator, latency_ms: latency });
  }
  let finite = n;
  while (finite > 0 && !Number.isFinite(sortedLatencies[finite - 1]!)) finite--;
  if (finite > 0) points.push({ strategy, seed, sweep, quantile: finite / n, latency_ms: sortedLatencies[finite - 1]! });
  return points;
}
