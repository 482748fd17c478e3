import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliHere, cliHereEnv, tempDir } from '../helpers/cli.js';
import { checkoutFolder, emulationLeftovers as leftovers } from '../helpers/emulation-leftovers.js';
import { environmentProblem } from '../../sim/emulate/testbed/testbed.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { simulate } from '../../sim/strategies/simulate.js';
import { measuredSorted, quantileSorted } from '../../sim/metrics/percentiles.js';
import { parseCsv } from '../../sim/report/csv-parse.js';
import { HOST_SITUATIONS } from '../../sim/metrics/stall-situations.js';

const test = suite('emulate/cli');
const problem = environmentProblem();
const TINY = 'test/emulate/fixtures/tiny.yaml';

const repo = checkoutFolder;

// Refusals through the CLI's entry in this process; the emulations through a process of their own.
test('without ip and tc on the PATH: one line naming what is missing, exit 2', async () => {
  const r = await cliHereEnv({ PATH: '/nonexistent' }, 'emulate', TINY, '--out', join(tempDir('emu-env'), 'out'));
  assert.is(r.status, 2, r.stderr);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /emulated cluster/);
});

test('a scenario the testbed cannot honour is refused with the limit and why', async () => {
  const dir = tempDir('emu-limit');
  const file = join(dir, 'big.yaml');
  writeFileSync(file, readFileSync(TINY, 'utf8').replace('instances: 2', 'instances: 40'));
  const r = await cliHere('emulate', file, '--out', join(dir, 'out'));
  assert.is(r.status, 2, r.stderr);
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /at most 10 instances/);
  assert.not.ok(existsSync(join(dir, 'out')), 'nothing written');
});

