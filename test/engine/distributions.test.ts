import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeSampler, meanOf } from '../../sim/engine/distributions.js';
import type { DistSpec } from '../../sim/engine/distribution-spec.js';
import { RandomStreams } from '../../sim/engine/random.js';

const test = suite('engine/distributions');

const specs: DistSpec[] = [
  { dist: 'constant', value: 3 },
  { dist: 'exponential', mean: 2 },
  { dist: 'uniform', min: 1, max: 5 },
  { dist: 'normal', mean: 1, std: 1 },
  { dist: 'lognormal', median: 20, sigma: 0.5 },
  { dist: 'gamma', mean: 4, cv: 0.5 },
  { dist: 'gamma', mean: 4, cv: 2 },
  { dist: 'pareto', scale: 1, shape: 3 },
  { dist: 'empirical', samples: [1, 2, 2, 7] },
  { dist: 'mixture', of: [{ weight: 3, spec: { dist: 'constant', value: 1 } }, { weight: 1, spec: { dist: 'exponential', mean: 10 } }] },
  { dist: 'exponential', mean: 2, shift: 5, multiply: 3 },
];

for (const spec of specs) {
  test(`${spec.dist} sample mean matches its mean (${JSON.stringify(spec).slice(0, 60)})`, () => {
    const sample = makeSampler(spec, new RandomStreams(1).stream(spec.dist));
    const n = 200_000;
    let sum = 0, sumSq = 0, min = Infinity;
    for (let i = 0; i < n; i++) {
      const x = sample.draw();
      sum += x;
      sumSq += x * x;
      min = Math.min(min, x);
    }
    const mean = sum / n;
    const sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
    // Five standard errors: a real bug shows, sampling noise does not.
    assert.ok(Math.abs(mean - meanOf(spec)) <= 5 * sd / Math.sqrt(n) + 1e-12, `mean ${mean} vs ${meanOf(spec)}`);
    assert.ok(min >= 0, 'no negative samples');
  });
}

test('streams are reproducible and independent by name', () => {
  const a = new RandomStreams(3).stream('x'), b = new RandomStreams(3).stream('x'), c = new RandomStreams(3).stream('y'), d = new RandomStreams(4).stream('x');
  const draw = (r: typeof a) => Array.from({ length: 5 }, () => r.uniform());
  const first = draw(a);
  assert.equal(draw(b), first);
  assert.not.equal(draw(c), first);
  assert.not.equal(draw(d), first);
});

test.run();
