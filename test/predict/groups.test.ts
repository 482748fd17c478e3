import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { codingGroups, lcgPermutation } from '../../sim/predict/groups.js';
import { fixtures, sha256Of } from './fixtures.js';

const test = suite('predict/groups');

test('the permutation is the pipeline\'s, draw for draw', () => {
  assert.equal(Array.from(lcgPermutation(10, 1)), fixtures.lcg.permutation_10_seed_1);
  assert.is(sha256Of(lcgPermutation(10000, 2019)), fixtures.lcg.permutation_10000_seed_2019_sha256);
});

test('groups are consecutive runs of k in the permutation, the remainder left out', () => {
  const groups = codingGroups(10000, 3, 2019);
  assert.is(groups.length, 9999);
  assert.equal(Array.from(groups.subarray(0, 12)), fixtures.lcg.groups_seed_2019_k3_first.flat());
});

test('every sample appears once', () => {
  const perm = lcgPermutation(1000, 42);
  const seen = new Uint8Array(1000);
  for (const v of perm) seen[v]!++;
  assert.ok(seen.every((c) => c === 1));
});

test.run();
