import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { expandScenario } from '../../sim/scenario/expand.js';
import { loadScenario, parseScenario } from '../../sim/scenario/load.js';
import { fixtures, inputError, minimal } from './helpers.js';

const test = suite('scenario/expand');

test('no sweep: one run per seed, seed … seed+seeds−1', () => {
  const runs = expandScenario(parseScenario({ ...minimal(), seed: 5, seeds: 3 }, 'x.yaml'));
  assert.equal(runs.map((r) => [r.seed, r.scenario.seed, r.scenario.seeds, r.point]), [[5, 5, 1, {}], [6, 6, 1, {}], [7, 7, 1, {}]]);
});

test('the cartesian product in the order written (first key slowest), seeds innermost', () => {
  const doc = { ...minimal(), seeds: 2, sweep: { 'arrivals.rate': ['150/s', '270/s'], 'cluster.instances': [2, 4, 8] } };
  const runs = expandScenario(parseScenario(doc, 'x.yaml'));
  assert.is(runs.length, 12);
  assert.equal(runs.slice(0, 7).map((r) => [r.point['arrivals.rate'], r.point['cluster.instances'], r.seed]), [
    ['150/s', 2, 1], ['150/s', 2, 2], ['150/s', 4, 1], ['150/s', 4, 2], ['150/s', 8, 1], ['150/s', 8, 2], ['270/s', 2, 1],
  ]);
  const last = runs[11]!;
  assert.equal(last.point, { 'arrivals.rate': '270/s', 'cluster.instances': 8 });
  assert.ok(Math.abs((last.scenario.world.arrivals as { rate: number }).rate - 0.27) < 1e-12);
  assert.is(last.scenario.world.cluster.instances, 8);
  assert.equal(last.scenario.sweep, {});
});

test('a swept value is re-validated with the rest: defaults that depend on it follow', () => {
  const doc = { ...minimal(), strategies: ['equal-resources', { kind: 'parm', k: 2 }], sweep: { 'strategies[1].k': [2, 4], 'cluster.instances': [4, 8] } };
  const runs = expandScenario(parseScenario(doc, 'x.yaml'));
  const at = (k: number, n: number) => runs.find((r) => r.point['strategies[1].k'] === k && r.point['cluster.instances'] === n)!.scenario.strategies;
  assert.equal(at(4, 8).map((s) => [s.kind, (s as { k: number }).k, (s as { parityInstances?: number }).parityInstances]), [['equal-resources', 4, undefined], ['parm', 4, 2]]);
  assert.is((at(2, 4)[1] as { parityInstances: number }).parityInstances, 2);
});

test('strategies keep their labels across sweep points', () => {
  const doc = { ...minimal(), strategies: [{ kind: 'parm', k: 2 }, { kind: 'parm', k: 3 }], sweep: { 'strategies[0].k': [2, 3] } };
  const runs = expandScenario(parseScenario(doc, 'x.yaml'));
  for (const run of runs) assert.equal(run.scenario.strategies.map((s) => s.label), ['parm-k2', 'parm-k3']);
});

test('sweep values as the user wrote them, from a file', () => {
  const runs = expandScenario(loadScenario(`${fixtures}full.yaml`));
  assert.is(runs.length, 2 * 2 * 3);
  assert.equal(runs[0]!.point, { 'arrivals.rate': '150/s', 'cluster.instances': 8 });
  assert.equal(runs.map((r) => r.seed).slice(0, 3), [7, 8, 9]);
});

test('a sweep over an unknown path fails with the nearest known path', () => {
  const err = inputError(() => parseScenario({ ...minimal(), sweep: { 'cluster.instancs': [1, 2] } }, 'x.yaml'));
  assert.is(err.field, 'sweep.cluster.instancs');
  assert.match(err.message, /did you mean cluster\.instances\?/);
});

test('a sweep value invalid at its path fails at load, naming the entry', () => {
  const err = inputError(() => parseScenario({ ...minimal(), sweep: { 'arrivals.rate': ['150/s', '0/s'] } }, 'x.yaml'));
  assert.is(err.field, 'sweep.arrivals.rate[1]');
  assert.match(err.message, /expected a positive rate/);
});

test('sweeping the seed or the name is refused', () => {
  assert.match(inputError(() => parseScenario({ ...minimal(), sweep: { seed: [1, 2] } }, 'x.yaml')).message, /use seeds for replications/);
  inputError(() => parseScenario({ ...minimal(), sweep: { name: ['a', 'b'] } }, 'x.yaml'));
});

test('a scenario built in code can be expanded if it has no sweep', () => {
  const loaded = parseScenario({ ...minimal(), seeds: 2 }, 'x.yaml');
  assert.is(expandScenario({ ...loaded }).length, 2);
  assert.throws(() => expandScenario({ ...loaded, sweep: { 'arrivals.rate': ['1/s'] } }), /must come from loadScenario/);
});

test.run();
