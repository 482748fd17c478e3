import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assembleResults } from '../../sim/experiment/experiment.js';
import { latencyKeys, type AggregateSummary } from '../../sim/metrics/types.js';
import { pointsOf, runOf, runsOf, sourceOf } from '../helpers/runs.js';
import { BOOTSTRAP_RESAMPLES, bootstrapPicks, estimate } from '../../sim/metrics/confidence.js';

/**
 * The aggregate across seeds, through the entry that assembles every results file (run, merge,
 * emulate): each seed's values in seed order, and a 95% interval that stays within what the
 * seeds measured, on the bimodal tails that rare TCP timeouts give.
 */
const test = suite('metrics/aggregate');

function aggregateOf(runs: ReturnType<typeof runsOf>, labels = ['none']): AggregateSummary[] {
  return assembleResults(sourceOf(labels, [], 10), pointsOf(runs)).results.aggregate;
}

test('each seed\'s value of every statistic is kept, in seed order, whatever order the runs came in', () => {
  const runs = [3, 1, 2].map((seed) => runOf('none', seed, { p999: 100 + seed, p50: 10 + seed, stalled: seed / 1000 }));
  const [a] = aggregateOf(runs);
  assert.equal(a!.seed_list, [1, 2, 3]);
  assert.is(a!.seeds, 3);
  for (const key of latencyKeys.filter((k) => k !== 'p50' && k !== 'mean')) assert.equal(a!.latency_ms[key].values, [101, 102, 103], key);
  assert.equal(a!.latency_ms.p50.values, [11, 12, 13]);
  assert.equal(a!.stalled.values, [0.001, 0.002, 0.003]);
  assert.is(a!.latency_ms.p999.n, 3);
  assert.is(a!.latency_ms.p999.mean, 102);
});

test('a bimodal tail (3 of 10 seeds at the timeout): the interval lies within the seeds\' range, around the mean', () => {
  const body = [29.1, 30.4, 28.7, 31.2, 29.9, 30.8, 29.5], timeout = [219.8, 221.4, 220.6];
  // Seeds 2, 5 and 9 at the timeout.
  const p999 = [body[0]!, timeout[0]!, body[1]!, body[2]!, timeout[1]!, body[3]!, body[4]!, body[5]!, timeout[2]!, body[6]!];
  const [a] = aggregateOf(runsOf({ none: p999 }));
  const e = a!.latency_ms.p999;
  assert.equal(e.values, p999);
  const [lo, hi] = e.ci95 as [number, number];
  const min = Math.min(...p999), max = Math.max(...p999);
  assert.ok(lo >= min && hi <= max, `[${lo}, ${hi}] within [${min}, ${max}]`);
  assert.ok(lo < e.mean! && e.mean! < hi, `mean ${e.mean} inside [${lo}, ${hi}]`);
  // Student's t on these ten values reaches below every seed (about 21.6 ms): this interval does not.
  assert.ok(lo > 0 && hi > 120, `[${lo}, ${hi}] spans the upper mode's pull`);
});

test('three seeds, one at the timeout: the interval is the seeds\' range, not −173 … +360 ms', () => {
  const [a] = aggregateOf(runsOf({ none: [30.2, 219.9, 29.4] }));
  assert.equal(a!.latency_ms.p999.ci95, [29.4, 219.9]);
});

test('equal values, one seed, and a value that is not finite', () => {
  const [same] = aggregateOf(runsOf({ none: [0.1, 0.1, 0.1] }));
  assert.equal(same!.latency_ms.p999.ci95, [0.1, 0.1]);
  assert.is(same!.latency_ms.p999.mean, 0.1, 'no rounding past the values');
  const [one] = aggregateOf(runsOf({ none: [42] }));
  assert.equal(one!.latency_ms.p999, { mean: 42, ci95: [null, null], n: 1, values: [42] });
  const [lost] = aggregateOf(runsOf({ none: [30, null, 31] }));
  assert.equal(lost!.latency_ms.p999, { mean: null, ci95: [null, null], n: 3, values: [30, null, 31] });
});

test('deterministic, and a strategy\'s interval does not depend on what else the results hold', () => {
  const p999 = [30, 31, 220, 29, 30, 221, 32, 30, 29, 31];
  const alone = aggregateOf(runsOf({ none: p999 }));
  const again = aggregateOf(runsOf({ none: p999 }));
  assert.is(JSON.stringify(again), JSON.stringify(alone));
  const withOthers = aggregateOf(runsOf({ parm: [25, 26, 27, 25, 26, 27, 25, 26, 27, 25], none: p999 }), ['parm', 'none']);
  assert.equal(withOthers.find((a) => a.strategy === 'none'), alone[0]);
});

test('the interval is the 2.5% and 97.5% quantiles of every resampled mean, to the bit, for any number of seeds', () => {
  // The reference: every resample's mean, summed in its picks' order, sorted, read at the nearest ranks.
  const reference = (values: number[]): [number, number] => {
    const n = values.length, picks = bootstrapPicks(n);
    const means = Float64Array.from({ length: BOOTSTRAP_RESAMPLES }, (_, r) => {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += values[picks[r * n + j]!]!;
      return sum / n;
    }).sort();
    const min = Math.min(...values), max = Math.max(...values);
    return [Math.max(min, means[Math.ceil(0.025 * BOOTSTRAP_RESAMPLES) - 1]!), Math.min(max, means[Math.ceil(0.975 * BOOTSTRAP_RESAMPLES) - 1]!)];
  };
  let x = 12345;
  const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let n = 2; n <= 7; n++) {
    for (let trial = 0; trial < 6; trial++) {
      // Ordinary values, values with ties, and sums that round differently in different orders.
      const values = Array.from({ length: n }, (_, i) => trial % 3 === 0 ? 20 + 600 * next() : trial % 3 === 1 ? [21.5, 238.25][Math.floor(2 * next())]! : (i % 2 ? 0.1 : 1e16) * next());
      if (Math.min(...values) === Math.max(...values)) continue;
      assert.equal(estimate(values).ci95, reference(values), `${n} seeds: ${values.join(', ')}`);
    }
  }
});

test('summary.json names the interval\'s method', () => {
  const { statistics } = assembleResults(sourceOf(['none'], []), pointsOf(runsOf({ none: [1, 2] }))).results;
  assert.is(statistics.ci95, 'percentile-bootstrap-over-seeds');
  assert.is(statistics.resamples, 10_000);
  assert.is(statistics.stall_ms, 150);
  assert.match(statistics.description, /resamples of the seeds with replacement/);
});

test.run();
