/** What an interrupted run and two runs racing for one results folder leave behind. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

const test = suite('cli/concurrency');

function start(args: string[]) {
  const child = spawn(process.execPath, ['bin/parm-sim.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

test('SIGINT while simulating: the run ends by the signal and leaves no results folder, complete or partial', async () => {
  const dir = tempDir('sigint');
  const out = join(dir, 'out');
  const run = start(['run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'models=null']);
  await new Promise((r) => setTimeout(r, 1500));
  run.child.kill('SIGINT');
  const { code, signal } = await run.done;
  // Killed by the signal (a shell shows 130), or exit 130 from a handler that cleaned up first.
  assert.ok(signal === 'SIGINT' || code === 130, `ended with ${code ?? signal}`);
  assert.equal(readdirSync(dir), [], 'nothing left beside --out');
});

test('two runs on one --out: a complete folder, and any loser says so in one line', async () => {
  const dir = tempDir('race');
  const out = join(dir, 'out');
  const args = ['run', 'scenarios/quickstart.yaml', '--out', out, '--queries', '20000', '--set', 'models=null'];
  const [a, b] = await Promise.all([start(args).done, start(args).done]);
  for (const r of [a, b]) {
    assert.ok(r.code === 0 || r.code === 2, `exit ${r.code}: ${r.stderr}`);
    if (r.code === 2) assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.ok(a.code === 0 || b.code === 0, 'one of them wrote the folder');
  assert.equal(readdirSync(dir), ['out'], 'no staging folder left beside it');
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.is(summary.runs.length, 5);
  assert.ok(existsSync(join(out, 'latency-cdf.png')), 'plots there too');
});

test.run();
