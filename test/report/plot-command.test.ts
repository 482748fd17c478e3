import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cdfCsv } from '../../sim/report/cdf-csv.js';
import { syntheticResults } from './synthetic-results.js';
import { cliHere } from '../helpers/cli.js';

/** Runs the real CLI entry (bin/parm-sim.js → dist/sim/cli/main.js), as a user would. */
const cli = fileURLToPath(new URL('../../../bin/parm-sim.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
/** The same entry in this process, where a process of its own adds nothing to what is checked. */
const here = (...args: string[]) => cliHere(...args);

const test = suite('report/plot-command');
let root = '';

test.before(async () => {
  root = await mkdtemp(join(tmpdir(), 'parm-sim-plot-'));
});
test.after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('a folder that is not a results folder: one line on stderr, exit 2', async () => {
  const result = await here('plot', join(root, 'missing'));
  assert.is(result.status, 2);
  assert.match(result.stderr, /^parm-sim: .*missing: expected a parm-sim results folder/);
  assert.is(result.stderr.trim().split('\n').length, 1, 'no stack trace');
});

test('renders the plots of a results folder from its data files', async () => {
  const dir = join(root, 'results');
  // One seed and no sweep: three plots, no sweep-p999.
  const { results, cdf } = syntheticResults();
  const firstPoint = results.runs.filter((r) => r.seed === 1 && r.sweep['arrivals.rate'] === '150/s');
  const single = {
    results: { ...results, scenario: { ...results.scenario, seeds: 1, sweep: {} }, runs: firstPoint.map((r) => ({ ...r, sweep: {} })), aggregate: [] },
    cdf: cdf.filter((p) => p.seed === 1 && p.sweep === 'arrivals.rate=150/s').map((p) => ({ ...p, sweep: '' })),
  };
  // The data files alone, as a folder whose plots were deleted would have them.
  await mkdir(dir);
  await writeFile(join(dir, 'summary.json'), JSON.stringify(single.results));
  await writeFile(join(dir, 'cdf.csv'), cdfCsv(single.cdf));
  const result = run('plot', dir);
  assert.is(result.status, 0, result.stderr);
  const plots = [...['latency-cdf', 'tail-ccdf', 'percentiles'].flatMap((p) => [`${p}.vl.json`, `${p}.svg`, `${p}.png`]), 'report.html'];
  assert.equal(result.stdout.trim().split('\n'), plots.map((name) => join(dir, name)));
  assert.equal((await readdir(dir)).sort(), ['cdf.csv', 'summary.json', ...plots].sort());
});

test('a version 1 folder still plots, with a note that its intervals were recomputed', async () => {
  const dir = join(root, 'version-1');
  const { results, cdf } = syntheticResults();
  await mkdir(dir);
  const { statistics: _, ...rest } = results;
  const old = { ...rest, version: 1, runs: results.runs.map(({ stalled: __, ...run }) => run), aggregate: results.aggregate.map((a) => ({ strategy: a.strategy, sweep: a.sweep, seeds: a.seeds, latency_ms: Object.fromEntries(Object.entries(a.latency_ms).map(([k, e]) => [k, { mean: e.mean, ci95: [-5, 90], n: e.n }])) })) };
  await writeFile(join(dir, 'summary.json'), JSON.stringify(old));
  await writeFile(join(dir, 'cdf.csv'), cdfCsv(cdf));
  const result = await here('plot', dir);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stderr, /^parm-sim: .*version-1\/summary\.json is results version 1: plotted with its intervals recomputed from its runs \(percentile bootstrap over seeds\); re-run the scenario for the current format\n$/);
  assert.ok(result.stdout.includes(join(dir, 'sweep-p999.png')));
});

test('--help shows an example', () => {
  const result = run('plot', '--help');
  assert.is(result.status, 0);
  assert.match(result.stdout, /parm-sim plot results\//);
});

test.run();
