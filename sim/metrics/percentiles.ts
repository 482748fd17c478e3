import { percentileKeys, percentileLevels, type LatencySummary } from './types.js';

/**
 * The p-quantile of ascending `sorted` by the nearest-rank definition: the smallest value with
 * at least a fraction p of the values at or below it. Exact, no interpolation.
 */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.min(n, Math.max(1, Math.ceil(p * n)));
  return sorted[rank - 1]!;
}

/** Measured latencies (warm-up dropped), ascending; lost queries sort last as Infinity. */
export function measuredSorted(latency: Float64Array, warmup: number): Float64Array {
  return latency.slice(warmup).sort();
}

/** Mean, exact percentiles and max of ascending latencies; null where the value is not finite. */
export function summariseLatency(sorted: Float64Array): LatencySummary {
  let sum = 0, finite = 0;
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i]!;
    if (Number.isFinite(x)) {
      sum += x;
      finite++;
    }
  }
  const summary = {
    // A mean over answered queries only would hide lost ones: with any lost, it is undefined.
    mean: finite === sorted.length && finite > 0 ? sum / finite : null,
    max: finiteOrNull(sorted[sorted.length - 1] ?? NaN),
  } as LatencySummary;
  for (const key of percentileKeys) summary[key] = finiteOrNull(quantileSorted(sorted, percentileLevels[key]));
  return summary;
}

export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
