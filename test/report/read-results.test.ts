import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../sim/errors.js';
import { RESULTS_VERSION } from '../../sim/metrics/types.js';
import { cdfCsv } from '../../sim/report/cdf-csv.js';
import { readResults } from '../../sim/report/read-results.js';
import { syntheticResults } from './synthetic-results.js';

const test = suite('report/read-results');
let root = '';
const { results, cdf } = syntheticResults();

test.before(async () => {
  root = await mkdtemp(join(tmpdir(), 'parm-sim-read-'));
});
test.after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A results folder with the given file contents (no plots: reading needs none). */
async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir);
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

async function inputError(dir: string): Promise<InputError> {
  try {
    await readResults(dir);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  assert.unreachable('expected an InputError');
  throw new Error('unreachable');
}

test('reads summary.json and cdf.csv, sweep labels with commas included', async () => {
  const points = [{ strategy: 'parm', seed: 1, sweep: 'a=1, b="x"', quantile: 0.999, latency_ms: 12.5 }];
  const dir = await folder('good', { 'summary.json': JSON.stringify(results), 'cdf.csv': cdfCsv(points) });
  const back = await readResults(dir);
  assert.equal(back.cdf, points);
  assert.equal(back.results, results);
  assert.ok(cdf.length > 0);
});

test('a missing folder, a file, or a folder without summary.json is not a results folder', async () => {
  assert.match((await inputError(join(root, 'nope'))).message, /parm-sim results folder/);
  await writeFile(join(root, 'plain-file'), 'x');
  assert.match((await inputError(join(root, 'plain-file'))).message, /found a file/);
  const empty = await folder('empty', {});
  const err = await inputError(empty);
  assert.is(err.file, join(empty, 'summary.json'));
});

test('another results version names the field and both versions', async () => {
  const dir = await folder('old', { 'summary.json': JSON.stringify({ ...results, version: RESULTS_VERSION + 1 }), 'cdf.csv': cdfCsv([]) });
  const err = await inputError(dir);
  assert.is(err.field, 'version');
  assert.match(err.message, new RegExp(`expected results version ${RESULTS_VERSION} \\(or 1, upgraded as read\\), found ${RESULTS_VERSION + 1}`));
  assert.match(err.message, /re-run the scenario/);
});

test('a version 1 folder is read in this version\'s form: per-seed values and bootstrap intervals from its runs, no stalled share', async () => {
  const dir = await folder('version-1', { 'summary.json': JSON.stringify(versionOne()), 'cdf.csv': cdfCsv([]) });
  const back = await readResults(dir);
  assert.is(back.upgradedFrom, 1);
  assert.is(back.results.version, RESULTS_VERSION);
  assert.is(back.results.statistics.ci95, 'percentile-bootstrap-over-seeds');
  assert.ok(back.results.runs.every((r) => r.stalled === null), 'version 1 did not record stalls');
  assert.is(back.results.aggregate.length, results.aggregate.length);
  for (const a of back.results.aggregate) {
    const runs = back.results.runs.filter((r) => r.strategy === a.strategy && r.sweep['arrivals.rate'] === a.sweep['arrivals.rate']);
    assert.equal(a.seed_list, [1, 2]);
    assert.equal(a.latency_ms.p999.values, runs.map((r) => r.latency_ms.p999));
    const [lo, hi] = a.latency_ms.p999.ci95;
    assert.ok(lo! >= Math.min(...runs.map((r) => r.latency_ms.p999!)) && hi! <= Math.max(...runs.map((r) => r.latency_ms.p999!)), 'the old t interval is replaced');
    assert.equal(a.stalled.mean, null);
  }
  assert.equal(back.results.expect.map((c) => c.mode), ['mean']);
});

/** The synthetic results as version 1 wrote them: no stalls, t intervals without per-seed values, claims without a mode. */
function versionOne(): unknown {
  const runs = results.runs.map(({ stalled: _, ...run }) => run);
  const aggregate = results.aggregate.map((a) => ({
    strategy: a.strategy, sweep: a.sweep, seeds: a.seeds,
    latency_ms: Object.fromEntries(Object.entries(a.latency_ms).map(([k, e]) => [k, { mean: e.mean, ci95: [-173, 360], n: e.n }])),
  }));
  const expect = [{ claim: 'parm-k2.p999 < none.p999', sweep: { 'arrivals.rate': '150/s' }, holds: true, left: 1, right: 2 }];
  const { statistics: _, ...rest } = results;
  return { ...rest, version: 1, runs, aggregate, expect };
}

test('malformed files are rejected with the file and the place', async () => {
  const json = await inputError(await folder('bad-json', { 'summary.json': '{"version": ', 'cdf.csv': cdfCsv([]) }));
  assert.match(json.message, /invalid JSON/);
  const runs = await inputError(await folder('bad-runs', { 'summary.json': JSON.stringify({ ...results, runs: [{ strategy: 1 }] }), 'cdf.csv': cdfCsv([]) }));
  assert.is(runs.field, 'runs[0].strategy');
  assert.match(runs.message, /runs\[0\]\.strategy: expected a text, found 1/);
  const header = await inputError(await folder('bad-header', { 'summary.json': JSON.stringify(results), 'cdf.csv': 'a,b\n1,2\n' }));
  assert.is(header.field, 'header');
  const row = await inputError(await folder('bad-row', { 'summary.json': JSON.stringify(results), 'cdf.csv': `${cdfCsv([])}parm,1,,0.5,fast\n` }));
  assert.is(row.field, 'row 2');
});

test.run();
