import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../sim/strategies/simulate.js';
import { Answer, type Outcomes } from '../../sim/cluster/outcomes.js';
import { TaskState } from '../../sim/cluster/tasks.js';
import type { Dispatch } from '../../sim/cluster/config.js';
import { allStrategies, testWorld } from '../helpers/world.js';

const test = suite('strategies/invariants');

const dispatches: Dispatch[] = ['single-queue', 'round-robin', 'shortest-queue', 'power-of-two'];
const worlds = dispatches.map((dispatch) =>
  testWorld(
    {
      queries: 4000,
      arrivals: { process: 'poisson', rate: 0.4 },
      stragglers: { shuffles: { flows: 4, size: [64e6, 128e6], slowdown: 4 }, slowdowns: { hosts: 'all', every: { dist: 'exponential', mean: 3000 }, duration: { dist: 'constant', value: 200 }, factor: 5 } },
      faults: { failStop: [{ hosts: { count: 2 }, uptime: { dist: 'exponential', mean: 4000 }, downtime: { dist: 'constant', value: 500 } }], scripted: [] },
      deadline: 400,
    },
    { dispatch, batch: { size: 2, timeout: 5 } },
  ),
);

function checkAnsweredOnce(o: Outcomes, label: string): void {
  for (let q = 0; q < o.count; q++) {
    assert.ok(o.answer[q] !== Answer.unanswered && o.answer[q] !== Answer.lost, `${label}: query ${q} has an answer (deadline set)`);
    assert.ok(o.latency[q]! >= 0, `${label}: query ${q} not answered before it arrived`);
    const t = o.answerTask[q]!;
    if (t >= 0) assert.is(o.taskState[t], TaskState.done, `${label}: query ${q} answered by a finished, uncancelled task`);
  }
}

/** A reconstruction needs the group's other data outputs back first: they answered no later than it. */
function checkReconstructions(o: Outcomes, label: string): number {
  let reconstructed = 0;
  for (let q = 0; q < o.count; q++) {
    if (o.answer[q] !== Answer.reconstructed) continue;
    reconstructed++;
    const b = o.batch[q]!, g = o.batchGroup[b]!;
    assert.ok(g >= 0, `${label}: reconstructed query ${q} belongs to a group`);
    const answeredAt = o.arrival[q]! + o.latency[q]!;
    for (let other = o.groupStart[g]!; other < o.groupStart[g]! + o.groupSize[g]!; other++) {
      if (other === b) continue;
      const first = o.batchStart[other]!;
      // Its members were answered by their own output (possibly after a deadline default elsewhere).
      const back = [...Array(o.batchSize[other]!).keys()].some((i) => o.answer[first + i] === Answer.original);
      assert.ok(back, `${label}: group ${g} member ${other} output was back`);
      for (let i = 0; i < o.batchSize[other]!; i++) {
        const r = first + i;
        if (o.answer[r] === Answer.original) assert.ok(o.arrival[r]! + o.latency[r]! <= answeredAt + 1e-9, `${label}: member output back before the reconstruction`);
      }
    }
  }
  return reconstructed;
}

test('every strategy under every dispatch answers each query once, after it arrives, never from a cancelled copy', () => {
  worlds.forEach((world, i) => {
    for (const strategy of allStrategies) {
      const label = `${strategy.label}/${dispatches[i]}`;
      const o = simulate(world, strategy, 3);
      checkAnsweredOnce(o, label);
      if (strategy.kind === 'parm') assert.ok(checkReconstructions(o, label) > 0, `${label} reconstructed something`);
    }
  });
});

test('a failed host: none loses its queries (or defaults them at the deadline) while parm reconstructs them', () => {
  const base = testWorld({ queries: 3000, stragglers: {}, faults: { failStop: [], scripted: [{ at: 2000, host: 0, action: 'fail' }] } }, { dispatch: 'round-robin' });
  const parm = allStrategies.find((s) => s.kind === 'parm')!;
  const none = simulate(base, allStrategies[0]!, 1);
  const lost = none.answer.filter((a) => a === Answer.lost).length;
  assert.ok(lost > 100, `none lost ${lost} queries sent to the failed host`);
  const withDeadline = simulate({ ...base, deadline: 300 }, allStrategies[0]!, 1);
  assert.is(withDeadline.answer.filter((a) => a === Answer.default).length, lost, 'with a deadline the same queries get the default answer');
  const coded = simulate(base, parm, 1);
  assert.is(coded.answer.filter((a) => a === Answer.lost).length, 0, 'parm loses nothing');
  assert.ok(coded.answer.filter((a) => a === Answer.reconstructed).length >= lost * 0.9, 'parm reconstructs them');
});

test('parm with a group timeout encodes partial groups at low load', () => {
  const world = testWorld({ queries: 500, arrivals: { process: 'poisson', rate: 0.001 }, stragglers: {} });
  const zero = { dist: 'constant' as const, value: 0 };
  const o = simulate(world, { kind: 'parm', k: 4, encoder: 'addition', encode: zero, decode: zero, groupTimeout: 50, label: 'parm' }, 1);
  assert.ok(o.groupCount > o.batchCount / 4 + 10, `more groups (${o.groupCount}) than full groups would give`);
  assert.ok([...o.groupSize].some((s) => s < 4));
});

test('hedging at a percentile of recent latencies sends about that share of second copies', () => {
  const world = testWorld({ queries: 20_000, stragglers: {} }, { service: { time: { dist: 'exponential', mean: 20 } } });
  for (const percentile of [0.5, 0.9]) {
    const o = simulate(world, { kind: 'hedged', after: { percentile, window: 1000 }, label: 'hedged' }, 2);
    const hedges = o.taskState.length - o.batchCount;
    const share = hedges / o.batchCount;
    // A batch is hedged when it is still unanswered at the delay: roughly 1 - percentile of them.
    assert.ok(Math.abs(share - (1 - percentile)) < 0.08, `p${percentile * 100}: ${(share * 100).toFixed(1)}% hedged`);
  }
});

test.run();
