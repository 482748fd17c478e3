import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hostsFor, simulate } from '../../sim/strategies/simulate.js';
import { allStrategies, testWorld } from '../helpers/world.js';

const test = suite('strategies/common-random-numbers');

const world = testWorld({
  queries: 3000,
  stragglers: {
    shuffles: { flows: 4, size: [128e6, 256e6], slowdown: 2 },
    slowdowns: { hosts: { count: 3 }, every: { dist: 'exponential', mean: 2000 }, duration: { dist: 'constant', value: 300 }, factor: 3 },
    background: { hosts: { count: 2 }, rate: 0.01, duration: { dist: 'exponential', mean: 20 } },
  },
  faults: { failStop: [{ hosts: { count: 1 }, uptime: { dist: 'exponential', mean: 5000 }, downtime: { dist: 'constant', value: 1000 } }], scripted: [{ at: 3000, host: 2, action: 'slow', factor: 4, duration: 500 }] },
  deadline: 500,
});

const bytes = (a: ArrayLike<number>) => Buffer.from(Float64Array.from(a).buffer).toString('base64');

test('same scenario and seed give identical outcomes; another seed gives different ones', () => {
  for (const strategy of allStrategies) {
    const a = simulate(world, strategy, 5), b = simulate(world, strategy, 5), c = simulate(world, strategy, 6);
    assert.is(bytes(a.latency), bytes(b.latency), strategy.label);
    assert.is(bytes(a.answer), bytes(b.answer), strategy.label);
    assert.is.not(bytes(a.latency), bytes(c.latency), strategy.label);
  }
});

test('every strategy sees the same arrivals, samples, payloads and straggler/fault timeline', () => {
  const hosts = hostsFor(allStrategies, world);
  const runs = allStrategies.map((s) => simulate(world, s, 9, hosts, { recordTimeline: true }));
  const first = runs[0]!;
  assert.ok(first.timeline!.length > 40, 'the timeline has events');
  // Timelines run until each strategy's last answer; compare the common prefix.
  const horizon = Math.min(...runs.map((r) => r.endTime));
  const until = (tl: number[]) => tl.slice(0, tl.findIndex((_, i) => i % 4 === 0 && tl[i]! > horizon) >>> 0);
  for (const run of runs.slice(1)) {
    assert.is(bytes(run.arrival), bytes(first.arrival));
    assert.is(bytes(run.sample), bytes(first.sample));
    assert.is(bytes(run.payload), bytes(first.payload));
    assert.equal(until(run.timeline!), until(first.timeline!));
  }
  const otherSeed = simulate(world, allStrategies[0]!, 10, hosts, { recordTimeline: true });
  assert.not.equal(otherSeed.timeline!.slice(0, 40), first.timeline!.slice(0, 40));
});

test.run();
