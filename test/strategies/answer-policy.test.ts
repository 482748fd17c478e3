import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../sim/strategies/simulate.js';
import { Answer, type Outcomes } from '../../sim/cluster/outcomes.js';
import type { StrategySpec } from '../../sim/strategies/spec.js';
import { loadScenario } from '../../sim/api/index.js';
import { InputError } from '../../sim/errors.js';
import { testWorld } from '../helpers/world.js';

const test = suite('strategies/answer-policy');
const zero = { dist: 'constant' as const, value: 0 };
const world = testWorld(
  { queries: 6000, arrivals: { process: 'poisson', rate: 0.3 }, stragglers: { slowdowns: { hosts: 'all', every: { dist: 'exponential', mean: 2000 }, duration: { dist: 'constant', value: 200 }, factor: 6 } } },
  { service: { time: { dist: 'lognormal', median: 20, sigma: 0.1 } } },
);
const parm = (answerWait?: number): StrategySpec => ({ kind: 'parm', k: 2, encoder: 'addition', encode: zero, decode: zero, groupTimeout: Infinity, ...(answerWait === undefined ? {} : { answerWait }), label: 'parm' });
const systematic = (answerWait: number): StrategySpec => ({ kind: 'berrut', k: 2, stragglers: 1, systematic: true, encode: zero, decode: zero, groupTimeout: Infinity, wait: Infinity, answerWait, label: 'berrut' });
const count = (o: Outcomes, answer: number) => o.answer.filter((a) => a === answer).length;

test('`answer: first` is the behaviour without a policy, to the byte', () => {
  const without = simulate(world, parm(), 4), first = simulate(world, parm(0), 4);
  assert.equal([...first.latency], [...without.latency]);
  assert.equal([...first.answer], [...without.answer]);
});

test('preferring the original: no reconstruction before its batch has waited `wait`, and far fewer reconstructions', () => {
  for (const make of [parm, systematic]) {
    const first = simulate(world, make(0), 2);
    const held = simulate(world, make(35), 2);
    assert.ok(count(held, Answer.reconstructed) < count(first, Answer.reconstructed) / 3, `${make.name}: ${count(held, Answer.reconstructed)} vs ${count(first, Answer.reconstructed)} reconstructions`);
    assert.ok(count(held, Answer.reconstructed) > 0, `${make.name}: slow originals still reconstructed`);
    for (let q = 0; q < held.count; q++) {
      assert.ok(held.answer[q] !== Answer.unanswered, `${make.name}: query ${q} answered once`);
      if (held.answer[q] === Answer.reconstructed) assert.ok(held.latency[q]! >= 35 - 1e-9, `${make.name}: query ${q} reconstructed after ${held.latency[q]} ms`);
    }
  }
});

test('a wait for the original needs originals: refused for berrut without `systematic`', () => {
  const doc = {
    name: 'policy', queries: 100, arrivals: { process: 'poisson', rate: '50/s' }, cluster: { instances: 2, service: '10ms' },
    strategies: [{ kind: 'berrut', k: 2, answer: { prefer: 'original', wait: '30ms' } }],
  };
  try {
    loadScenario(doc);
    assert.unreachable('accepted');
  } catch (err) {
    assert.instance(err, InputError);
    assert.is((err as InputError).field, 'strategies[0].answer');
  }
  const ok = loadScenario({ ...doc, strategies: [{ kind: 'parm', k: 2, answer: { prefer: 'original', wait: '30ms' } }] });
  assert.is((ok.strategies[0] as Extract<StrategySpec, { kind: 'parm' }>).answerWait, 30);
});

test.run();
