import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../sim/strategies/simulate.js';
import { Answer, Role } from '../../sim/cluster/outcomes.js';
import { TaskState } from '../../sim/cluster/tasks.js';
import type { StrategySpec } from '../../sim/strategies/spec.js';
import { testWorld } from '../helpers/world.js';

const test = suite('strategies/berrut');
const zero = { dist: 'constant' as const, value: 0 };
type BerrutSpec = Extract<StrategySpec, { kind: 'berrut' }>;
const berrut = (over: Partial<BerrutSpec>): BerrutSpec => ({
  kind: 'berrut', k: 2, stragglers: 1, systematic: false, encode: zero, decode: zero, groupTimeout: Infinity, wait: Infinity, label: 'berrut', ...over,
});
const variants = [
  berrut({}),
  berrut({ k: 3, stragglers: 2, systematic: true, label: 'systematic' }),
  berrut({ k: 4, stragglers: 2, wait: 40, groupTimeout: 30, label: 'wait' }),
];
const stormy = testWorld(
  {
    queries: 4000,
    arrivals: { process: 'poisson', rate: 0.4 },
    stragglers: { shuffles: { flows: 4, size: [64e6, 128e6], slowdown: 4 }, slowdowns: { hosts: 'all', every: { dist: 'exponential', mean: 3000 }, duration: { dist: 'constant', value: 200 }, factor: 5 } },
    faults: { failStop: [{ hosts: { count: 2 }, uptime: { dist: 'exponential', mean: 4000 }, downtime: { dist: 'constant', value: 500 } }], scripted: [] },
    deadline: 400,
  },
  { batch: { size: 2, timeout: 5 } },
);

function bits(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

test('each query is answered once, after it arrives, never by a cancelled task; exact answers only from originals', () => {
  for (const spec of variants) {
    const o = simulate(stormy, spec, 3);
    for (let q = 0; q < o.count; q++) {
      assert.ok(o.answer[q] !== Answer.unanswered && o.answer[q] !== Answer.lost, `${spec.label}: query ${q} answered`);
      assert.ok(o.latency[q]! >= 0, `${spec.label}: query ${q} answered after it arrived`);
      const t = o.answerTask[q]!;
      if (t >= 0) assert.is(o.taskState[t], TaskState.done, `${spec.label}: query ${q} answered by a finished task`);
      if (!spec.systematic) assert.is.not(o.answer[q], Answer.original, `${spec.label}: no original is ever sent, so no answer is exact`);
    }
    if (spec.systematic) assert.ok(o.answer.some((a) => a === Answer.original) && o.answer.some((a) => a === Answer.reconstructed), `${spec.label}: exact and decoded answers`);
  }
});

test('a decode reads k answers (fewer only after the wait), each of them back: an original answered exactly, or an empty slot', () => {
  for (const spec of variants) {
    const o = simulate(stormy, spec, 5);
    const from = o.groupDecodedFrom!;
    assert.ok(from !== undefined, `${spec.label} noted its decodes`);
    let decodes = 0, short = 0;
    for (let g = 0; g < o.groupCount; g++) {
      const mask = from[g]!;
      if (mask === 0) continue;
      decodes++;
      if (bits(mask) < spec.k) short++;
      for (let j = 0; j < spec.k; j++) {
        if ((mask & (1 << j)) === 0) continue;
        if (j >= o.groupSize[g]!) continue; // an empty slot of a partial group: known blank
        const b = o.groupStart[g]! + j;
        const q = o.batchStart[b]!;
        assert.is(o.answer[q], Answer.original, `${spec.label}: group ${g} read original ${j}, which answered its batch`);
      }
      const codedBits = mask >>> spec.k;
      assert.ok(codedBits < 1 << (spec.systematic ? spec.stragglers : spec.k + spec.stragglers), `${spec.label}: only coded answers that exist`);
    }
    assert.ok(decodes > 50, `${spec.label}: ${decodes} decodes`);
    if (spec.wait === Infinity) assert.is(short, 0, `${spec.label}: never fewer than k answers without a wait`);
    else assert.ok(short > 0, `${spec.label}: the wait decoded some groups from fewer than k`);
  }
});

test('with nothing slow, the coded pool answers in order and every decode reads exactly k answers', () => {
  const calm = testWorld({ queries: 2000, arrivals: { process: 'poisson', rate: 0.2 }, stragglers: {} }, { service: { time: { dist: 'constant', value: 10 } } });
  // A group timeout, so the last partial group is encoded too (without one it would wait forever).
  const o = simulate(calm, berrut({ k: 3, stragglers: 1, groupTimeout: 50 }), 1);
  const from = o.groupDecodedFrom!;
  for (let g = 0; g < o.groupCount; g++) assert.is(bits(from[g]!), 3, `group ${g}`); // a partial group's empty slots count
  assert.is(o.answer.filter((a) => a === Answer.reconstructed).length, o.count, 'every answer decoded');
  assert.ok(o.busy[Role.parity]! > 0 && o.busy[Role.data] === 0, 'only the coded pool works');
});

test.run();
