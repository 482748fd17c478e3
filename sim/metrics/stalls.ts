/**
 * A stalled query: one that took more than STALL_MS longer than the median query. At the loads
 * this is used at, only a TCP retransmission timeout (Linux's minimum is 200 ms) or a machine
 * freeze does that, so the share is comparable between a simulated and an emulated run.
 */
export const STALL_MS = 150;
/**
 * A query that met a second, backed-off retransmission timeout: slower than the median by more
 * than this. A first timeout costs 200 ms + RTT and the backed-off second 400 ms more, so nothing
 * else reaches it at these loads (the network model's calibration counts these, scripts/timeouts.mjs).
 */
export const SECOND_TIMEOUT_MS = 450;

/** The latency above which a query of `sorted` (ascending, non-empty) stalled: its median + `overMs`. */
export function stallThreshold(sorted: Float64Array, overMs = STALL_MS): number {
  return sorted[Math.ceil(0.5 * sorted.length) - 1]! + overMs;
}

/** Share of `sorted` (ascending latencies, Infinity for lost) above its median + `overMs` (STALL_MS unless given). */
export function stalledShare(sorted: Float64Array, overMs = STALL_MS): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const threshold = stallThreshold(sorted, overMs);
  // First index above the threshold, by binary search.
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > threshold) hi = mid;
    else lo = mid + 1;
  }
  return (n - lo) / n;
}

/** Measured queries of some runs, those that stalled, and those that met a second timeout. */
export interface TimeoutCounts {
  queries: number;
  stalled: number;
  second: number;
}

/** Adds one run's counts (`sorted`: its measured latencies, ascending) to `into`, and returns it. */
export function addTimeoutCounts(sorted: Float64Array, into: TimeoutCounts = { queries: 0, stalled: 0, second: 0 }): TimeoutCounts {
  into.queries += sorted.length;
  into.stalled += Math.round(stalledShare(sorted) * sorted.length);
  into.second += Math.round(stalledShare(sorted, SECOND_TIMEOUT_MS) * sorted.length);
  return into;
}
