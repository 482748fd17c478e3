import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DRAWS, permutationPValue } from '../../sim/check/permutation.js';

const test = suite('check/permutation');

test('3 + 3 seeds: complete separation gives the smallest p, 1/20', () => {
  assert.is(permutationPValue([10, 11, 12], [13, 14, 15]), 1 / 20);
});

test('5 + 5 seeds: complete separation gives 1/252; one swap 2/252', () => {
  assert.is(permutationPValue([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]), 1 / 252);
  // Swapping 5 and 6 leaves one other labelling (the original split) with a sum at least as large.
  assert.is(permutationPValue([1, 2, 3, 4, 6], [5, 7, 8, 9, 10]), 2 / 252);
});

test('one-sided: a better "now" is not significant; equal samples are far from it', () => {
  assert.is(permutationPValue([13, 14, 15], [10, 11, 12]), 1);
  assert.is(permutationPValue([5, 5, 5], [5, 5, 5]), 1, 'all tied: every labelling is as extreme');
  // {0.3, 0.3, 1, 1, 2, 2}: 14 of the 20 ways to pick three sum to 3.3 or more.
  assert.is(permutationPValue([0.3, 1, 2], [0.3, 1, 2]), 14 / 20);
  assert.is(permutationPValue([0.1 + 0.2, 1, 2], [0.3, 1, 2]), 14 / 20, 'rounding differences are ties');
});

test('interleaved samples are far from significant', () => {
  assert.ok(permutationPValue([1, 3, 5, 7], [2, 4, 6, 8]) > 0.2);
});

test('many seeds: a seeded Monte Carlo estimate, the same on every call and close to exact', () => {
  const base = Array.from({ length: 12 }, (_, i) => 100 + i);
  const now = Array.from({ length: 12 }, (_, i) => 106 + i);
  const p = permutationPValue(base, now, 'check/test');
  assert.is(permutationPValue(base, now, 'check/test'), p, 'deterministic');
  assert.ok(p > 0 && p < 0.01, `p=${p}`);
  const same = permutationPValue(base, base, 'check/test');
  assert.ok(same > 0.45 && same < 0.6, `equal samples: p=${same}`);
  const separated = permutationPValue(base, base.map((x) => x + 100), 'check/test');
  assert.is(separated, 1 / (DRAWS + 1), 'never zero: the observed labelling counts');
});

test.run();
