/**
 * A stalled query: one that took more than STALL_MS longer than the median query. At the loads
 * this is used at, only a TCP retransmission timeout (Linux's minimum is 200 ms) or a machine
 * freeze does that, so the share is comparable between a simulated and an emulated run.
 */
export const STALL_MS = 150;

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
