import type { MetricRecord, ScenarioRecord } from './baseline.js';
import { comparable, gatedMetrics, type GatedMetric } from './metrics.js';
import { permutationPValue } from './permutation.js';
import { SIGNIFICANCE, type Tolerances } from './tolerance.js';

/**
 * Verdicts on one scenario's metrics against its baseline record.
 *
 *   regressed  worse than the tolerance allows, and, when both sides have at least MIN_SEEDS
 *              seeds, significantly worse (one-sided permutation test, p ≤ SIGNIFICANCE)
 *   noise      worse than the tolerance, but not significantly: seed-to-seed variation explains it
 *   improved   better by more than the tolerance (and significantly, when tested): time to --update
 *   ok         within the tolerance
 *   new        measured now, not in the baseline (a strategy, sweep point or accuracy added): passes
 *   missing    in the baseline, not measured now: fails, since the gate can no longer vouch for it
 *
 * Requiring both conditions is what makes the gate trustworthy in two directions: the relative
 * bound keeps real but negligible differences (which many seeds make significant) from failing a
 * build, and the test keeps a lucky baseline seed set from making noise look like a regression.
 */
export type Verdict = 'ok' | 'improved' | 'noise' | 'regressed' | 'new' | 'missing' | 'unstable';
/**
 * `unstable`: the run now was overloaded (its backlog kept growing), so its numbers measure the
 * run's length and are not compared at all; it fails, with --update too (no baseline is made of it).
 */
export const FAILING: readonly Verdict[] = ['regressed', 'missing', 'unstable'];

/**
 * Marks every comparison of a strategy × sweep point (keys `label|point`) whose run was unstable;
 * one without a baseline entry gets its comparisons too, so that it is reported either way.
 */
export function markUnstable(comparisons: Comparison[], name: string, now: ScenarioRecord, unstable: ReadonlySet<string>, tolerances: Tolerances): Comparison[] {
  const out = comparisons.map((c) => (unstable.has(`${c.strategy}|${c.point}`) ? { ...c, change: null, p: null, verdict: 'unstable' as const } : c));
  const covered = new Set(out.map((c) => `${c.strategy}|${c.point}`));
  for (const c of compareScenario(name, undefined, now, tolerances)) {
    const key = `${c.strategy}|${c.point}`;
    if (unstable.has(key) && !covered.has(key)) out.push({ ...c, verdict: 'unstable' });
  }
  return out;
}

/** The statistical test needs this many seeds on each side; with fewer, the bound alone decides. */
export const MIN_SEEDS = 3;

export interface Comparison {
  scenario: string;
  strategy: string;
  /** Sweep point label, "-" without a sweep. */
  point: string;
  metric: GatedMetric;
  /** Means across seeds (null: not finite); undefined where that side has no value. */
  baseline?: number | null;
  now?: number | null;
  /** Latency: now / baseline − 1; accuracy: now − baseline (points as a fraction). Positive is higher, not worse. */
  change: number | null;
  /** The one-sided p-value, when the test ran. */
  p: number | null;
  tolerance: number;
  verdict: Verdict;
}

export function compareScenario(name: string, baseline: ScenarioRecord | undefined, now: ScenarioRecord, tolerances: Tolerances): Comparison[] {
  const out: Comparison[] = [];
  const labels = [...new Set([...Object.keys(now.strategies), ...Object.keys(baseline?.strategies ?? {})])];
  for (const strategy of labels) {
    const nowPoints = now.strategies[strategy] ?? {}, basePoints = baseline?.strategies[strategy] ?? {};
    for (const point of [...new Set([...Object.keys(nowPoints), ...Object.keys(basePoints)])]) {
      for (const metric of gatedMetrics) {
        const b = basePoints[point]?.[metric], n = nowPoints[point]?.[metric];
        if (!b && !n) continue;
        out.push({ scenario: name, strategy, point, metric, ...compareMetric(metric, b, n, tolerances[metric], `${name}/${strategy}/${point}/${metric}`) });
      }
    }
  }
  return out;
}

type Outcome = Pick<Comparison, 'baseline' | 'now' | 'change' | 'p' | 'tolerance' | 'verdict'>;

export function compareMetric(metric: GatedMetric, base: MetricRecord | undefined, now: MetricRecord | undefined, tolerance: number, stream: string): Outcome {
  if (!base) return { now: now!.mean, change: null, p: null, tolerance, verdict: 'new' };
  if (!now) return { baseline: base.mean, change: null, p: null, tolerance, verdict: 'missing' };
  const higherIsWorse = metric !== 'accuracy';
  const b = comparable(metric, base.mean), n = comparable(metric, now.mean);
  // How much worse, in the tolerance's unit: a fraction of the baseline for latency, points for accuracy.
  let worse: number, change: number | null;
  if (b === n) worse = change = 0; // also both infinite: nothing changed
  else if (higherIsWorse) {
    worse = b > 0 && Number.isFinite(b) ? n / b - 1 : n > b ? Infinity : -Infinity;
    change = Number.isFinite(worse) ? worse : null;
  } else {
    worse = b - n;
    change = Number.isFinite(worse) ? -worse : null;
  }
  const outcome: Outcome = { baseline: base.mean, now: now.mean, change, p: null, tolerance, verdict: 'ok' };
  if (Math.abs(worse) <= tolerance) return outcome;
  const finite = (values: (number | null)[]) => values.every((v) => v !== null && Number.isFinite(v));
  if (base.values.length >= MIN_SEEDS && now.values.length >= MIN_SEEDS && finite(base.values) && finite(now.values)) {
    // Oriented so that "now worse" is "now larger" for the test.
    const sign = (worse > 0) === higherIsWorse ? 1 : -1;
    const orient = (vs: (number | null)[]) => vs.map((v) => sign * (v as number));
    outcome.p = permutationPValue(orient(base.values), orient(now.values), `check/${stream}`);
    if (outcome.p > SIGNIFICANCE) {
      outcome.verdict = worse > 0 ? 'noise' : 'ok';
      return outcome;
    }
  }
  outcome.verdict = worse > 0 ? 'regressed' : 'improved';
  return outcome;
}
