import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../../sim/errors.js';
import { parseCsv } from '../../sim/report/csv-parse.js';
import { readResults } from '../../sim/report/read-results.js';
import { writeResults } from '../../sim/report/write-results.js';
import { syntheticResults } from './synthetic-results.js';

const test = suite('report/write-results');
const plots = ['latency-cdf', 'tail-ccdf', 'percentiles', 'sweep-p999', 'accuracy-p999'];
let root = '';
/** One folder written in `before` and shared by the read-only checks: rendering is the slow part. */
let dir = '';
const synthetic = syntheticResults({ withAccuracy: true });
// A run whose slowest query was lost has an infinite max: JSON has no Infinity, so it must become null.
synthetic.results.runs[0]!.latency_ms.max = Infinity;

test.before(async () => {
  root = await mkdtemp(join(tmpdir(), 'parm-sim-report-'));
  dir = join(root, 'results', 'synthetic');
  await writeResults(dir, synthetic);
});
test.after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('writes the data files, every plot as .vl.json, .svg and .png, report.html, and nothing else', async () => {
  const expected = ['.parm-sim-results', 'summary.json', 'summary.csv', 'cdf.csv', 'queries.csv', ...plots.flatMap((p) => [`${p}.vl.json`, `${p}.svg`, `${p}.png`]), 'report.html'];
  assert.equal((await readdir(dir)).sort(), [...expected].sort());
  assert.equal((await readdir(join(root, 'results'))), ['synthetic'], 'no staging folder left beside it');
});

test('summary.json and cdf.csv round-trip through readResults', async () => {
  const back = await readResults(dir);
  assert.equal(back.results, JSON.parse(JSON.stringify(synthetic.results)));
  // cdf.csv keeps latencies to 0.1 µs.
  assert.equal(back.cdf, synthetic.cdf.map((p) => ({ ...p, latency_ms: Math.round(p.latency_ms * 1e4) / 1e4 })));
});

test('non-finite numbers are written as null in summary.json and as empty cells in summary.csv', async () => {
  const json = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
  assert.is(json.runs[0].latency_ms.max, null);
  const [header, first] = parseCsv(await readFile(join(dir, 'summary.csv'), 'utf8'))!;
  assert.is(first?.[header!.indexOf('latency_ms_max')], '');
});

test('summary.csv has one row per run with flat columns', async () => {
  const rows = parseCsv(await readFile(join(dir, 'summary.csv'), 'utf8'))!;
  const [header, ...body] = rows;
  assert.equal(header?.slice(0, 10), ['strategy', 'kind', 'seed', 'arrivals.rate', 'queries', 'latency_ms_mean', 'latency_ms_p50', 'latency_ms_p90', 'latency_ms_p99', 'latency_ms_p995']);
  for (const column of ['latency_ms_p999', 'latency_ms_max', 'answered_reconstructed', 'overhead_instances', 'accuracy_overall', 'accuracy_fraction_reconstructed']) {
    assert.ok(header?.includes(column), column);
  }
  assert.is(body.length, synthetic.results.runs.length);
  const run = synthetic.results.runs[1]!;
  const row = body[1]!;
  const cell = (name: string) => row[header!.indexOf(name)];
  assert.equal([cell('strategy'), cell('seed'), cell('arrivals.rate')], [run.strategy, String(run.seed), String(run.sweep['arrivals.rate'])]);
  assert.is(Number(cell('latency_ms_p999')), run.latency_ms.p999);
  assert.is(cell('accuracy_reconstructed'), '', 'a null accuracy is an empty cell');
});

test('queries.csv has a row per measured query only; a lost query has an empty latency', async () => {
  const rows = parseCsv(await readFile(join(dir, 'queries.csv'), 'utf8'))!;
  const measured = synthetic.queries.reduce((n, t) => n + t.outcomes.count - t.outcomes.warmup, 0);
  assert.is(rows.length, 1 + measured);
  const header = rows[0]!;
  assert.equal(header.slice(0, 7), ['strategy', 'seed', 'sweep', 'query', 'arrival_ms', 'latency_ms', 'answer']);
  const first = rows[1]!;
  assert.is(first[header.indexOf('query')], String(synthetic.queries[0]!.outcomes.warmup), 'warm-up queries are left out');
  const lost = rows.find((r) => r[header.indexOf('answer')] === 'lost')!;
  assert.is(lost[header.indexOf('latency_ms')], '');
  assert.is(first[header.indexOf('predicted')], '3');
});

