/**
 * Berrut (coded and systematic), collage and ParM with r = 2 run on the emulated cluster: real
 * instance processes serving Berrut-coded queries with the deployed model, collages with the
 * collage classifier, and both parity models, behind tbf-shaped NICs.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';
import { emulationLeftovers } from '../helpers/emulation-leftovers.js';
import { environmentProblem } from '../../sim/emulate/testbed/testbed.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { checkTestbedLimits } from '../../sim/emulate/limits.js';

const test = suite('emulate/coded-run');
const problem = environmentProblem();
const CODED = 'test/emulate/fixtures/coded.yaml';

test('the emulated cluster takes every coded kind (berrut, systematic berrut, collage, parm with r = 2), within its other limits', () => {
  const scenario = loadScenario(CODED);
  assert.equal(scenario.strategies.map((s) => s.kind), ['berrut', 'berrut', 'collage', 'parm']);
  checkTestbedLimits(scenario);
  // Past the testbed's hosts a coded strategy is refused as any other: 8 data instances' work
  // takes 12 Berrut-coded instances (k = 2, one straggler).
  const dir = tempDir('emu-coded-limit');
  const file = join(dir, 'big.yaml');
  writeFileSync(file, readFileSync(CODED, 'utf8').replace('instances: 2', 'instances: 8'));
  const r = cli('emulate', file, '--out', join(dir, 'out'));
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /strategies\[0\] \(berrut\).*at most 10 instances.*12/);
});

interface Run {
  strategy: string;
  kind: string;
  answered: Record<string, number>;
  accuracy: { overall: number; reconstructed: number | null; fraction_reconstructed: number } | null;
}

if (problem) {
  test(`emulated runs skipped: ${problem}`, () => {
    process.stdout.write(`\n  (emulate/coded-run: emulated runs skipped: ${problem})\n`);
  });
} else {
  test('coded strategies on the emulated cluster: every measured query answered once, degraded answers scored', () => {
    const out = join(tempDir('emu-coded'), 'coded');
    const r = cli('emulate', CODED, '--out', out);
    const queries = loadScenario(CODED).world.queries;
    assert.is(r.status, 0, r.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { source: string; runs: Run[] };
    assert.is(summary.source, 'emulated');
    assert.equal(summary.runs.map((run) => run.strategy), ['berrut', 'berrut-systematic', 'collage', 'parm-r2']);
    for (const run of summary.runs) {
      const answered = Object.values(run.answered).reduce((s, x) => s + x, 0);
      assert.is(answered, queries, `${run.strategy}: every measured query accounted for, once`);
      assert.is(run.answered.lost, 0, `${run.strategy}: nothing lost`);
      assert.is(run.answered.unfinished, 0, `${run.strategy}: nothing left unanswered`);
      assert.ok(run.answered.reconstructed! > 0, `${run.strategy}: degraded answers happened for real`);
      const accuracy = run.accuracy!;
      assert.ok(accuracy.overall > 0.5 && accuracy.overall <= 1, `${run.strategy}: accuracy ${accuracy.overall}`);
      assert.ok(accuracy.reconstructed !== null && accuracy.reconstructed > 0.3, `${run.strategy}: degraded accuracy ${accuracy.reconstructed}`);
    }
    const berrut = summary.runs[0]!;
    assert.is(berrut.answered.reconstructed, queries, 'without originals every Berrut answer is decoded from coded answers');
    assert.ok(summary.runs[1]!.answered.original! > 0, 'systematic Berrut answers with originals too');
    const timeline = readFileSync(join(out, 'timeline.csv'), 'utf8').trim().split('\n');
    assert.is(timeline.length, 1 + 4 * queries, 'one timeline row per measured query and strategy');
    assert.equal(emulationLeftovers(), [], 'no namespace or process left behind');
  });
}

test.run();
