import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { cliHere, tempDir, type CliResult } from '../helpers/cli.js';

/**
 * What a user sees of the statistics across seeds, through the CLI's entry (in this process):
 * the share of stalled queries in every run, in the aggregate, in summary.csv and in the printed
 * table; each seed's values in the aggregate, in seed order; the claims' modes read from YAML
 * and judged.
 */
const test = suite('cli/statistics');

const dir = tempDir('statistics');
const scenarioFile = join(dir, 'stats.yaml');
const doc = YAML.parse(readFileSync('scenarios/quickstart.yaml', 'utf8')) as Record<string, unknown>;
delete doc.models;
doc.name = 'stats';
doc.seeds = 2;
doc.queries = 3000;
doc.warmup = 300;
// Claims whose verdict does not depend on the cluster's numbers: the plumbing is tested here, the verdicts in test/experiment/claims.
doc.expect = [
  'none.p50 < none.max',
  { 'every-seed': 'none.p50 <= none.p999' },
  { 'every-seed': 'none.p999 < none.p50' },
  { ci95: 'none.p50 < none.max + 1' },
  { ci95: 'none.stalled > none.stalled + 1' },
];
const out = join(dir, 'out');
let r: CliResult = { status: null, stdout: '', stderr: '' };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let summary: any;

test.before(async () => {
  writeFileSync(scenarioFile, YAML.stringify(doc));
  r = await cliHere('run', scenarioFile, '--out', out, '--queries-csv');
  if (r.status === 0) summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
});

interface Run { strategy: string; seed: number; stalled: number; latency_ms: Record<string, number | null> }

test('the run succeeds', () => {
  assert.is(r.status, 0, r.stderr);
  assert.is(summary.version, 2);
  assert.is(summary.statistics.ci95, 'percentile-bootstrap-over-seeds');
});

test('every run\'s stalled share is the share of its measured queries slower than its median by more than 150 ms', () => {
  const lines = readFileSync(join(out, 'queries.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const [s, seed, latency] = ['strategy', 'seed', 'latency_ms'].map((c) => header.indexOf(c));
  const byRun = new Map<string, number[]>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const key = `${cells[s!]}/${cells[seed!]}`;
    // An empty latency is a query never answered: infinite.
    const value = cells[latency!] === '' ? Infinity : Number(cells[latency!]);
    (byRun.get(key) ?? byRun.set(key, []).get(key)!).push(value);
  }
  const runs = summary.runs as Run[];
  assert.is(runs.length, 10);
  for (const run of runs) {
    const sorted = byRun.get(`${run.strategy}/${run.seed}`)!.sort((a, b) => a - b);
    const median = sorted[Math.ceil(sorted.length / 2) - 1]!;
    const expected = sorted.filter((x) => x > median + 150).length / sorted.length;
    assert.is(run.stalled, expected, `${run.strategy} seed ${run.seed}`);
  }
  assert.ok(runs.some((run) => run.stalled > 0), 'the quickstart cluster stalls some queries (background shuffles)');
});

test('the aggregate keeps each seed\'s values in seed order, the stalled share among them, with intervals inside their range', () => {
  const runs = summary.runs as Run[];
  for (const a of summary.aggregate) {
    const mine = runs.filter((run) => run.strategy === a.strategy).sort((x, y) => x.seed - y.seed);
    assert.equal(a.seed_list, [1, 2]);
    assert.equal(a.stalled.values, mine.map((run) => run.stalled));
    for (const key of ['p50', 'p99', 'p999', 'max']) {
      const e = a.latency_ms[key];
      assert.equal(e.values, mine.map((run) => run.latency_ms[key]), `${a.strategy} ${key}`);
      assert.ok(e.ci95[0] >= Math.min(...e.values) && e.ci95[1] <= Math.max(...e.values), `${a.strategy} ${key}: ${e.ci95}`);
    }
  }
});

test('summary.csv has a stalled column, and the printed table the mean stalled share and p99.9\'s interval', () => {
  const lines = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const column = header.indexOf('stalled');
  assert.ok(column > 0, header.join());
  const runs = summary.runs as Run[];
  lines.slice(1).forEach((line, i) => assert.is(Number(line.split(',')[column]), runs[i]!.stalled));
  const table = r.stdout.split('\n');
  const head = table[0]!;
  assert.match(head, /p99\.9 ms\s+p99\.9 95% CI\s+p99\.9-p50\s+stalled/);
  for (const a of summary.aggregate) {
    const row = table.find((line) => line.startsWith(`${a.strategy} `))!;
    assert.ok(row.includes(` ${(100 * a.stalled.mean).toFixed(3)}% `), `${row} shows ${a.stalled.mean}`);
    const [lo, hi] = a.latency_ms.p999.ci95;
    assert.ok(row.includes(` ${lo.toFixed(1)}-${hi.toFixed(1)} `), `${row} shows [${lo}, ${hi}]`);
  }
  assert.match(r.stdout, /percentile bootstrap over seeds/);
});

test('claims in each mode: read from YAML, judged, printed with what they rest on', () => {
  const modes = summary.expect.map((c: { mode: string; holds: boolean; claim: string }) => [c.claim, c.mode, c.holds]);
  assert.equal(modes, [
    ['none.p50 < none.max', 'mean', true],
    ['every-seed: none.p50 <= none.p999', 'every-seed', true],
    ['every-seed: none.p999 < none.p50', 'every-seed', false],
    ['ci95: none.p50 < none.max + 1', 'ci95', true],
    ['ci95: none.stalled > none.stalled + 1', 'ci95', false],
  ]);
  assert.match(r.stdout, /holds  every-seed: none\.p50 <= none\.p999 \(.*; holds at all 2 seeds\)/);
  assert.match(r.stdout, /FAILS  every-seed: none\.p999 < none\.p50 \(.*; fails at 2 of 2 seeds \(seed 1: .* vs .*, seed 2: .*\)\)/);
  assert.match(r.stdout, /holds  ci95: none\.p50 < none\.max \+ 1 \(95% CI \[\d+\.\d{3}, \d+\.\d{3}\] vs \[\d+\.\d{3}, \d+\.\d{3}\]; means /);
  assert.match(r.stdout, /2 of 5 expect claims do not hold/);
});

test('an unknown claim mode: one line, exit 2, nothing written', async () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, YAML.stringify({ ...doc, expect: [{ 'every-sed': 'none.p50 < none.max' }] }));
  const where = join(dir, 'never');
  const b = await cliHere('run', bad, '--out', where);
  assert.is(b.status, 2);
  assert.match(b.stderr, /^parm-sim: .*bad\.yaml: expect\[0\]\.every-sed: expected a claim mode \(mean, every-seed, ci95\), found unknown key "every-sed" \(did you mean `every-seed`\?\)\n$/);
  assert.not.ok(existsSync(where));
});

test.run();
