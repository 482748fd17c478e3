/**
 * Honest numbers under overload, through the CLI's entry (in this process: cliHere): a warning
 * with the numbers before running, `unstable` in the table, summary.json and `check`,
 * utilisation per pool, `unfinished` apart from `lost`, infinite percentiles with their reason,
 * and `cluster.prefetch`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliHere, tempDir } from '../helpers/cli.js';

const test = suite('cli/overload');

/** The example: 3 instances of 1 ms (exponential), 0.5 ms of network latency, single-queue. */
function scenario(dir: string, rate: string, extra = ''): string {
  const file = join(dir, `over-${rate.replace('/', '')}.yaml`);
  writeFileSync(file, `name: over
queries: 10000
arrivals: { process: poisson, rate: ${rate} }
cluster:
  instances: 3
  service: { dist: exponential, mean: 1ms }
network: { latency: 0.5ms }
strategies: [none, { kind: parm, k: 2 }]
expect:
  - parm.p99 < none.p99
${extra}`);
  return file;
}

interface Run { strategy: string; unstable: boolean; answered: { lost: number; unfinished: number }; latency_ms: Record<string, number | null>; utilisation: Record<string, { instances: number; offered: number; measured: number }> }

test('an overloaded strategy is warned about before running, flagged unstable, and its claims are not judged', async () => {
  const dir = tempDir('over');
  // 2250/s × (1 ms service + 0.5 ms the instance waits for the request) over 3 instances = 1.125.
  const r = await cliHere('run', scenario(dir, '2250/s'), '--out', join(dir, 'out'));
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: none is overloaded: its data pool is offered 2250 tasks\/s and can serve 2000 \(3 instances held 1\.5 ms per task\), offered load 1\.13/);
  assert.match(r.stdout, /UNSTABLE/);
  assert.match(r.stdout, /UNSTABLE: none: the work waiting in the cluster grew from \d+ to \d+ tasks/);
  assert.match(r.stdout, /FAILS  parm\.p99 < none\.p99 .*not judged: .*unstable/);
  const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
  const none = summary.runs.find((x: Run) => x.strategy === 'none') as Run;
  assert.ok(none.unstable);
  assert.ok(Math.abs(none.utilisation.data!.offered - 1.125) < 1e-9, String(none.utilisation.data!.offered));
  assert.ok(none.utilisation.data!.measured > 0.99, String(none.utilisation.data!.measured));
  assert.equal(summary.expect[0].unstable, ['parm', 'none']);
});

test('the same load with round-robin dispatch or prefetch 2 is stable: no warning, no flag', async () => {
  const dir = tempDir('stable');
  const file = scenario(dir, '2250/s');
  for (const set of ['cluster.dispatch=round-robin', 'cluster.prefetch=2']) {
    const out = join(dir, set);
    const r = await cliHere('run', file, '--out', out, '--set', set);
    assert.is(r.status, 0, r.stderr);
    assert.not.match(r.stderr, /overloaded/, set);
    assert.not.match(r.stdout, /UNSTABLE/, set);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const none = summary.runs.find((x: Run) => x.strategy === 'none') as Run;
    assert.not.ok(none.unstable, set);
    assert.ok(Math.abs(none.utilisation.data!.offered - 0.75) < 1e-9, `${set}: ${none.utilisation.data!.offered}`);
    assert.ok(Math.abs(none.utilisation.data!.measured - 0.75) < 0.03, `${set}: measured ${none.utilisation.data!.measured}`);
    assert.ok(none.latency_ms.p50! < 5, `${set}: p50 ${none.latency_ms.p50}`);
  }
});

test('queries left queued at the drain limit are unfinished, their percentiles infinite with the reason', async () => {
  const dir = tempDir('drain');
  const out = join(dir, 'out');
  const r = await cliHere('run', scenario(dir, '30000/s'), '--out', out, '--set', 'drain=100ms');
  assert.is(r.status, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const none = summary.runs.find((x: Run) => x.strategy === 'none') as Run;
  assert.ok(none.answered.unfinished > 5000, String(none.answered.unfinished));
  assert.is(none.answered.lost, 0);
  assert.is(none.latency_ms.p99, null);
  assert.match(r.stdout, /unfinished/);
  assert.match(r.stdout, /none +inf +inf +inf/);
  assert.match(r.stdout, /inf: none never answered \d+ of 10000 measured queries \(0 lost to failures, \d+ unfinished at the drain limit\)/);
});

test('a claim against an infinite percentile compares as Infinity, not as missing', async () => {
  const dir = tempDir('inf');
  const out = join(dir, 'out');
  // Host 0 fails for good at 1 s with no deadline: `none` loses what was there; round-robin keeps sending it more.
  const file = scenario(dir, '500/s', 'faults: [{ kind: fail, at: 1s, host: 0 }]\n').replace(/\.yaml$/, '.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('- parm.p99 < none.p99', '- parm.p999 < none.p999'));
  const r = await cliHere('run', file, '--out', out, '--set', 'cluster.dispatch=round-robin', '--set', 'drain=1s');
  assert.is(r.status, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const none = summary.runs.find((x: Run) => x.strategy === 'none') as Run;
  assert.ok(none.answered.lost > 0, `lost ${none.answered.lost}`);
  assert.is(none.latency_ms.p999, null);
  assert.match(r.stdout, /holds  parm\.p999 < none\.p999 \(\d+\.\d+ vs inf\)/);
});

test('check gives an unstable run a verdict of its own and fails; --update writes no baseline from it', async () => {
  const dir = tempDir('check');
  const file = scenario(dir, '1500/s').replace(/$/, '');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/expect:\n.*\n/, ''));
  const baseline = join(dir, 'baseline.json');
  assert.is((await cliHere('check', file, '--baseline', baseline, '--update')).status, 0);
  const r = await cliHere('check', file, '--baseline', baseline, '--set', 'arrivals.rate=2500/s');
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /UNSTABLE/);
  assert.match(r.stdout, /is not compared: the run was unstable/);
  assert.match(r.stdout, /FAIL: \d+ unstable/);
  const before = readFileSync(baseline, 'utf8');
  const u = await cliHere('check', file, '--baseline', baseline, '--update', '--set', 'arrivals.rate=2500/s');
  assert.is(u.status, 1, u.stdout + u.stderr);
  assert.match(u.stdout, /baseline NOT written: \d+ unstable/);
  assert.is(readFileSync(baseline, 'utf8'), before);
});

test.run();
