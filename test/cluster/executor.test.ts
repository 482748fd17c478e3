import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Cluster } from '../../sim/cluster/cluster.js';
import { Role } from '../../sim/cluster/outcomes.js';
import { TaskState } from '../../sim/cluster/tasks.js';
import type { Pool } from '../../sim/cluster/pool.js';
import { testWorld } from '../helpers/world.js';

const test = suite('cluster/executor');

// One instance, no stragglers. A payload alone takes 1 ms of latency + 1 ms on the wire; two at
// once share the frontend's NIC. Service takes 10 ms at speed 1; an output needs 1 ms to come back.
type Script = (c: Cluster, pool: Pool, a: number, b: number) => [at: number, action: () => void][];

function run(dispatch: 'single-queue' | 'round-robin', script: Script) {
  const world = testWorld(
    { queries: 0, warmup: 0, stragglers: {}, network: { latency: { dist: 'constant', value: 1 }, bandwidth: 1000 } },
    { instances: 1, dispatch, service: { time: { dist: 'constant', value: 10 } } },
  );
  const c = new Cluster(world, 1, 1);
  const pool = c.createPool('data', Role.data, 0, 1);
  const a = c.tasks.add(0, Role.data, 0, 1, 1000);
  const b = c.tasks.add(1, Role.data, 0, 1, 1000);
  const actions = script(c, pool, a, b);
  const act = c.sim.on((i) => actions[i]![1]());
  actions.forEach(([at], i) => c.sim.at(at, act, i));
  const back = new Map<number, number>();
  c.run({ onBatch: () => {}, onResult: (t) => back.set(t, c.sim.now) });
  return { back, busy: c.exec.busy[Role.data]!, state: c.tasks.state, a, b };
}

test('single-queue: a task withdrawn on its way never runs; the instance takes the next once the payload has landed', () => {
  const r = run('single-queue', (c, pool, a, b) => [
    [0, () => pool.submit(a)], // reserved at once: lands at 2
    [0.5, () => pool.submit(b)], // waits in the shared queue
    [1, () => c.exec.cancel(a, false)],
  ]);
  assert.is(r.state[r.a], TaskState.cancelled);
  assert.not.ok(r.back.has(r.a));
  // b is pulled when a lands (2), lands at 4, is served until 14 and is back at 15.
  assert.is(r.back.get(r.b), 15);
  assert.is(r.busy, 10);
});

test('round-robin: a task withdrawn on its way is dropped when it arrives', () => {
  const r = run('round-robin', (c, pool, a, b) => [
    [0, () => pool.submit(a)], // arrives at 2
    [0.5, () => pool.submit(b)], // shares the frontend's NIC with a: 1 + 2 ms, arrives at 3.5
    [1, () => c.exec.cancel(a, false)],
  ]);
  assert.is(r.state[r.a], TaskState.cancelled);
  assert.is(r.back.get(r.b), 14.5);
  assert.is(r.busy, 10);
});

for (const dispatch of ['single-queue', 'round-robin'] as const) {
  test(`${dispatch}: a slowdown while the payload is on its way applies to all of its service`, () => {
    const r = run(dispatch, (c, pool, a) => [
      [0, () => pool.submit(a)],
      [1, () => {
        c.hosts.scriptedFactor[0] = 2;
        c.hosts.changed(0);
      }],
    ]);
    // Lands at 2, served at half speed until 22, back at 23.
    assert.is(r.back.get(r.a), 23);
    assert.is(r.busy, 20);
  });

  test(`${dispatch}: a running task withdrawn without aborting finishes, but its output reaches nobody`, () => {
    const r = run(dispatch, (c, pool, a, b) => [
      [0, () => pool.submit(a)], // served from 2 to 12
      [5, () => c.exec.cancel(a, false)],
      [6, () => pool.submit(b)], // served from 14 (single-queue: sent when a is done) or 12 (already there)
    ]);
    assert.not.ok(r.back.has(r.a));
    assert.is(r.state[r.a], TaskState.cancelled);
    assert.is(r.back.get(r.b), dispatch === 'single-queue' ? 25 : 23);
    assert.is(r.busy, 20);
  });

  test(`${dispatch}: a task on its way to an instance that fails is lost; the recovered instance serves the next`, () => {
    const r = run(dispatch, (c, pool, a, b) => [
      [0, () => pool.submit(a)],
      [1, () => c.hosts.fail(0)],
      [5, () => c.hosts.recover(0)],
      [6, () => pool.submit(b)],
    ]);
    assert.is(r.state[r.a], TaskState.lost);
    assert.not.ok(r.back.has(r.a));
    assert.is(r.back.get(r.b), 19);
    assert.is(r.busy, 10);
  });
}

test.run();
