import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../sim/strategies/simulate.js';
import { Answer, Role } from '../../sim/cluster/outcomes.js';
import type { StrategySpec } from '../../sim/strategies/spec.js';
import { bitCount } from '../../sim/strategies/plan.js';
import { loadScenario } from '../../sim/api/index.js';
import { InputError } from '../../sim/errors.js';
import { testWorld } from '../helpers/world.js';

const test = suite('strategies/parm r > 1');
const zero = { dist: 'constant' as const, value: 0 };
const parm = (k: number, r?: number): StrategySpec => ({ kind: 'parm', k, ...(r === undefined ? {} : { r }), encoder: 'addition', encode: zero, decode: zero, groupTimeout: Infinity, label: 'parm' });
// Failures make two members of a group go missing at once now and then: what r = 2 is for.
const world = testWorld(
  {
    queries: 6000, arrivals: { process: 'poisson', rate: 0.4 },
    stragglers: { slowdowns: { hosts: 'all', every: { dist: 'exponential', mean: 1500 }, duration: { dist: 'constant', value: 300 }, factor: 8 } },
    faults: { failStop: [{ hosts: { count: 3 }, uptime: { dist: 'exponential', mean: 3000 }, downtime: { dist: 'constant', value: 800 } }], scripted: [] },
    deadline: 2000,
  },
  { dispatch: 'round-robin' },
);

test('r = 2: a decode reads as many parity outputs as members are missing, and only data outputs that answered', () => {
  for (const k of [2, 3, 4]) {
    const o = simulate(world, parm(k, 2), 3);
    const from = o.groupDecodedFrom!;
    assert.ok(from !== undefined, 'decodes noted');
    let twoMissing = 0;
    for (let g = 0; g < o.groupCount; g++) {
      const mask = from[g]!;
      if (mask === 0) continue;
      const size = o.groupSize[g]!;
      const dataBits = mask & ((1 << k) - 1);
      const parityBits = mask >>> k;
      assert.ok(parityBits > 0 && parityBits < 4, `k ${k} group ${g}: parity bits ${parityBits}`);
      const missing = size - bitCount(dataBits);
      assert.is(bitCount(parityBits), missing, `k ${k} group ${g}: one parity output per missing member`);
      if (missing === 2) twoMissing++;
      for (let j = 0; j < size; j++) {
        if ((dataBits & (1 << j)) === 0) continue;
        const q = o.batchStart[o.groupStart[g]! + j]!;
        assert.is(o.answer[q], Answer.original, `k ${k} group ${g}: member ${j} read as back answered with its own output`);
      }
    }
    assert.ok(twoMissing > 0, `k ${k}: some groups decoded two missing members (${twoMissing})`);
  }
});

test('r = 2 leaves fewer slow queries than r = 1, on twice the parity instances', () => {
  const one = simulate(world, parm(2), 5), two = simulate(world, parm(2, 2), 5);
  const slow = (o: typeof one) => o.latency.filter((ms) => ms > 150).length;
  assert.ok(slow(two) < slow(one) / 2, `${slow(two)} vs ${slow(one)} queries over 150 ms`);
  assert.is(two.hosts[Role.parity], 2 * one.hosts[Role.parity]!);
});

test('r is read from the scenario; r = 2 needs the addition encoder', () => {
  const doc = {
    name: 'r', queries: 100, arrivals: { process: 'poisson', rate: '50/s' }, cluster: { instances: 4, service: '10ms' },
    strategies: [{ kind: 'parm', k: 2, r: 2 }],
  };
  const s = loadScenario(doc).strategies[0] as Extract<StrategySpec, { kind: 'parm' }>;
  assert.is(s.r, 2);
  assert.is(s.parityInstances, 4);
  assert.is((loadScenario({ ...doc, strategies: [{ kind: 'parm', k: 2 }] }).strategies[0] as Extract<StrategySpec, { kind: 'parm' }>).r, undefined, 'r = 1 leaves the spec as it was');
  for (const bad of [{ kind: 'parm', k: 2, r: 3 }, { kind: 'parm', k: 4, r: 2, encoder: 'concatenation' }]) {
    try {
      loadScenario({ ...doc, strategies: [bad] });
      assert.unreachable(JSON.stringify(bad));
    } catch (err) {
      assert.instance(err, InputError);
    }
  }
});

test.run();
