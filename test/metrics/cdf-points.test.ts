import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cdfPoints } from '../../sim/metrics/cdf-points.js';

const test = suite('metrics/cdf-points');

const oneToThousand = Float64Array.from({ length: 1000 }, (_, i) => i + 1);

test('takes nearest-rank quantiles: every 1%, then denser in the tail, then the max', () => {
  const points = cdfPoints(oneToThousand, 'parm', 3, 'arrivals.rate=270/s');
  const at = (q: number) => points.find((p) => p.quantile === q)?.latency_ms;
  assert.is(at(0), 1, 'level 0 is the minimum');
  assert.is(at(0.5), 500);
  assert.is(at(0.99), 990);
  assert.is(at(0.999), 999);
  assert.is(at(0.9991), 1000, 'ceil(0.9991 × 1000) = 1000th smallest');
  assert.is(points.at(-1)?.quantile, 1);
  assert.is(points.at(-1)?.latency_ms, 1000);
  assert.equal(points.map((p) => p.quantile).slice(99, 102), [0.99, 0.991, 0.992], 'levels are exact decimals');
  assert.ok(points.every((p) => p.strategy === 'parm' && p.seed === 3 && p.sweep === 'arrivals.rate=270/s'));
  const quantiles = points.map((p) => p.quantile);
  assert.equal(quantiles, [...quantiles].sort((a, b) => a - b), 'points run from low to high quantile');
});

test('lost queries (Infinity) count in the ranks but produce no points', () => {
  const latencies = Float64Array.from({ length: 100 }, (_, i) => (i < 98 ? i + 1 : Infinity));
  const points = cdfPoints(latencies, 's', 1, '');
  assert.ok(points.every((p) => Number.isFinite(p.latency_ms)));
  assert.is(points.find((p) => p.quantile === 0.98)?.latency_ms, 98);
  assert.is(points.find((p) => p.quantile === 0.99), undefined, 'the 99th query is lost');
  assert.equal(points.at(-1), { strategy: 's', seed: 1, sweep: '', quantile: 0.98, latency_ms: 98 }, 'the curve ends at the share answered');
});

test('an empty or all-lost run has no points', () => {
  assert.equal(cdfPoints(new Float64Array(0), 's', 1, ''), []);
  assert.equal(cdfPoints(Float64Array.of(Infinity, Infinity), 's', 1, ''), []);
});

test.run();
