import { RandomStreams } from '../engine/random.js';

/**
 * One-sided two-sample permutation test on per-seed values: how likely is a mean of `now` at
 * least this far above the mean of `baseline` if both were draws from the same distribution?
 *
 * Why a permutation test: the values are one percentile per seed, and seeds are independent
 * replications, so under "nothing changed" every relabelling of the pooled values is equally
 * likely; the test is exact with no assumption about how a p99.9 is distributed (a t-test would
 * assume normal means, which a handful of tail percentiles are not).
 *
 * Every relabelling is enumerated when there are at most EXACT_LIMIT of them (5 + 5 seeds: 252);
 * beyond that a fixed number are drawn from a seeded stream, so the p-value is still the same on
 * every run. With 3 + 3 seeds the smallest possible p is 1/20 = 0.05: significance then needs
 * every new seed worse than every baseline seed.
 *
 * Ties count against significance (a relabelling as extreme as the observed one counts), so
 * constant samples give p = 1 and two copies of one sample about 0.5 or more.
 */
export const EXACT_LIMIT = 20_000;
export const DRAWS = 10_000;

export function permutationPValue(baseline: readonly number[], now: readonly number[], streamName = 'check/permutation'): number {
  const pooled = [...baseline, ...now];
  const m = now.length;
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  const observed = sum(now);
  // Sums of the same numbers in another order differ by rounding only: that is a tie.
  const eps = 1e-9 * pooled.reduce((s, x) => s + Math.abs(x), 0);
  const atLeast = (s: number) => s >= observed - eps;
  if (binomial(pooled.length, m) <= EXACT_LIMIT) {
    let count = 0, total = 0;
    forEachSubsetSum(pooled, m, (s) => {
      total++;
      if (atLeast(s)) count++;
    });
    return count / total;
  }
  const random = new RandomStreams(0).stream(streamName);
  const index = pooled.map((_, i) => i);
  let count = 0;
  for (let d = 0; d < DRAWS; d++) {
    // A partial Fisher–Yates shuffle: the first m positions are a uniform random subset.
    let s = 0;
    for (let i = 0; i < m; i++) {
      const j = i + random.int(index.length - i);
      [index[i], index[j]] = [index[j]!, index[i]!];
      s += pooled[index[i]!]!;
    }
    if (atLeast(s)) count++;
  }
  // The observed labelling is one of the possible ones: counting it keeps p above zero and the test valid.
  return (count + 1) / (DRAWS + 1);
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Calls `visit` with the sum of every subset of size k of xs. */
function forEachSubsetSum(xs: readonly number[], k: number, visit: (sum: number) => void): void {
  const walk = (start: number, left: number, sum: number): void => {
    if (left === 0) return visit(sum);
    for (let i = start; i <= xs.length - left; i++) walk(i + 1, left - 1, sum + xs[i]!);
  };
  walk(0, k, 0);
}
