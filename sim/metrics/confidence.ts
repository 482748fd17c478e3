import { RandomStreams } from '../engine/random.js';
import { STALL_MS } from './stalls.js';
import type { Estimate, StatisticsNote } from './types.js';
import { select } from './select.js';

/**
 * Confidence intervals across independent replications (seeds). Each replication's statistic
 * (its p99.9, say) is one observation: this is what makes the interval honest for autocorrelated
 * queueing output, where one long run would overstate it.
 *
 * Why a percentile bootstrap over seeds and not Student's t: a tail percentile across seeds is
 * often bimodal (with rare 200 ms TCP timeouts, a seed's p99.9 is either in the body, ~30 ms, or
 * at the timeout, ~220 ms). A t interval assumes a normal mean; on three such values it gives
 * intervals like −173 … +360 ms, below zero and beyond any seed. The bootstrap resamples the
 * seeds with replacement and takes the 2.5% and 97.5% quantiles of the resampled means: every
 * resampled mean is a mean of observed values, so the interval always lies within the seeds'
 * [min, max], and a bimodal set gives an interval that spans both modes instead of a symmetric
 * one around their average. Its limit, stated wherever it is reported: with few seeds it is as
 * wide as the seeds' range at most (with 3 seeds exactly their [min, max]), so it cannot warn of
 * a mode that no seed hit; the per-seed values beside it show what it rests on.
 *
 * Why not pooling the seeds' queries (the percentile of all measured queries together): results
 * are assembled from per-run summaries (shards merge those, emulated runs produce them), which do
 * not carry every query's latency, and a pooled percentile would hide the seed-to-seed spread
 * that is the point here.
 *
 * Deterministic: the resamples for n seeds are drawn once from the named stream `bootstrap/<n>`
 * of root seed 0, so an estimate is a pure function of its values (the same in a sharded and an
 * unsharded run, and unchanged by what else the results hold).
 */
export const BOOTSTRAP_RESAMPLES = 10_000;
/** Nearest-rank positions (1-based ranks ⌈0.025·B⌉ and ⌈0.975·B⌉) of the 95% interval's bounds. */
const LOW_RANK = Math.ceil(0.025 * BOOTSTRAP_RESAMPLES);
const HIGH_RANK = Math.ceil(0.975 * BOOTSTRAP_RESAMPLES);

/** What summary.json's `statistics` says about the aggregate's numbers. */
export const CI_METHOD = 'percentile-bootstrap-over-seeds';
export const CI_DESCRIPTION =
  `mean: the mean across seeds of each run's value; values: each seed's value, in seed order (null: not finite); ` +
  `ci95: the 2.5% and 97.5% quantiles of the mean over ${BOOTSTRAP_RESAMPLES} resamples of the seeds with replacement ` +
  `(a fixed seeded generator), so always within the seeds' range; null with one seed or a value that is not finite`;

/** summary.json's `statistics`: how its aggregate was computed. */
export function statisticsNote(): StatisticsNote {
  return { ci95: CI_METHOD, resamples: BOOTSTRAP_RESAMPLES, description: CI_DESCRIPTION, stall_ms: STALL_MS };
}

let cached: { n: number; picks: Int32Array } | undefined;

/** BOOTSTRAP_RESAMPLES rows of n seed indices drawn with replacement (row r: picks[r·n … r·n+n−1]). */
export function bootstrapPicks(n: number): Int32Array {
  if (cached?.n === n) return cached.picks;
  const random = new RandomStreams(0).stream(`bootstrap/${n}`);
  const picks = new Int32Array(BOOTSTRAP_RESAMPLES * n);
  for (let i = 0; i < picks.length; i++) picks[i] = random.int(n);
  // One entry: all aggregates of a results file have the same number of seeds.
  cached = { n, picks };
  return picks;
}

/** The resampled statistics, reused between intervals (one interval is computed at a time). */
const stats = new Float64Array(BOOTSTRAP_RESAMPLES);

/** The nearest-rank 2.5% and 97.5% quantiles of `stats` (reordered in place). */
function bounds(): [number, number] {
  // Two selections instead of a sort: a third of the time, and this runs for every statistic of every aggregate.
  const hi = select(stats, HIGH_RANK - 1, 0, BOOTSTRAP_RESAMPLES - 1);
  const lo = select(stats, LOW_RANK - 1, 0, HIGH_RANK - 2);
  return [lo, hi];
}

/**
 * The 95% percentile-bootstrap interval of a statistic of n seeds: `statistic(picks, offset)`
 * computes it on the resample whose seed indices are picks[offset … offset+n−1]. Null when the
 * statistic is NaN on some resample (∞ − ∞: no number, so no interval).
 */
