import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ScenarioRecord } from '../../sim/check/baseline.js';
import { compareMetric, compareScenario } from '../../sim/check/compare.js';
import { DEFAULT_TOLERANCES } from '../../sim/check/tolerance.js';

const test = suite('check/compare');
const rec = (...values: (number | null)[]) => ({ mean: values.includes(null) ? null : values.reduce((s: number, v) => s + v!, 0) / values.length, values });

test('latency: relative bound, with one seed the bound alone decides', () => {
  assert.is(compareMetric('p999', rec(100), rec(109), 0.1, 's').verdict, 'ok');
  const r = compareMetric('p999', rec(100), rec(111), 0.1, 's');
  assert.is(r.verdict, 'regressed');
  assert.ok(Math.abs(r.change! - 0.11) < 1e-12);
  assert.is(r.p, null, 'no test with one seed');
  assert.is(compareMetric('p999', rec(100), rec(80), 0.1, 's').verdict, 'improved');
});

test('with 3+ seeds both sides a regression must also be significant', () => {
  // +20% on the mean, but one baseline seed is slower than two new ones: p > 0.05.
  const noisy = compareMetric('p99', rec(80, 90, 130), rec(100, 110, 150), 0.1, 's');
  assert.is(noisy.verdict, 'noise');
  assert.ok(noisy.p! > 0.05);
  const clear = compareMetric('p99', rec(95, 100, 105), rec(120, 125, 130), 0.1, 's');
  assert.is(clear.verdict, 'regressed');
  assert.is(clear.p, 0.05);
});

test('accuracy: absolute points, lower is worse', () => {
  assert.is(compareMetric('accuracy', rec(0.85), rec(0.845), 0.01, 's').verdict, 'ok');
  const r = compareMetric('accuracy', rec(0.85), rec(0.83), 0.01, 's');
  assert.is(r.verdict, 'regressed');
  assert.ok(Math.abs(r.change! + 0.02) < 1e-12);
  assert.is(compareMetric('accuracy', rec(0.85), rec(0.87), 0.01, 's').verdict, 'improved');
});

test('a percentile that became infinite (queries lost) regresses; both infinite is no change', () => {
  assert.is(compareMetric('p999', rec(100), rec(null), 0.1, 's').verdict, 'regressed');
  assert.is(compareMetric('p999', rec(null), rec(null), 0.1, 's').verdict, 'ok');
  assert.is(compareMetric('p999', rec(null), rec(100), 0.1, 's').verdict, 'improved');
});

test('strategies or metrics only on one side are new (pass) or missing (fail)', () => {
  const base: ScenarioRecord = { file: null, seeds: [1], queries: 10, models: null, strategies: { a: { '-': { p50: rec(1) } }, gone: { '-': { p50: rec(1) } } } };
  const now: ScenarioRecord = { ...base, strategies: { a: { '-': { p50: rec(1), accuracy: rec(0.9) } }, added: { '-': { p50: rec(1) } } } };
  const verdicts = compareScenario('s', base, now, DEFAULT_TOLERANCES).map((c) => `${c.strategy}.${c.metric}:${c.verdict}`);
  assert.equal(verdicts, ['a.p50:ok', 'a.accuracy:new', 'added.p50:new', 'gone.p50:missing']);
});

test.run();
