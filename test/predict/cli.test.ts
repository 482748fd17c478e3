import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { cliHere } from '../helpers/cli.js';

/**
 * The model commands. Exit 1 on figures that differ and calibrate run in a process of their own
 * (cli), as a user runs them; the others through the same entry in this process (cliHere).
 */
const test = suite('predict/cli');
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/parm-sim.js', ...args], { encoding: 'utf8' });

test('accuracy agrees with the manifest for the MLP, addition k=2', async () => {
  const run = await cliHere('accuracy', 'fashion-mnist-mlp', '--k', '2', '--encoder', 'addition', '--json');
  assert.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { agrees: boolean; rows: { model: string; figure: string; measured: number; manifest: number }[] };
  assert.ok(report.agrees);
  const degraded = report.rows.find((r) => r.model === 'parity-addition-k2' && r.figure === 'degraded')!;
  assert.ok(Math.abs(degraded.measured - degraded.manifest) <= 0.005);
});

test('accuracy measures Berrut coding too: systematic with nothing missing is the deployed model, coded answers approximate it, a missing answer costs', async () => {
  const run = await cliHere('accuracy', 'fashion-mnist-mlp', '--k', '2', '--json');
  assert.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { rows: { model: string; figure: string; measured: number; manifest: number | null }[] };
  const row = (model: string, figure: string) => report.rows.find((r) => r.model === model && r.figure === figure)!.measured;
  const deployed = row('deployed', 'available');
  assert.is(row('berrut-systematic k=2 s=1', '0 missing'), deployed, 'every original back: exact answers');
  const coded = row('berrut k=2 s=1', '0 missing');
  assert.ok(coded < deployed && coded > deployed - 0.05, `all 3 coded answers back: ${coded} against ${deployed}`);
  assert.ok(row('berrut k=2 s=1', '1 missing') < coded, 'one of 3 missing costs accuracy');
  assert.ok(report.rows.filter((r) => r.model.startsWith('berrut')).every((r) => r.manifest === null), 'nothing trained, nothing in the manifest');
});

test('accuracy exits 1 when the manifest claims figures the models do not reach', () => {
  const root = mkdtempSync(join(tmpdir(), 'parm-cli-'));
  try {
    symlinkSync(resolve('models/data'), join(root, 'data'));
    mkdirSync(join(root, 'claims'));
    const manifest = JSON.parse(readFileSync('models/fashion-mnist-mlp/manifest.json', 'utf8'));
    manifest.models = manifest.models.filter((m: { role: string }) => m.role === 'deployed');
    manifest.models[0].figures.available_accuracy = 0.95;
    writeFileSync(join(root, 'claims', 'manifest.json'), JSON.stringify(manifest));
    copyFileSync('models/fashion-mnist-mlp/deployed.onnx', join(root, 'claims', 'deployed.onnx'));
    const run = cli('accuracy', 'claims', '--root', root);
    assert.is(run.status, 1);
    assert.match(run.stdout, /deployed\s+available\s+\S+\s+95\.00\s+DIFFERS/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('models lists the sets with their figures', async () => {
  const run = await cliHere('models', '--json');
  assert.is(run.status, 0, run.stderr);
  const sets = JSON.parse(run.stdout) as { name: string; models: { role: string }[] }[];
  const mlp = sets.find((s) => s.name === 'fashion-mnist-mlp')!;
  assert.ok(mlp.models.some((m) => m.role === 'parity'));
});

test('an unknown set exits 2 with one line naming it', async () => {
  const run = await cliHere('accuracy', 'nope');
  assert.is(run.status, 2);
  // Sets are looked up in the installed package's models/ folder, named in full.
  assert.match(run.stderr, /^parm-sim: \S*models\/nope: expected a model set \(one of: fashion-mnist-cnn/);
  assert.is(run.stderr.trim().split('\n').length, 1);
});

test('calibrate writes one batch_size,ms row per timed run', () => {
  const run = cli('calibrate', 'fashion-mnist-mlp', '--batch-sizes', '1,4', '--reps', '3', '--warmup', '1');
  assert.is(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.is(lines[0], 'batch_size,ms');
  assert.equal(lines.slice(1).map((l) => l.split(',')[0]), ['1', '1', '1', '4', '4', '4']);
  assert.ok(lines.slice(1).every((l) => Number(l.split(',')[1]) > 0));
});

test('calibrate rejects a bad batch size list', async () => {
  const run = await cliHere('calibrate', 'fashion-mnist-mlp', '--batch-sizes', '1,zero');
  assert.is(run.status, 2);
  assert.match(run.stderr, /--batch-sizes: expected comma-separated integers/);
});

test.run();
