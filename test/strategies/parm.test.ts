import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../sim/strategies/simulate.js';
import type { StrategySpec } from '../../sim/strategies/spec.js';
import type { DistSpec } from '../../sim/engine/distribution-spec.js';
import { testWorld } from '../helpers/world.js';

const test = suite('strategies/parm');

const parm = (cost: DistSpec): StrategySpec => ({
  kind: 'parm', k: 2, encoder: 'addition', encode: cost, decode: cost, groupTimeout: Infinity, label: 'parm',
});

test('free encoding and decoding happen at once, with the same outcomes as steps scheduled 0 ms later', () => {
  const world = testWorld({ queries: 20_000, stragglers: { shuffles: { flows: 4, size: [64e6, 128e6], slowdown: 3, stall: { probability: 0.05, duration: 200 } } } });
  const atOnce = simulate(world, parm({ dist: 'constant', value: 0 }), 1);
  // A uniform on [0, 0] always draws 0 but is not known to be free: it goes through the event queue.
  const scheduled = simulate(world, parm({ dist: 'uniform', min: 0, max: 0 }), 1);
  assert.ok(atOnce.events < scheduled.events, `fewer events (${atOnce.events} vs ${scheduled.events})`);
  assert.equal(atOnce.latency, scheduled.latency);
  assert.equal(atOnce.answer, scheduled.answer);
});

test.run();