if (problem) {
  test(`emulated runs skipped: ${problem}`, () => {
    process.stdout.write(`\n  (emulate/cli: emulated runs skipped: ${problem})\n`);
  });
} else {
  test('every strategy runs on the emulated cluster: the results folder of a real run, and nothing left behind', () => {
    const out = join(tempDir('emu'), 'tiny');
    const r = cli('emulate', TINY, '--out', out);
    const scenario = loadScenario(TINY);
    const simulatedP50 = new Map(scenario.strategies.map((s) => {
      const o = simulate(scenario.world, s, scenario.seed);
      return [s.label, quantileSorted(measuredSorted(o.latency, o.warmup), 0.5)];
    }));
    assert.is(r.status, 0, r.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.is(summary.source, 'emulated');
    assert.ok(summary.testbed.mtu === 9000 && summary.testbed.machine, 'the testbed is described');
    for (const run of summary.runs) {
      const answered = Object.values(run.answered as Record<string, number>).reduce((s, x) => s + x, 0);
      assert.is(answered, scenario.world.queries, `${run.strategy}: every measured query accounted for`);
      assert.is(run.answered.lost, 0, `${run.strategy}: nothing lost without failures`);
      // The same strategy simulated on its own hosts: a real median far from it means a broken run
      // (docs/validation.md measures how close they really are: within a few per cent).
      const simulated = simulatedP50.get(run.strategy)!;
      assert.ok(Math.abs(run.latency_ms.p50 - simulated) < 0.25 * simulated, `${run.strategy} p50 ${run.latency_ms.p50} emulated, ${simulated} simulated`);
      assert.ok(run.emulation && run.emulation.tcp.timeouts >= 0, 'TCP counters recorded');
    }
    const timeline = readFileSync(join(out, 'timeline.csv'), 'utf8').trim().split('\n');
    assert.equal(summary.runs.map((r: { strategy: string }) => r.strategy), ['none', 'equal-resources', 'parm', 'replication', 'hedged', 'backup']);
    const byKind = Object.fromEntries(summary.runs.map((r: { kind: string }) => [r.kind, r])) as Record<string, { answered: Record<string, number>; overhead: { busy: number } }>;
    assert.ok(byKind.replication!.answered.replica! > 0 && byKind.backup!.answered.backup! > 0 && byKind.parm!.answered.reconstructed! > 0, 'each strategy\'s own kind of answer happened for real');
    assert.ok(byKind.hedged!.overhead.busy > 1, 'hedges were sent and served');
    assert.is(timeline.length, 1 + 6 * scenario.world.queries, 'one timeline row per measured query and strategy');
    assert.ok(existsSync(join(out, 'latency-cdf.png')), 'plots drawn from the emulated results');
    assert.match(r.stdout, /emulated cluster/);
    assert.equal(leftovers(), []);
  });

  test('validate, over a sweep of the network: the links reshaped for every point, drops by where, the shuffles\' legs, and both worlds side by side', () => {
    const out = join(tempDir('emu-sweep'), 'sweep');
    const r = cli('validate', 'test/emulate/fixtures/buffer-sweep.yaml', '--out', out);
    assert.is(r.status, 0, r.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.runs.map((run: { emulation: { links: { buffer_bytes: number } } }) => run.emulation.links.buffer_bytes), [45_000, 90_000]);
    for (const run of summary.runs) assert.ok(run.emulation.qdisc_drops.host_ends >= 0 && run.emulation.qdisc_drops.switch_ports >= 0, 'drops counted by where');
    const timeline = readFileSync(join(out, 'timeline.csv'), 'utf8').trim().split('\n');
    assert.ok(timeline[1]!.includes('network.buffer=45KB') && timeline[timeline.length - 1]!.includes('network.buffer=90KB'), 'each timeline row names its sweep point');
    // The shuffle's legs, per point: one way, then back, each starting as the one before it ended.
    const legs = parseCsv(readFileSync(join(out, 'shuffles.csv'), 'utf8'))!;
    assert.equal(legs[0], ['strategy', 'seed', 'sweep', 'slot', 'from_host', 'to_host', 'start_ms', 'end_ms']);
    for (const sweep of ['network.buffer=45KB', 'network.buffer=90KB']) {
      const rows = legs.slice(1).filter((row) => row[2] === sweep).map((row) => row.slice(4).map(Number) as [number, number, number, number]);
      assert.ok(rows.length >= 2, `${sweep}: at least one leg each way (${rows.length})`);
      assert.equal(rows[0]!.slice(0, 2), [rows[1]![1], rows[1]![0]], `${sweep}: the second leg comes back`);
      assert.is(rows[0]![2], 0, `${sweep}: the first leg starts with the run`);
      for (let i = 1; i < rows.length; i++) assert.is(rows[i]![2], rows[i - 1]![3], `${sweep}: leg ${i} starts as the one before ends`);
      // A 2-3 MB leg at 200 Mbit/s takes 80-120 ms on an idle link; TCP and shared cores add to it.
      assert.ok(rows[0]![3] - rows[0]![2] >= 80, `${sweep}: the first leg took ${rows[0]![3] - rows[0]![2]} ms`);
    }
    // Both worlds per point and metric, and the stalled share again by where the answering host stood with the shuffle.
    const validation = JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8'));
    assert.is(validation.rows.length, 2 * 5, 'two points, five metrics');
    for (const run of summary.runs) {
      const sweep = `network.buffer=${run.sweep['network.buffer']}`;
      const situations = validation.situations.filter((row: { sweep: string }) => row.sweep === sweep);
      assert.equal(situations.map((row: { situation: string }) => row.situation), [...HOST_SITUATIONS], `${sweep}: every situation`);
      const emulated = situations.reduce((n: number, row: { emulated: { queries: number } }) => n + row.emulated.queries, 0);
      assert.is(emulated, run.emulation.stalls_by_host.reduce((n: number, c: { queries: number }) => n + c.queries, 0), `${sweep}: the emulated counts are the run's`);
      assert.ok(emulated > 0 && emulated <= run.queries, `${sweep}: ${emulated} of ${run.queries} queries answered by a host`);
      assert.ok(situations.some((row: { simulated: { queries: number } }) => row.simulated.queries > 0), `${sweep}: the simulated side counted too`);
    }
    assert.match(r.stdout, /stalled by where the answering host stood with the shuffles/);
    assert.equal(leftovers(), []);
  });

  test('SIGINT during an emulation removes every namespace and process, and writes no results', async () => {
    const out = join(tempDir('emu-int'), 'tiny');
    const child = spawn(process.execPath, ['bin/parm-sim.js', 'emulate', TINY, '--out', out], { stdio: 'ignore' });
    // Interrupt once the testbed exists and instances are running.
    // (this checkout's instances: another checkout may be emulating at the same time)
    for (let i = 0; i < 100 && !spawnSync('pgrep', ['-f', `${repo}/dist/sim/emulate/instance/main.js`]).stdout.length; i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.is(code, 130);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(leftovers(), []);
    assert.not.ok(existsSync(out), 'no results folder');
  });
}

test.run();
