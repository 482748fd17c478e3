/**
 * One line, always, and before any work: hostile or unlucky inputs through the CLI's entry end
 * with exit 2 and a single line on stderr, no stack trace, and nothing written. They run in this
 * process (cliHere); a FIFO and the environment failure through a process of its own (cli).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliHere, tempDir, assertOneLine } from '../helpers/cli.js';

const test = suite('cli/bad-input');

const minimal = { name: 'tiny', queries: 200, arrivals: { process: 'poisson', rate: '100/s' }, cluster: { instances: 2, service: '1ms' }, strategies: ['none'] };


test('a folder, a FIFO, duplicate JSON keys, deep nesting, an alias bomb and __proto__ are one line each, exit 2', async () => {
  const dir = tempDir('bad');
  mkdirSync(join(dir, 'folder.yaml'));
  assertOneLine(await cliHere('run', join(dir, 'folder.yaml')), /expected a scenario file, found a folder/);
  const fifo = join(dir, 'fifo.yaml');
  if (spawnSync('mkfifo', [fifo]).status === 0) assertOneLine(cli('run', fifo), /not a regular file/);
  const dup = join(dir, 'dup.json');
  writeFileSync(dup, JSON.stringify(minimal).replace('"name":"tiny"', '"name":"tiny","name":"other"'));
  assertOneLine(await cliHere('run', dup), /dup\.json: line 1, column \d+: expected valid JSON with unique keys/);
  const deep = join(dir, 'deep.json');
  writeFileSync(deep, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  assertOneLine(await cliHere('run', deep), /nested at most 64 deep/);
  const bomb = join(dir, 'bomb.yaml');
  const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) levels.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  writeFileSync(bomb, `${levels.join('\n')}\n`);
  assertOneLine(await cliHere('run', bomb), /alias bomb/);
  const proto = join(dir, 'proto.yaml');
  writeFileSync(proto, `${JSON.stringify(minimal).slice(0, -1)}, "sweep": {"__proto__": [1, 2]}}`.replace(/^/, ''));
  writeFileSync(proto.replace('.yaml', '.json'), `${JSON.stringify(minimal).slice(0, -1)}, "sweep": {"__proto__": [1, 2]}}`);
  assertOneLine(await cliHere('run', proto.replace('.yaml', '.json')), /the key "__proto__"/);
  assert.not.ok(existsSync('results/tiny'), 'nothing written');
});

test('a JSON file with a byte-order mark is read', async () => {
  const dir = tempDir('bom');
  const file = join(dir, 'bom.json');
  writeFileSync(file, `\ufeff${JSON.stringify(minimal)}`);
  const r = await cliHere('run', file, '--out', join(dir, 'out'));
  assert.is(r.status, 0, r.stderr);
});

test('--out is checked before anything runs: a file, a folder of notes, a results folder with notes (kept)', async () => {
  const dir = tempDir('out');
  const file = join(dir, 'tiny.json');
  writeFileSync(file, JSON.stringify({ ...minimal, queries: 2_000_000 }));
  writeFileSync(join(dir, 'a-file'), 'x');
  const started = Date.now();
  assertOneLine(await cliHere('run', file, '--out', join(dir, 'a-file')), /a-file: expected a results folder or a new path, found a file/);
  assert.ok(Date.now() - started < 5000, 'refused before simulating 2 million queries');
  const results = join(dir, 'results');
  assert.is((await cliHere('run', file, '--out', results, '--queries', '200')).status, 0);
  assert.ok(existsSync(join(results, '.parm-sim-results')), 'results folders carry a marker');
  writeFileSync(join(results, 'notes.txt'), 'mine');
  assertOneLine(await cliHere('run', file, '--out', results, '--queries', '200'), /a results folder that also holds other files \(notes\.txt\)/);
  assert.is(readFileSync(join(results, 'notes.txt'), 'utf8'), 'mine');
  assert.equal(readdirSync(dir).filter((n) => n.includes('.partial') || n.includes('.old')), []);
});

test('an environment failure (a missing folder for the step summary) is one line, exit 2', async () => {
  const dir = tempDir('env');
  const file = join(dir, 'tiny.json');
  writeFileSync(file, JSON.stringify(minimal));
  const baseline = join(dir, 'baseline.json');
  assert.is((await cliHere('check', file, '--baseline', baseline, '--update')).status, 0);
  const r = spawnSync(process.execPath, ['bin/parm-sim.js', 'check', file, '--baseline', baseline], { encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: join(dir, 'missing', 'summary.md') } });
  assertOneLine({ status: r.status, stdout: r.stdout, stderr: r.stderr }, /missing\/summary\.md: open: no such file or folder \(ENOENT\)/);
});

test.run();
