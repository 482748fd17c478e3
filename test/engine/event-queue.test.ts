import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventQueue } from '../../sim/engine/event-queue.js';
import { Simulation } from '../../sim/engine/simulation.js';
import { RandomStreams } from '../../sim/engine/random.js';

const test = suite('engine/event-queue');

test('pops in time order, ties in insertion order, across growth', () => {
  const q = new EventQueue(2);
  const rng = new RandomStreams(7).stream('times');
  const pushed: [number, number][] = [];
  for (let i = 0; i < 5000; i++) {
    // Few distinct times, so that ties are common.
    const t = Math.floor(rng.uniform() * 50);
    q.push(t, 0, i, 0);
    pushed.push([t, i]);
  }
  pushed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [t, i] of pushed) {
    assert.ok(q.pop());
    assert.is(q.poppedTime, t);
    assert.is(q.poppedA, i);
  }
  assert.not.ok(q.pop());
});

test('simulation runs handlers in order and stops on request', () => {
  const sim = new Simulation();
  const seen: string[] = [];
  const tick = sim.on((a) => {
    seen.push(`${sim.now}:${a}`);
    if (a === 3) sim.stop();
  });
  sim.schedule(5, tick, 1);
  sim.schedule(1, tick, 2);
  sim.schedule(5, tick, 3);
  sim.schedule(9, tick, 4);
  sim.run();
  assert.equal(seen, ['1:2', '5:1', '5:3']);
  sim.run();
  assert.equal(seen, ['1:2', '5:1', '5:3', '9:4']);
  assert.is(sim.events, 4);
});

test('run(until) leaves later events pending', () => {
  const sim = new Simulation();
  const noop = sim.on(() => {});
  sim.schedule(1, noop);
  sim.schedule(10, noop);
  sim.run(5);
  assert.is(sim.now, 1);
  assert.is(sim.pending, 1);
});

test.run();
