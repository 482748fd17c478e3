import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScenario } from '../../sim/scenario/load.js';
import { inputError, minimal } from './helpers.js';

const test = suite('scenario/overrides');

const withSet = (set: string[], doc: Record<string, unknown> = minimal()) => parseScenario(doc, 'x.yaml', { set });

test('--set replaces values, parsed as YAML', () => {
  const s = withSet(['arrivals.rate=300/s', 'cluster.instances=16', 'cluster.speeds=[1, 0.5]', 'deadline=40ms']);
  assert.ok(Math.abs((s.world.arrivals as { rate: number }).rate - 0.3) < 1e-12);
  assert.is(s.world.cluster.instances, 16);
  assert.equal(s.world.cluster.speeds, [1, 0.5]);
  assert.is(s.world.deadline, 40);
});

test('--set reaches into list items, writing out a shorthand first', () => {
  const s = withSet(['strategies[1].k=3'], { ...minimal(), strategies: ['none', 'parm'] });
  assert.equal(s.strategies[1], {
    kind: 'parm', k: 3, encoder: 'addition', parityInstances: 2, encode: { dist: 'constant', value: 0 },
    decode: { dist: 'constant', value: 0 }, groupTimeout: Infinity, label: 'parm',
  });
  const dist = withSet(['cluster.service.multiply=2']);
  assert.equal(dist.world.cluster.service.time, { dist: 'constant', value: 20, multiply: 2 });
});

test('--set creates missing objects on the way, and can append one list item', () => {
  const s = withSet(['network.bandwidth=1Gbps', 'strategies[1]={kind: parm, k: 2}']);
  assert.is(s.world.network.bandwidth, 125_000);
  assert.equal(s.strategies.map((x) => x.label), ['none', 'parm']);
});

test('--seed and --queries override the file; the warm-up default follows the queries', () => {
  const s = parseScenario({ ...minimal(), seed: 3 }, 'x.yaml', { seed: 9, queries: 200 });
  assert.is(s.seed, 9);
  assert.is(s.world.queries, 200);
  assert.is(s.world.warmup, 10);
});

test('--seed, --seeds or --queries beside a --set of the same value is refused, not one of them dropped', () => {
  const err = inputError(() => parseScenario(minimal(), 'x.yaml', { set: ['seed=5'], seed: 7 }));
  assert.is(err.file, 'command line');
  assert.is(err.field, '--seed 7');
  assert.match(err.message, /--seed or --set seed=5, not both/);
  assert.match(inputError(() => parseScenario(minimal(), 'x.yaml', { set: ['queries=300'], queries: 200 })).message, /--queries or --set queries=300/);
  assert.is(parseScenario(minimal(), 'x.yaml', { set: ['seeds=2'], seed: 3 }).seed, 3, 'different values: both kept');
});

test('an unknown --set path fails on the command line, with the nearest known path', () => {
  const err = inputError(() => withSet(['arrivals.rat=3/s']));
  assert.is(err.file, 'command line');
  assert.is(err.field, '--set arrivals.rat=3/s');
  assert.match(err.message, /did you mean arrivals\.rate\?/);
  const indexed = inputError(() => withSet(['strategies[0].kk=3']));
  assert.match(indexed.message, /did you mean strategies\[0\]\.k\?/);
});

test('--set without = or past the end of a list is refused', () => {
  assert.match(inputError(() => withSet(['arrivals.rate'])).message, /expected path=value/);
  assert.match(inputError(() => withSet(['strategies[5].k=2'])).message, /strategies has 1 items/);
});

test('a bad --set value fails at its path in the file, saying the command line set it', () => {
  const err = inputError(() => withSet(['arrivals.rate=0/s']));
  assert.is(err.file, 'x.yaml');
  assert.is(err.field, 'arrivals.rate');
  assert.match(err.message, /set by --set arrivals\.rate=0\/s/);
});

test('sweepFromSet: a list on a non-list path becomes a sweep; on a list path it stays a value', () => {
  const s = parseScenario(minimal(), 'x.yaml', { set: ['arrivals.rate=[150/s,270/s]', 'cluster.speeds=[1, 0.5]'], sweepFromSet: true });
  assert.equal(s.sweep, { 'arrivals.rate': ['150/s', '270/s'] });
  assert.equal(s.world.cluster.speeds, [1, 0.5]);
  assert.ok(Math.abs((s.world.arrivals as { rate: number }).rate - 0.27) < 1e-12, 'the base value stays');
});

test('sweepFromSet adds to a sweep in the file, after its keys', () => {
  const doc = { ...minimal(), sweep: { 'cluster.instances': [2, 4] } };
  const s = parseScenario(doc, 'x.yaml', { set: ['strategies[0]=[none, equal-resources]'], sweepFromSet: true });
  assert.equal(Object.keys(s.sweep), ['cluster.instances', 'strategies[0]']);
});

test('without sweepFromSet a list on a non-list path is just a wrong value', () => {
  const err = inputError(() => withSet(['arrivals.rate=[150/s,270/s]']));
  assert.is(err.field, 'arrivals.rate');
});

test('a value set on a swept path takes that axis out of the sweep, instead of being overwritten at every point', () => {
  const doc = { ...minimal(), strategies: ['none', { kind: 'parm', k: 2 }], sweep: { 'arrivals.rate': ['150/s', '270/s'], 'cluster.instances': [2, 4], 'strategies[1].k': [2, 3] } };
  const s = parseScenario(doc, 'x.yaml', { set: ['arrivals.rate=300/s'] });
  assert.equal(s.sweep, { 'cluster.instances': [2, 4], 'strategies[1].k': [2, 3] });
  assert.ok(Math.abs((s.world.arrivals as { rate: number }).rate - 0.3) < 1e-12);
  // A whole that holds a swept path takes it out too; other axes stay.
  const whole = parseScenario(doc, 'x.yaml', { set: ['arrivals={process: poisson, rate: 100/s}', 'strategies[1]={kind: parm, k: 2, encode: 1ms}'] });
  assert.equal(whole.sweep, { 'cluster.instances': [2, 4] });
  assert.is((whole.strategies[1] as { k: number }).k, 2);
  // So does a part of a swept path; without a sweep left, there is none.
  const part = parseScenario({ ...minimal(), sweep: { 'cluster.service': ['20ms', '30ms'] } }, 'x.yaml', { set: ['cluster.service.multiply=2'] });
  assert.equal(part.sweep, {});
  assert.equal(part.world.cluster.service.time, { dist: 'constant', value: 20, multiply: 2 });
});

test('sweepFromSet: a list on a path the file sweeps replaces its values where the axis stands', () => {
  const doc = { ...minimal(), sweep: { 'arrivals.rate': ['150/s', '270/s'], 'cluster.instances': [2, 4] } };
  const s = parseScenario(doc, 'x.yaml', { set: ['arrivals.rate=[100/s,200/s,300/s]'], sweepFromSet: true });
  assert.equal(s.sweep, { 'arrivals.rate': ['100/s', '200/s', '300/s'], 'cluster.instances': [2, 4] });
});

test('a bad value in a sweep from the command line names the sweep entry and the --set', () => {
  const err = inputError(() => parseScenario(minimal(), 'x.yaml', { set: ['arrivals.rate=[150/s,0/s]'], sweepFromSet: true }));
  assert.is(err.field, 'sweep.arrivals.rate[1]');
  assert.match(err.message, /set by --set arrivals\.rate=\[150\/s,0\/s\]/);
});

test.run();
