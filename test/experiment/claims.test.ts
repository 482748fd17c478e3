import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assembleResults } from '../../sim/experiment/experiment.js';
import { InputError } from '../../sim/errors.js';
import type { ClaimResult } from '../../sim/metrics/types.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { pointsOf, runsOf, sourceOf } from '../helpers/runs.js';

/**
 * `expect:` claims in each mode, judged through the entry that assembles every results file,
 * on constructed per-seed values where each verdict is known: a case where it must hold and one
 * where it must fail, for the means, every seed and the 95% intervals.
 */
const test = suite('experiment/claims');

function judge(claims: string[], p999: Record<string, (number | null)[]>, extra: Parameters<typeof runsOf>[1] = {}): ClaimResult[] {
  const runs = runsOf(p999, extra);
  return assembleResults(sourceOf(Object.keys(p999), claims), pointsOf(runs)).results.expect;
}
const verdicts = (results: ClaimResult[]) => results.map((c) => c.holds);

// ParM's p99.9 beats none's on the means, but not at seed 3: one mean hides a seed at the timeout.
const luckyMean = { parm: [25, 25, 250], none: [220, 220, 30] };
// Below at every seed, and the intervals apart (ParM ≤ 27 against none ≥ 30).
const apart = { parm: [25, 26, 27], none: [220, 30, 221] };
// Below at every seed, but ParM's interval (up to 40) overlaps none's (from 30).
const overlapping = { parm: [25, 26, 40], none: [220, 30, 221] };

test('mean: the claim on the means across seeds, as before', () => {
  const [c] = judge(['parm.p999 < none.p999'], luckyMean);
  assert.is(c!.mode, 'mean');
  assert.is(c!.holds, true);
  assert.is(c!.left, 100);
  assert.ok(Math.abs(c!.right! - 470 / 3) < 1e-9);
  assert.is(c!.per_seed, undefined);
  assert.is(judge(['parm.p999 > none.p999'], luckyMean)[0]!.holds, false);
  assert.equal(judge(['mean: parm.p999 < none.p999'], luckyMean).map((r) => [r.mode, r.holds]), [['mean', true]]);
});

test('every-seed: fails where one seed breaks it, holds where each seed keeps it', () => {
  const [fails] = judge(['every-seed: parm.p999 < none.p999'], luckyMean);
  assert.is(fails!.mode, 'every-seed');
  assert.is(fails!.holds, false);
  assert.equal(fails!.per_seed, [
    { seed: 1, left: 25, right: 220, holds: true },
    { seed: 2, left: 25, right: 220, holds: true },
    { seed: 3, left: 250, right: 30, holds: false },
  ]);
  assert.is(fails!.left, 100, 'the means are reported too');
  const [holds] = judge(['every-seed: parm.p999 < none.p999'], overlapping);
  assert.is(holds!.holds, true);
  assert.equal(holds!.per_seed!.map((s) => s.holds), [true, true, true]);
});

test('ci95: holds when the intervals are apart in the claimed direction, fails when they overlap', () => {
  const [holds] = judge(['ci95: parm.p999 < none.p999'], apart);
  assert.is(holds!.mode, 'ci95');
  assert.is(holds!.holds, true);
  // Three seeds: each side's interval is its seeds' range.
  assert.equal(holds!.left_ci95, [25, 27]);
  assert.equal(holds!.right_ci95, [30, 221]);
  const [fails] = judge(['ci95: parm.p999 < none.p999'], overlapping);
  assert.is(fails!.holds, false, 'every seed and the means agree, but 40 is above 30');
  assert.is(judge(['every-seed: parm.p999 < none.p999', 'parm.p999 < none.p999'], overlapping).every((c) => c.holds), true);
  assert.equal(verdicts(judge(['ci95: none.p999 > parm.p999', 'ci95: none.p999 >= parm.p999'], apart)), [true, true]);
  assert.equal(verdicts(judge(['ci95: none.p999 > parm.p999'], overlapping)), [false]);
  assert.equal(verdicts(judge(['ci95: parm.p999 < none.p999'], luckyMean)), [false]);
});

test('ci95: bounds that touch satisfy <= and >=, not < and >', () => {
  const touching = { parm: [25, 26, 30], none: [220, 30, 221] };
  assert.equal(verdicts(judge(['ci95: parm.p999 <= none.p999', 'ci95: parm.p999 < none.p999', 'ci95: none.p999 >= parm.p999', 'ci95: none.p999 > parm.p999'], touching)), [true, false, true, false]);
});

