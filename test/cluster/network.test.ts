import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../sim/strategies/simulate.js';
import { Answer } from '../../sim/cluster/outcomes.js';
import { testWorld } from '../helpers/world.js';

const test = suite('cluster/network');

const none = { kind: 'none', label: 'none' } as const;
const withShuffles = (stall?: { probability: number; duration: number }, flows = 4) =>
  testWorld({ queries: 4000, arrivals: sparse, stragglers: { shuffles: { flows, size: [64e6, 128e6], slowdown: 1, ...(stall ? { stall } : {}) } } }, fast);
// Sparse arrivals, so that two queries seldom share the frontend's NIC.
const sparse = { process: 'poisson' as const, rate: 0.02 };
// Enough instances that no query ever waits: what remains is service and the network.
const fast = { instances: 60, service: { time: { dist: 'constant' as const, value: 10 } } };

function slowShare(latency: Float64Array, above: number): number {
  return latency.filter((x) => x > above).length / latency.length;
}

test('shared NICs: a shuffle slows query payloads that cross its NICs, and more flows slow more', () => {
  const quiet = simulate(testWorld({ queries: 4000, arrivals: sparse, stragglers: {} }, fast), none, 1);
  // 150 KB at 10 Gbps alone takes 0.12 ms; sharing a NIC with a flow doubles that. Without
  // shuffles only two queries sent at nearly the same instant share the frontend's NIC.
  const base = 10 + 0.2 + 0.12 + 0.2;
  const zero = slowShare(quiet.latency, base + 0.05);
  const one = slowShare(simulate(withShuffles(undefined, 1), none, 1).latency, base + 0.05);
  const eight = slowShare(simulate(withShuffles(undefined, 8), none, 1).latency, base + 0.05);
  assert.ok(zero < 0.01, `little contention without shuffles (${zero})`);
  assert.ok(one > 2 * zero && eight > 3 * one, `slowed by contention: ${zero}, ${one} with 1 flow, ${eight} with 8`);
});

test('stalls: transfers through a congested NIC wait a retransmission timeout with the given probability', () => {
  const never = simulate(withShuffles({ probability: 0, duration: 200 }), none, 1);
  assert.is(slowShare(never.latency, 100), 0);
  const sometimes = slowShare(simulate(withShuffles({ probability: 0.1, duration: 200 }), none, 1).latency, 200);
  const always = slowShare(simulate(withShuffles({ probability: 1, duration: 200 }), none, 1).latency, 200);
  assert.ok(sometimes > 0.005, `some stall (${sometimes})`);
  assert.ok(always > 5 * sometimes, `probability 1 stalls every congested transfer (${always} vs ${sometimes})`);
  const parm = simulate(withShuffles({ probability: 0.1, duration: 200 }), { kind: 'parm', k: 2, encoder: 'addition', encode: { dist: 'constant', value: 0 }, decode: { dist: 'constant', value: 0 }, groupTimeout: Infinity, label: 'parm' }, 1);
  assert.ok(parm.answer.some((a) => a === Answer.reconstructed), 'parm reconstructs stalled queries');
  assert.ok(slowShare(parm.latency, 200) < sometimes / 3, 'and its tail loses most of the stalls');
});

test.run();
