import { InputError } from '../errors.js';
import type { GatedMetric } from './metrics.js';

/**
 * How much worse a metric may get before the gate calls it a regression: latency percentiles as
 * a fraction of the baseline (0.1 = 10% slower), accuracy in absolute points (0.01 = one point).
 *
 * The defaults rest on measured seed-to-seed variation of the scenarios in scenarios/ci (each
 * run for 10 disjoint seed sets, every set compared with every other as if it were the baseline;
 * docs/ci-gate.md, "Choosing tolerances"): the largest worsening between two seed sets was 1.0%
 * for p50, 5.2% for p99 and 9.6% for p99.9, while +20% service time worsens p50 by 19% or more
 * and p99.9 by 16% or more. The tail bounds are looser because a p99.9 rests on the slowest 0.1%
 * of queries. Accuracy's point is an estimate (binomial error of 20k answers), not a measurement.
 */
export type Tolerances = Record<GatedMetric, number>;

export const DEFAULT_TOLERANCES: Tolerances = { p50: 0.05, p99: 0.1, p999: 0.15, accuracy: 0.01 };

/** At or below this one-sided p-value a difference across seeds counts as real (see permutation.ts). */
export const SIGNIFICANCE = 0.05;

const FORMAT = 'a tolerance such as 5% (every latency percentile) or p999=15%,p50=5%,accuracy=0.01';
const names: Record<string, GatedMetric> = { p50: 'p50', p99: 'p99', p999: 'p999', 'p99.9': 'p999', accuracy: 'accuracy' };

/**
 * Reads `--tolerance` values (each a comma-separated list, later entries win) on top of the
 * defaults. Latency needs a percent sign and accuracy must not have one: "accuracy=1%" could mean
 * one point or 1% of the accuracy, so it is refused rather than guessed.
 */
export function parseTolerances(specs: readonly string[]): Tolerances {
  const out = { ...DEFAULT_TOLERANCES };
  for (const item of specs.flatMap((s) => s.split(',')).map((s) => s.trim())) {
    const bad = (expected: string, hint?: string): never => {
      throw new InputError('command line', '--tolerance', expected, JSON.stringify(item), hint);
    };
    const eq = item.indexOf('=');
    if (eq < 0) {
      const all = percent(item) ?? bad(FORMAT);
      out.p50 = out.p99 = out.p999 = all;
      continue;
    }
    const name = item.slice(0, eq).trim(), value = item.slice(eq + 1).trim();
    const metric = names[name] ?? bad(`a metric (${Object.keys(names).join(', ')}) before =`, FORMAT);
    if (metric === 'accuracy') {
      const points = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
      if (!(points >= 0 && points < 1)) bad('accuracy=<absolute fraction in [0, 1)>, e.g. accuracy=0.01 for one point', value.endsWith('%') ? 'accuracy is compared in absolute points, not percent' : undefined);
      out.accuracy = points;
    } else {
      out[metric] = percent(value) ?? bad(`${name}=<percent>, e.g. ${name}=10%`);
    }
  }
  return out;
}

/** "12.5%" → 0.125; anything else → undefined. */
function percent(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)%$/.exec(text);
  return m ? Number(m[1]) / 100 : undefined;
}

/** The tolerances as one line, for reports: "p50 5%, p99 10%, p99.9 10%, accuracy 1 pt". */
export function describeTolerances(t: Tolerances): string {
  const pct = (x: number) => `${+(x * 100).toFixed(4)}%`;
  return `p50 ${pct(t.p50)}, p99 ${pct(t.p99)}, p99.9 ${pct(t.p999)}, accuracy ${+(t.accuracy * 100).toFixed(4)} pt`;
}