test('ci95 on expressions: each side on the resampled means of its references, seeds resampled together', () => {
  const gap = judge(['ci95: parm.p999 - parm.p50 < 0.5 * (none.p999 - none.p50)'], apart)[0]!;
  // p50 is 20 everywhere: the left side is ParM's p99.9 − 20, the right half of none's gap.
  assert.equal(gap.left_ci95, [5, 7]);
  assert.equal(gap.right_ci95, [5, 100.5]);
  assert.is(gap.holds, false);
  assert.is(judge(['ci95: parm.p999 - parm.p50 < 0.8 * (none.p999 - none.p50)'], apart)[0]!.holds, true, 'from 8 against up to 7');
  assert.is(judge(['ci95: parm.stalled <= none.stalled + 0.01'], apart, { stalled: 0.002 })[0]!.holds, true);
});

test('one seed: every-seed judges it; ci95 has no interval and does not hold, saying why', () => {
  const one = { parm: [25], none: [220] };
  assert.equal(verdicts(judge(['every-seed: parm.p999 < none.p999', 'parm.p999 < none.p999'], one)), [true, true]);
  const [c] = judge(['ci95: parm.p999 < none.p999'], one);
  assert.is(c!.holds, false);
  assert.equal(c!.left_ci95, [null, null]);
  assert.match(c!.note!, /one seed gives no confidence interval/);
});

test('lost queries: an infinite seed fails every-seed against a finite side; unstable runs fail every mode', () => {
  const lost = { parm: [25, 26, 27], none: [220, null, 221] };
  assert.equal(verdicts(judge(['every-seed: parm.p999 < none.p999', 'every-seed: none.p999 < parm.p999'], lost)), [true, false]);
  const modes = ['parm.p999 < none.p999', 'every-seed: parm.p999 < none.p999', 'ci95: parm.p999 < none.p999'];
  const unstable = judge(modes, apart, { unstable: true });
  assert.equal(verdicts(unstable), [false, false, false]);
  assert.ok(unstable.every((c) => c.unstable?.join() === 'parm,none'));
});

test('the YAML forms: a mode mapped to a claim, or written before it, is the claim with its mode', () => {
  const doc = {
    name: 'modes', queries: 1000, seeds: 3, arrivals: { rate: '100/s' }, cluster: { instances: 4, service: '20ms' },
    strategies: ['none', { kind: 'parm', k: 2 }],
    expect: ['parm.p999 < none.p999', { 'every-seed': 'parm.p999 < none.p999' }, { ci95: 'parm.p999 < none.p999' }, 'every-seed: parm.p999 < none.p999', { mean: 'parm.p999 < none.p999' }],
  };
  const scenario = parseScenario(doc, 'modes.yaml');
  assert.equal(scenario.expect, ['parm.p999 < none.p999', 'every-seed: parm.p999 < none.p999', 'ci95: parm.p999 < none.p999', 'every-seed: parm.p999 < none.p999', 'mean: parm.p999 < none.p999']);
  const results = assembleResults(scenario, pointsOf(runsOf(luckyMean))).results.expect;
  assert.equal(results.map((c) => [c.mode, c.holds]), [['mean', true], ['every-seed', false], ['ci95', false], ['every-seed', false], ['mean', true]]);
});

test('a claim mode that does not exist is bad input naming the field, when the scenario loads', () => {
  const base = { name: 'modes', queries: 1000, arrivals: { rate: '100/s' }, cluster: { instances: 4, service: '20ms' }, strategies: ['none', { kind: 'parm', k: 2 }] };
  const cases: [unknown, RegExp][] = [
    ['evry-seed: parm.p999 < none.p999', /^modes\.yaml: expect\[0\]: expected a claim mode \(mean, every-seed, ci95\) before the colon, found "evry-seed" \(did you mean every-seed\?\)$/],
    [{ ci: 'parm.p999 < none.p999' }, /^modes\.yaml: expect\[0\]\.ci: expected a claim mode \(mean, every-seed, ci95\), found unknown key "ci"/],
    [{ 'every-seed': 'parm.p999 < none.p999', ci95: 'parm.p999 < none.p999' }, /^modes\.yaml: expect\[0\]: expected one claim mode .*found 2 keys \(every-seed, ci95\) \(write each claim as its own list item\)$/],
    [{ ci95: 3 }, /^modes\.yaml: expect\[0\]\.ci95: expected a claim such as/],
    [{ ci95: 'parm.p999 < nnoe.p999' }, /^modes\.yaml: expect\[0\]: expected a strategy label \(none, parm\), found "nnoe"/],
    [['parm.p999 < none.p999'], /^modes\.yaml: expect\[0\]: expected a claim such as .*, or a mode \(mean, every-seed, ci95\) mapped to one, found/],
  ];
  for (const [claim, message] of cases) {
    try {
      parseScenario({ ...base, expect: [claim] }, 'modes.yaml');
      assert.unreachable(`${JSON.stringify(claim)} was accepted`);
    } catch (err) {
      assert.instance(err, InputError, String(err));
      assert.match((err as Error).message, message);
    }
  }
});

test.run();
