/**
 * Model sets from anywhere, and what the machine and number formats can hold, refused before any
 * run. Where the working folder is the point, the CLI is spawned there (cliIn); the refusals run
 * through the same entry in this process (cliHere), with absolute paths.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cliHere, tempDir } from '../helpers/cli.js';

const test = suite('cli/limits');
const bin = resolve('bin/parm-sim.js');

/** The CLI run from another folder (`cwd`), with extra environment. */
function cliIn(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const base = 'name: lim\nqueries: 500\narrivals: { process: poisson, rate: 100/s }\ncluster: { instances: 4, service: 1ms }\n';

test('a data set larger than the model set\'s test split is refused before anything runs', async () => {
  const dir = tempDir('samples');
  writeFileSync(join(dir, 's.yaml'), `${base}samples: 20000\nstrategies: [none]\nmodels: fashion-mnist-mlp\n`);
  const r = await cliHere('run', join(dir, 's.yaml'), '--out', join(dir, 'out'));
  assert.is(r.status, 2, r.stderr);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /samples: expected at most 10000/);
  assert.not.ok(existsSync(join(dir, 'out')), 'nothing written');
});

test('a trace whose times are all equal and a meaningless background rate are refused; a silent MMPP state is not', async () => {
  const dir = tempDir('ranges');
  writeFileSync(join(dir, 'tr.csv'), 't\n5\n5\n5\n');
  const service = 'cluster: { instances: 2, service: 1ms }\nstrategies: [none]\n';
  writeFileSync(join(dir, 'trace.yaml'), `name: t\nqueries: 100\narrivals: { process: trace, file: tr.csv, column: t }\n${service}`);
  writeFileSync(join(dir, 'bg.yaml'), `name: b\nqueries: 100\narrivals: { process: poisson, rate: 100/s }\nstragglers: { background: { rate: 1e-300/s, duration: 1ms } }\n${service}`);
  writeFileSync(join(dir, 'mmpp.yaml'), `name: m\nqueries: 100\narrivals: { process: mmpp, rates: [0/s, 100/s], sojourn: [1s, 1s] }\n${service}`);
  for (const [file, message] of [['trace.yaml', /arrivals.file: expected arrival times that span some time/], ['bg.yaml', /stragglers.background.rate: expected a rate between/]] as const) {
    const r = await cliHere('run', join(dir, file), '--out', join(dir, 'out'));
    assert.is(r.status, 2, r.stderr);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
  const mmpp = await cliHere('run', join(dir, 'mmpp.yaml'), '--out', join(dir, 'out'));
  assert.is(mmpp.status, 0, mmpp.stderr);
});

test('shuffles too short to be stragglers (tiny, or on a near-infinite network) are refused before any run, at every sweep point', async () => {
  const dir = tempDir('shuffles');
  const shuffled = (network: string, size: string, sweep = '') =>
    `name: s\nqueries: 200\narrivals: { process: poisson, rate: 60/s }\ncluster: { instances: 4, service: 20ms }\nnetwork: ${network}\n` +
    `strategies: [none]\nstragglers: { shuffles: { flows: 2, size: ${size} } }\n${sweep}`;
  writeFileSync(join(dir, 'tiny.yaml'), shuffled('{ latency: 0.05ms, bandwidth: 200Mbps, buffer: 270KB }', '[1B, 2B]'));
  writeFileSync(join(dir, 'fast.yaml'), shuffled('{ latency: 0.05ms, bandwidth: 200Mbps }', '[16MB, 32MB]', 'sweep: { network.bandwidth: [200Mbps, 9007199254740992Mbps] }\n'));
  writeFileSync(join(dir, 'ok.yaml'), shuffled('{ latency: 0.05ms, bandwidth: 1000000Mbps }', '[16MB, 32MB]'));
  for (const file of ['tiny.yaml', 'fast.yaml']) {
    const r = await cliHere('run', join(dir, file), '--out', join(dir, 'out'));
    assert.is(r.status, 2, r.stderr);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /stragglers.shuffles.size: expected shuffles that last at least 0.1 ms a leg/);
    assert.not.ok(existsSync(join(dir, 'out')), 'nothing written');
  }
  // The emulated cluster refuses them too, before it looks for root (a loop of tiny real transfers on two cores).
  const emulated = await cliHere('emulate', join(dir, 'tiny.yaml'), '--out', join(dir, 'out'));
  assert.is(emulated.status, 2, emulated.stderr);
  assert.match(emulated.stderr, /stragglers.shuffles.size: expected shuffles that last at least 0.1 ms a leg/);
  assert.not.ok(existsSync(join(dir, 'out')), 'nothing written');
  // 16 MB at 10^6 Mbit/s is a 0.128 ms leg: allowed, and it runs.
  const ok = await cliHere('run', join(dir, 'ok.yaml'), '--out', join(dir, 'out-ok'));
  assert.is(ok.status, 0, ok.stderr);
});