export function bootstrapInterval(n: number, statistic: (picks: Int32Array, offset: number) => number): [number, number] | null {
  const picks = bootstrapPicks(n);
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    const s = statistic(picks, r * n);
    if (Number.isNaN(s)) return null;
    stats[r] = s;
  }
  return bounds();
}

/** The mean of the resample of `values` at picks[offset … offset+n−1]. */
export function resampledMean(values: ArrayLike<number>, picks: Int32Array, offset: number): number {
  const n = values.length;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += values[picks[offset + j]!]!;
  return sum / n;
}

/** Seed counts whose resamples take fewer distinct rows (n^n ordered rows) than there are resamples. */
const FEW_SEEDS = 5;
let rowsCached: { n: number; first: Int32Array; count: Int32Array } | undefined;

/**
 * For n ≤ FEW_SEEDS seeds, the resamples grouped by their ordered row of seed indices: for each
 * distinct row, where it first occurs in the picks and how many resamples repeat it.
 */
function distinctRows(n: number): { first: Int32Array; count: Int32Array } {
  if (rowsCached?.n === n) return rowsCached;
  const picks = bootstrapPicks(n);
  const firstByCode = new Int32Array(n ** n).fill(-1);
  const countByCode = new Int32Array(n ** n);
  for (let r = 0, offset = 0; r < BOOTSTRAP_RESAMPLES; r++, offset += n) {
    let code = 0;
    for (let j = n - 1; j >= 0; j--) code = code * n + picks[offset + j]!;
    if (firstByCode[code] === -1) firstByCode[code] = offset;
    countByCode[code]!++;
  }
  const codes = [...countByCode.keys()].filter((c) => countByCode[c]! > 0);
  rowsCached = { n, first: Int32Array.from(codes, (c) => firstByCode[c]!), count: Int32Array.from(codes, (c) => countByCode[c]!) };
  return rowsCached;
}

/**
 * meanInterval for few seeds, to the bit: every resample with the same ordered row has the same
 * mean (summed in the same order), so the resampled means are the distinct rows' means, each
 * repeated as often as its row; the bounds are found by walking them in order with their counts
 * instead of selecting among all BOOTSTRAP_RESAMPLES (an aggregate of a 1,000-point sweep makes
 * tens of thousands of intervals).
 */
function fewSeedsMeanInterval(values: readonly number[]): [number, number] {
  const n = values.length;
  const picks = bootstrapPicks(n);
  const { first, count } = distinctRows(n);
  const means = Float64Array.from(first, (offset) => resampledMean(values, picks, offset));
  const order = Array.from(means.keys()).sort((a, b) => means[a]! - means[b]!);
  let lo = NaN, hi = NaN, seen = 0;
  for (const i of order) {
    seen += count[i]!;
    if (Number.isNaN(lo) && seen >= LOW_RANK) lo = means[i]!;
    if (seen >= HIGH_RANK) {
      hi = means[i]!;
      break;
    }
  }
  return [lo, hi];
}

/** The interval of the mean of finite `values`: bootstrapInterval with resampledMean, written out (it runs for every statistic of every aggregate). */
function meanInterval(values: readonly number[]): [number, number] {
  const n = values.length;
  if (n <= FEW_SEEDS) return fewSeedsMeanInterval(values);
  const picks = bootstrapPicks(n);
  for (let r = 0, offset = 0; r < BOOTSTRAP_RESAMPLES; r++, offset += n) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += values[picks[offset + j]!]!;
    stats[r] = sum / n;
  }
  return bounds();
}

/**
 * Mean across seeds, the seeds' own values (in the order given: seed order) and the 95%
 * percentile-bootstrap interval of the mean. Missing values (null: not finite in that run) make
 * the mean and the interval null; one seed has no interval.
 */
export function estimate(values: readonly (number | null)[]): Estimate {
  const n = values.length;
  const out: Estimate = { mean: null, ci95: [null, null], n, values: [...values] };
  if (n === 0 || values.some((v) => v === null)) return out;
  const xs = values as number[];
  let sum = 0, min = Infinity, max = -Infinity;
  for (const x of xs) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  // Rounding can put the mean of equal values an ulp beyond them; it stays within the seeds' range.
  out.mean = Math.min(max, Math.max(min, sum / n));
  if (n === 1) return out;
  if (min === max) {
    out.ci95 = [min, max];
    return out;
  }
  const interval = meanInterval(xs);
  // The same for a resampled mean: the interval never leaves the seeds' range.
  out.ci95 = [Math.max(min, interval[0]), Math.min(max, interval[1])];
  return out;
}
