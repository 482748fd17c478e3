import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Role } from '../../sim/cluster/outcomes.js';
import { TaskState } from '../../sim/cluster/tasks.js';
import type { Cluster } from '../../sim/cluster/cluster.js';
import { simulatedCluster } from '../../sim/strategies/simulate.js';
import { testWorld } from '../helpers/world.js';

const test = suite('cluster/executor');

// One instance, no stragglers, two batches of one query each closed at time 0. A payload alone
// takes 1 ms of latency + 1 ms on the wire; two at once share the frontend's NIC. Service takes
// 10 ms at speed 1; an output needs 1 ms to come back. The script acts through the strategy
// interface (send, cancel) and on the hosts (slow, fail, recover).
interface Scripted {
  hosts: Cluster['hosts'];
  /** Sends batch 0 (a) or batch 1 (b) to the data pool. */
  send(batch: 0 | 1): void;
  /** Cancels that batch's task, leaving it to finish if it runs. */
  cancel(batch: 0 | 1): void;
}
type Script = (c: Scripted) => [at: number, action: () => void][];

function run(dispatch: 'single-queue' | 'round-robin', script: Script) {
  const world = testWorld(
    { queries: 2, warmup: 0, arrivals: { process: 'trace', times: [0, 0] }, payload: { dist: 'constant', value: 1000 }, stragglers: {}, network: { latency: { dist: 'constant', value: 1 }, bandwidth: 1000 } },
    { instances: 1, dispatch, service: { time: { dist: 'constant', value: 10 } } },
  );
  const c = simulatedCluster(world, 1, 1);
  const pool = c.pool('data', Role.data, 1);
  const task = [-1, -1];
  const back = new Map<number, number>();
  const actions = script({
    hosts: c.hosts,
    send: (b) => void (task[b] = c.send(pool, b, Role.data, 0)),
    cancel: (b) => c.cancel(task[b]!, 'finish'),
  });
  const act = c.timer((i) => actions[i]![1]());
  c.run({
    // Both batches close at time 0; the script starts once they exist.
    onBatch: (b) => {
      if (b === 1) actions.forEach(([at], i) => c.at(at, act, i));
    },
    onResult: (t) => back.set(c.batchOf(t), c.now),
  });
  return { back, busy: c.runner.busy[Role.data]!, state: (b: number) => c.tasks.state[task[b]!] };
}

test('single-queue: a task withdrawn on its way never runs; the instance takes the next once the payload has landed', () => {
  const r = run('single-queue', (c) => [
    [0, () => c.send(0)], // reserved at once: lands at 2
    [0.5, () => c.send(1)], // waits in the shared queue
    [1, () => c.cancel(0)],
  ]);
  assert.is(r.state(0), TaskState.cancelled);
  assert.not.ok(r.back.has(0));
  // b is pulled when a lands (2), lands at 4, is served until 14 and is back at 15.
  assert.is(r.back.get(1), 15);
  assert.is(r.busy, 10);
});

test('round-robin: a task withdrawn on its way is dropped when it arrives', () => {
  const r = run('round-robin', (c) => [
    [0, () => c.send(0)], // arrives at 2
    [0.5, () => c.send(1)], // shares the frontend's NIC with a: 1 + 2 ms, arrives at 3.5
    [1, () => c.cancel(0)],
  ]);
  assert.is(r.state(0), TaskState.cancelled);
  assert.is(r.back.get(1), 14.5);
  assert.is(r.busy, 10);
});

for (const dispatch of ['single-queue', 'round-robin'] as const) {
  test(`${dispatch}: a slowdown while the payload is on its way applies to all of its service`, () => {
    const r = run(dispatch, (c) => [
      [0, () => c.send(0)],
      [1, () => {
        c.hosts.scriptedFactor[0] = 2;
        c.hosts.changed(0);
      }],
    ]);
    // Lands at 2, served at half speed until 22, back at 23.
    assert.is(r.back.get(0), 23);
    assert.is(r.busy, 20);
  });

  test(`${dispatch}: a running task withdrawn without aborting finishes, but its output reaches nobody`, () => {
    const r = run(dispatch, (c) => [
      [0, () => c.send(0)], // served from 2 to 12
      [5, () => c.cancel(0)],
      [6, () => c.send(1)], // served from 14 (single-queue: sent when a is done) or 12 (already there)
    ]);
    assert.not.ok(r.back.has(0));
    assert.is(r.state(0), TaskState.cancelled);
    assert.is(r.back.get(1), dispatch === 'single-queue' ? 25 : 23);
    assert.is(r.busy, 20);
  });

  test(`${dispatch}: a task on its way to an instance that fails is lost; the recovered instance serves the next`, () => {
    const r = run(dispatch, (c) => [
      [0, () => c.send(0)],
      [1, () => c.hosts.fail(0)],
      [5, () => c.hosts.recover(0)],
      [6, () => c.send(1)],
    ]);
    assert.is(r.state(0), TaskState.lost);
    assert.not.ok(r.back.has(0));
    assert.is(r.back.get(1), 19);
    assert.is(r.busy, 10);
  });
}

test.run();