test('model sets are found from any folder; --models and PARM_SIM_MODELS say where; an empty folder is one line, exit 2', () => {
  const dir = tempDir('models');
  writeFileSync(join(dir, 'm.yaml'), `${base}strategies: [none, { kind: parm, k: 2 }]\nmodels: fashion-mnist-mlp\n`);
  const r = cliIn(dir, ['run', 'm.yaml', '--out', 'out']);
  assert.is(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'out', 'summary.json')));
  mkdirSync(join(dir, 'empty'));
  const flag = cliIn(dir, ['run', 'm.yaml', '--out', 'out2', '--models', 'empty']);
  assert.is(flag.status, 2);
  assert.match(flag.stderr, /none found under empty/);
  const env = cliIn(dir, ['models'], { PARM_SIM_MODELS: join(dir, 'empty') });
  assert.is(env.status, 2);
  assert.match(env.stderr.trim(), /^parm-sim: .*empty: expected a folder of model sets .*found none there/);
  const calibrate = cliIn(dir, ['calibrate', 'fashion-mnist-mlp', '--out', 'profiles/deeper/mlp.csv', '--reps', '2', '--batch-sizes', '1']);
  assert.is(calibrate.status, 0, calibrate.stderr);
  assert.ok(existsSync(join(dir, 'profiles', 'deeper', 'mlp.csv')));
});

test('hosts, copies, k, rates, seeds and memory beyond what can be held are refused at once with the usable range', async () => {
  const dir = tempDir('lim');
  const file = join(dir, 'l.yaml');
  writeFileSync(file, `${base}strategies: [none]\n`);
  const cases: [string[], RegExp][] = [
    [['--set', 'cluster.instances=10000000'], /at most 32767 hosts/],
    [['--set', 'strategies=[{kind: replication, copies: 13}]'], /copies: expected at most as many copies as the pool has instances \(4/],
    [['--set', 'strategies=[none, {kind: parm, k: 5}]'], /strategies\[1\]\.k: expected a k of at most the cluster's 4 instances, found 5/],
    [['--set', 'strategies=[none, {kind: parm, k: 4}]', '--set', 'sweep={cluster.instances: [8, 3]}'], /strategies\[1\]\.k: expected a k of at most the cluster's 3 instances, found 4 .*with sweep cluster\.instances=3/],
    [['--set', 'arrivals.rate=1e-300/s'], /a rate between 0\.000001\/s and 1000000000\/s/],
    [['--set', 'arrivals.rate=1e308/s'], /a rate between/],
    [['--seed', '9007199254740992', '--seeds', '3'], /seed: expected a seed of at most 9007199254740989/],
    [['--queries', '1000000000'], /expected a run that fits in .* of memory/],
  ];
  for (const [args, pattern] of cases) {
    const r = await cliHere('run', file, '--out', join(dir, 'out'), ...args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  assert.not.ok(existsSync(join(dir, 'out')));
});

test.run();
