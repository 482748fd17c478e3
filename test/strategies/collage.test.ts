import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../sim/strategies/simulate.js';
import { Answer, Role } from '../../sim/cluster/outcomes.js';
import { TaskState } from '../../sim/cluster/tasks.js';
import type { StrategySpec } from '../../sim/strategies/spec.js';
import { testWorld } from '../helpers/world.js';

const test = suite('strategies/collage');
const zero = { dist: 'constant' as const, value: 0 };
const collage = (over: Partial<Extract<StrategySpec, { kind: 'collage' }>> = {}): StrategySpec => ({ kind: 'collage', k: 4, collages: 2, encode: zero, groupTimeout: 30, label: 'collage', ...over });
const world = testWorld(
  {
    queries: 4000, arrivals: { process: 'poisson', rate: 0.4 },
    stragglers: { slowdowns: { hosts: 'all', every: { dist: 'exponential', mean: 2000 }, duration: { dist: 'constant', value: 200 }, factor: 6 } },
    faults: { failStop: [{ hosts: { count: 2 }, uptime: { dist: 'exponential', mean: 4000 }, downtime: { dist: 'constant', value: 500 } }], scripted: [] },
    deadline: 400,
  },
  { batch: { size: 1, timeout: 0 } },
);

test('each query is answered once, by its original or by its group\'s collage, never by a cancelled task', () => {
  const o = simulate(world, collage(), 2);
  let fromCollage = 0;
  for (let q = 0; q < o.count; q++) {
    assert.ok(o.answer[q] !== Answer.unanswered && o.answer[q] !== Answer.lost, `query ${q} answered`);
    const t = o.answerTask[q]!;
    if (t >= 0) assert.is(o.taskState[t], TaskState.done);
    if (o.answer[q] === Answer.reconstructed) {
      fromCollage++;
      assert.ok(o.batchGroup[o.batch[q]!]! >= 0, 'a collage answer belongs to a group');
    }
  }
  assert.ok(fromCollage > 0, 'some queries answered by collages');
  assert.ok(o.hosts[Role.backup] === 2 && o.busy[Role.backup]! > 0, 'the collage pool worked');
});

test('preferring the original: no collage answer before its batch has waited the wait', () => {
  const o = simulate(world, collage({ answerWait: 40 }), 2);
  for (let q = 0; q < o.count; q++) if (o.answer[q] === Answer.reconstructed) assert.ok(o.latency[q]! >= 40 - 1e-9, `query ${q}: ${o.latency[q]} ms`);
});

test.run();
