/** Inputs the scenario fuzzer (fuzz-scenarios.test.ts) found mishandled, each pinned by name (through the CLI's entry, in this process). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cliHere, tempDir, assertOneLine } from '../helpers/cli.js';

const test = suite('cli/fuzz-findings');

const minimal = { name: 'tiny', queries: 200, arrivals: { process: 'poisson', rate: '100/s' }, cluster: { instances: 2, service: '1ms' }, strategies: ['none'] };


test('seeds: 2147483648 is refused before expanding (it ran the heap out after a minute)', async () => {
  const dir = tempDir('fuzz-found');
  const file = join(dir, 'seeds.json');
  writeFileSync(file, JSON.stringify({ ...minimal, seeds: 2 ** 31 }));
  const started = Date.now();
  assertOneLine(await cliHere('run', file, '--out', join(dir, 'out')), /seeds: expected at most 1,000,000 runs \(sweep points × seeds\), found 2,147,483,648/);
  assert.ok(Date.now() - started < 20_000);
  writeFileSync(file, JSON.stringify({ ...minimal, seeds: 1000, sweep: { 'arrivals.rate': Array.from({ length: 1001 }, (_, i) => `${100 + i}/s`) } }));
  assertOneLine(await cliHere('run', file, '--out', join(dir, 'out')), /sweep: expected at most 1,000,000 runs .*found 1,001,000 \(1001 sweep points × 1000 seeds\)/);
});

test('an unknown key named like an Object.prototype property gets no hint from the prototype', async () => {
  const dir = tempDir('fuzz-found');
  for (const key of ['constructor', 'toString']) {
    const file = join(dir, `${key}.json`);
    writeFileSync(file, JSON.stringify({ ...minimal, cluster: { ...minimal.cluster, [key]: 1 } }));
    const r = await cliHere('run', file, '--out', join(dir, 'out'));
    assertOneLine(r, new RegExp(`cluster\\.${key}: expected a key of cluster .*found unknown key "${key}"`));
    assert.not.match(r.stderr, /native code|belongs to/);
  }
});

test.run();
