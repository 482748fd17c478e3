import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliHere, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * `run` and `sweep` end to end. The quickstart run with real models is spawned, as a user runs it;
 * the other commands run through the same entry in this process (cliHere), which differs only in
 * having no start-up of its own; --json, whose output must be the summary and nothing else,
 * is spawned too.
 */
const test = suite('cli/run');
const short = ['--queries', '3000', '--set', 'warmup=300'];

/** The shortened quickstart with real models, run once by a spawned CLI, for the tests that read it. */
let quickstart: { out: string; r: CliResult } | undefined;
function quickstartRun(): { out: string; r: CliResult } {
  if (quickstart === undefined) {
    const out = join(tempDir('run'), 'quickstart');
    quickstart = { out, r: cli('run', 'scenarios/quickstart.yaml', '--out', out, ...short) };
  }
  return quickstart;
}

test('run writes a results folder with summary, csv and plots, and real accuracy', () => {
  const { out, r } = quickstartRun();
  assert.is(r.status, 0, r.stderr);
  for (const f of ['summary.json', 'summary.csv', 'cdf.csv', 'latency-cdf.png', 'latency-cdf.svg', 'latency-cdf.vl.json', 'tail-ccdf.png', 'percentiles.png']) {
    assert.ok(existsSync(join(out, f)), `${f} written`);
  }
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.is(summary.version, 2);
  const labels = summary.runs.map((run: { strategy: string }) => run.strategy);
  for (const s of ['none', 'equal-resources', 'parm']) assert.ok(labels.includes(s), `${s} compared`);
  const parm = summary.runs.find((run: { strategy: string }) => run.strategy === 'parm');
  assert.is(parm.queries, 3000);
  assert.ok(parm.answered.reconstructed > 0, 'parm reconstructed some queries');
  assert.ok(parm.accuracy.overall > 0.8 && parm.accuracy.overall < 0.95, `accuracy ${parm.accuracy.overall}`);
  assert.ok(parm.accuracy.reconstructed > 0.5, `reconstructed accuracy ${parm.accuracy.reconstructed}`);
  assert.match(r.stdout, /p99\.9/);
});

test('same scenario and seed give byte-identical results folders; another seed does not', async () => {
  // The spawned run above, and the same run again in this process (one that has run other things before).
  const { out: a, r } = quickstartRun();
  assert.is(r.status, 0, r.stderr);
  const base = tempDir('det');
  const b = join(base, 'b'), c = join(base, 'c');
  assert.is((await cliHere('run', 'scenarios/quickstart.yaml', '--out', b, ...short)).status, 0);
  assert.is((await cliHere('run', 'scenarios/quickstart.yaml', '--out', c, '--seed', '2', ...short)).status, 0);
  const files = readdirSync(a).sort();
  assert.equal(readdirSync(b).sort(), files);
  for (const f of files) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} identical`);
  assert.not.ok(readFileSync(join(a, 'summary.json')).equals(readFileSync(join(c, 'summary.json'))), 'seed 2 differs');
});

test('--queries-csv writes one row per measured query and strategy, with predictions', async () => {
  const out = join(tempDir('queries'), 'q');
  const r = await cliHere('run', 'scenarios/quickstart.yaml', '--out', out, '--queries', '500', '--set', 'warmup=50', '--queries-csv');
  assert.is(r.status, 0, r.stderr);
  const lines = readFileSync(join(out, 'queries.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  for (const column of ['strategy', 'seed', 'query', 'latency_ms', 'answer', 'sample', 'predicted', 'label']) assert.ok(header.includes(column), column);
  assert.is(lines.length - 1, 500 * 5, 'measured queries × strategies');
});

test('--json prints the summary and nothing else', () => {
  const out = join(tempDir('json'), 'r');
  const r = cli('run', 'scenarios/quickstart.yaml', '--out', out, '--json', ...short, '--set', 'models=null');
  assert.is(r.status, 0, r.stderr);
  const parsed = JSON.parse(r.stdout);
  assert.is(parsed.scenario.name, 'quickstart');
  assert.is(r.stderr.trim(), '');
});

test('sweep over a --set list runs every point and draws the sweep plot', async () => {
  const out = join(tempDir('sweep'), 's');
  const r = await cliHere('sweep', 'scenarios/quickstart.yaml', '--out', out, '--queries', '1500', '--set', 'models=null', '--set', 'arrivals.rate=[150/s,270/s]', '--workers', '2');
  assert.is(r.status, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal([...new Set(summary.runs.map((run: { sweep: Record<string, string> }) => run.sweep['arrivals.rate']))], ['150/s', '270/s']);
  assert.ok(existsSync(join(out, 'sweep-p999.png')));
});

test('bad input: one clear line, exit 2, no stack trace, no results folder', async () => {
  const out = join(tempDir('bad'), 'never');
  const cases: [string[], RegExp][] = [
    [['run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'cluster.instanses=3'], /instanses.*instances/],
    [['run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'arrivals.rate=0/s'], /arrivals\.rate/],
    [['run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'strategies[2].k=1'], /k/],
    [['run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'models=no-such-set'], /no-such-set/],
    [['run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'strategies[2].k=7'], /parity model/],
    [['run', 'scenarios/does-not-exist.yaml', '--out', out], /does-not-exist/],
    [['run', 'scenarios/quickstart.yaml', '--out', out, '--workers', 'abc'], /--workers: expected an integer ≥ 1, found "abc"/],
    [['run', '--out', out], /Not enough non-option arguments/],
    [['rn', 'scenarios/quickstart.yaml'], /Did you mean run/],
    [['run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'faults=[{kind: fail, at: 1s, host: 40}]'], /host index below 18 \(the largest strategy has hosts 0..17\)/],
    [['run', 'scenarios/quickstart.yaml', '--out', out, '--set', 'expect=["parm.p999 < equal-resource.p999"]'], /expect\[0\].*equal-resources/],
  ];
  for (const [i, [args, pattern]] of cases.entries()) {
    // The first through a process of its own, as a user meets it; the others through the same entry here.
    const r = i === 0 ? cli(...args) : await cliHere(...args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    assert.is(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.not.ok(existsSync(out), 'no results folder');
  }
});

test.run();
