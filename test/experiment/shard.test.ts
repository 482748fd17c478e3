import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../sim/errors.js';
import { canonicalJson, parseCanonicalJson, parseShard, scenarioHash, shardFileName, shardIndices } from '../../sim/experiment/shard.js';
import { expandScenario } from '../../sim/scenario/expand.js';
import { loadScenario } from '../../sim/scenario/load.js';

const test = suite('experiment/shard');

const throwsInput = (f: () => unknown, pattern: RegExp): void => {
  try {
    f();
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as Error).message, pattern);
    return;
  }
  assert.unreachable('no error');
};

test('--shard I/N, and auto/N from each batch engine\'s variable, in order', () => {
  assert.equal(parseShard('2/5', {}), { index: 2, count: 5 });
  assert.equal(parseShard('0/1', {}), { index: 0, count: 1 });
  assert.equal(parseShard('auto/3', { SLURM_ARRAY_TASK_ID: '1' }), { index: 1, count: 3 });
  assert.equal(parseShard('auto/3', { JOB_COMPLETION_INDEX: '2' }), { index: 2, count: 3 });
  assert.equal(parseShard('auto/3', { AWS_BATCH_JOB_ARRAY_INDEX: '0' }), { index: 0, count: 3 });
  assert.equal(parseShard('auto/3', { SLURM_ARRAY_TASK_ID: '0', JOB_COMPLETION_INDEX: '2' }), { index: 0, count: 3 }, 'Slurm first');
});

test('bad --shard values are input errors that say what to do', () => {
  throwsInput(() => parseShard('3/3', {}), /--shard: expected a shard index below 3 .*found 3/);
  throwsInput(() => parseShard('1/0', {}), /--shard/);
  throwsInput(() => parseShard('a/3', {}), /--shard: expected I\/N/);
  throwsInput(() => parseShard('1-3', {}), /--shard/);
  throwsInput(() => parseShard('auto/3', {}), /SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX.*none of them set/);
  throwsInput(() => parseShard('auto/3', { SLURM_ARRAY_TASK_ID: '3' }), /below 3.*SLURM_ARRAY_TASK_ID=3.*--array=0-2/);
  throwsInput(() => parseShard('auto/3', { JOB_COMPLETION_INDEX: 'x' }), /JOB_COMPLETION_INDEX/);
});

test('shards partition the run points: i mod N = I, each point exactly once', () => {
  for (const total of [0, 1, 5, 12]) {
    for (const count of [1, 2, 3, 7, 20]) {
      const all = Array.from({ length: count }, (_, index) => shardIndices(total, { index, count })).flat().sort((a, b) => a - b);
      assert.equal(all, Array.from({ length: total }, (_, i) => i));
    }
  }
  assert.equal(shardIndices(7, { index: 1, count: 3 }), [1, 4]);
});

test('canonical JSON keeps non-finite numbers and −0, and hashes Maps and typed arrays by content', () => {
  const value = { a: Infinity, b: -Infinity, c: NaN, d: -0, e: [1, 0.1, null], f: 'NaN', g: { $number: 'x' } };
  const back = parseCanonicalJson(canonicalJson(value)) as typeof value;
  assert.is(back.a, Infinity);
  assert.is(back.b, -Infinity);
  assert.ok(Number.isNaN(back.c));
  assert.ok(Object.is(back.d, -0));
  assert.equal(back.e, [1, 0.1, null]);
  assert.is(back.f, 'NaN', 'strings stay strings');
  assert.equal(back.g, { $number: 'x' });
  assert.is.not(canonicalJson(new Map([[1, 2]])), canonicalJson(new Map([[1, 3]])));
  assert.is.not(canonicalJson(new Float64Array([1])), canonicalJson(new Float64Array([2])));
});

test('the content hash follows what runs: the same scenario agrees, a --set, seed or sweep changes it', () => {
  const hash = (options: Parameters<typeof loadScenario>[1]) => scenarioHash(expandScenario(loadScenario('scenarios/quickstart.yaml', options)));
  const base = hash({ set: ['arrivals.rate=[150/s,270/s]'], sweepFromSet: true });
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.is(hash({ set: ['arrivals.rate=[150/s,270/s]'], sweepFromSet: true }), base);
  assert.is.not(hash({ set: ['arrivals.rate=[150/s,210/s]'], sweepFromSet: true }), base);
  assert.is.not(hash({ set: ['arrivals.rate=[150/s,270/s]'], sweepFromSet: true, seeds: 2 }), base);
  assert.is.not(hash({ set: ['arrivals.rate=[150/s,270/s]', 'cluster.instances=16'], sweepFromSet: true }), base);
  assert.is.not(hash({ set: ['arrivals.rate=[150/s,270/s]'], sweepFromSet: true, queries: 1000 }), base);
});

test('shard file names carry the scenario name, the hash and the shard', () => {
  const name = shardFileName({ scenario: { name: 'quickstart' } as never, scenario_hash: 'ab'.repeat(32), shard: { index: 1, count: 3 } });
  assert.is(name, 'quickstart.abababababababab.shard-1-of-3.json');
});

test.run();
