import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cliHere, tempDir } from '../helpers/cli.js';

/**
 * The default tolerances on the project's own CI scenarios. The simulator is deterministic, so
 * the same seeds would reproduce the baseline exactly and prove nothing: these checks run other
 * seeds than the baseline was made with, as a real change to the code would draw other numbers.
 * The checks run through the CLI's entry in this process; .ci/run spawns the same gate after the tests.
 */
const test = suite('check/ci-scenarios');
const scenarios = readdirSync('scenarios/ci').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios/ci', f)).sort();
const baseline = join(tempDir('check-ci'), 'baseline.json');

test.before(async () => {
  const r = await cliHere('check', ...scenarios, '--baseline', baseline, '--update');
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test('other seed sets at the default tolerance raise no false alarm', async () => {
  for (const seed of ['1001', '2001']) {
    const r = await cliHere('check', ...scenarios, '--baseline', baseline, '--seed', seed);
    assert.is(r.status, 0, `--seed ${seed}:\n${r.stdout}${r.stderr}`);
    assert.not.match(r.stdout, /REGRESSED|FAILS/);
  }
});

test('service time +20% is caught in every scenario and strategy, also on other seeds', async () => {
  const r = await cliHere('check', ...scenarios, '--baseline', baseline, '--seed', '3001', '--set', 'cluster.service.median=24ms');
  assert.is(r.status, 1, r.stdout + r.stderr);
  const rows = r.stdout.split('\n').filter((line) => /^ci-\S+\s+\S+\s+p50\s/.test(line));
  assert.ok(rows.length >= 9, `a p50 row per strategy (${rows.length})`);
  for (const row of rows) assert.match(row, /\+(1[5-9]|[2-9]\d)\.\d%\s+REGRESSED/, row);
});

test.run();