test('the SVG carries the strategy names and scenario as text; the PNG is a valid PNG at twice the SVG size', async () => {
  for (const plot of plots) {
    const svg = await readFile(join(dir, `${plot}.svg`), 'utf8');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const name of ['parm-k2', 'equal-resources', 'none']) assert.ok(texts.includes(name), `${plot}.svg has the legend entry ${name}`);
    assert.ok(texts.some((t) => t?.includes(': synthetic')), `${plot}.svg names the scenario in its title`);
    assert.ok(svg.includes('font-family="DejaVu Sans'), `${plot}.svg asks for the bundled font`);
    const png = await readFile(join(dir, `${plot}.png`));
    assert.equal([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${plot}.png signature`);
    const [, svgWidth, svgHeight] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    assert.is(png.readUInt32BE(16), 2 * Number(svgWidth), `${plot}.png width`);
    assert.is(png.readUInt32BE(20), 2 * Number(svgHeight), `${plot}.png height`);
    const spec = JSON.parse(await readFile(join(dir, `${plot}.vl.json`), 'utf8'));
    // Data is inlined, or read from a file of the folder (the distribution plots read cdf.csv).
    if (spec.data.url !== undefined) assert.ok(existsSync(join(dir, spec.data.url)), `${plot}.vl.json reads ${spec.data.url} from the folder`);
    else assert.ok(Array.isArray(spec.data.values) && spec.data.values.length > 0, `${plot}.vl.json inlines its data`);
    if (plot === 'latency-cdf' || plot === 'tail-ccdf') assert.match(svg, /class="mark-line[^"]*"[^>]*>\s*<path[^>]* d="M/, `${plot}.svg draws lines from the data`);
    assert.is(spec.config.font, 'DejaVu Sans');
  }
});

test('writing the same content twice gives byte-identical files (and replaces the folder)', async () => {
  const before = await snapshot(dir);
  await writeResults(dir, synthetic);
  const after = await snapshot(dir);
  assert.equal([...after.keys()], [...before.keys()]);
  for (const [name, bytes] of before) assert.ok(bytes.equals(after.get(name)!), `${name} is byte-identical`);
  assert.equal(await readdir(join(root, 'results')), ['synthetic'], 'the old folder is gone after the swap');
});

test('an error while rendering leaves the previous results untouched and no staging folder', async () => {
  const before = await snapshot(dir);
  // summary.json and the CSVs get written, then rendering reads the version back and refuses it.
  const broken = { ...synthetic, results: { ...synthetic.results, version: 999 } };
  assert.instance(await failure(() => writeResults(dir, broken)), InputError);
  const after = await snapshot(dir);
  assert.equal([...after.keys()], [...before.keys()]);
  for (const [name, bytes] of before) assert.ok(bytes.equals(after.get(name)!), `${name} untouched`);
  assert.equal(await readdir(join(root, 'results')), ['synthetic']);
});

test('an error in a new folder leaves no folder behind, parents included', async () => {
  const broken = { ...synthetic, results: { ...synthetic.results, version: 999 } };
  assert.instance(await failure(() => writeResults(join(root, 'fresh', 'deeper', 'out'), broken)), InputError);
  assert.not.ok((await readdir(root)).includes('fresh'));
});

test('a target under a file is an InputError and leaves nothing behind', async () => {
  await writeFile(join(root, 'a-file'), 'x');
  const err = await failure(() => writeResults(join(root, 'a-file', 'out'), synthetic));
  assert.instance(err, InputError);
  assert.match((err as Error).message, /under a file/);
  assert.equal((await readdir(root)).sort(), ['a-file', 'results']);
});

test('a folder of other files is not replaced', async () => {
  const other = join(root, 'other');
  await mkdir(other);
  await writeFile(join(other, 'notes.txt'), 'keep me');
  assert.instance(await failure(() => writeResults(other, synthetic)), InputError);
  assert.is(await readFile(join(other, 'notes.txt'), 'utf8'), 'keep me');
  await rm(other, { recursive: true });
});

/** The error a promise rejects with; fails the test if it resolves. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  assert.unreachable('expected an error');
}

async function snapshot(folder: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(folder)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(folder, name))] as const)));
}

test.run();
