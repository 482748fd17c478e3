import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCsv } from '../../sim/report/csv-parse.js';
import { PNG_MAX_SIDE, renderPng } from '../../sim/report/plots/render-spec.js';
import type { PlotFailure } from '../../sim/report/render-plots.js';
import { writeResults } from '../../sim/report/write-results.js';
import { syntheticResults, type SyntheticOptions } from './synthetic-results.js';

/**
 * Results folders stay usable at sweep scale: 1,000 sweep points or 1,000 seeds render every
 * plot, with PNGs under the cap, and summary.csv stays one row per run. How long that takes is a
 * benchmark (`npm run bench -- --only results-scale`), not asserted here.
 */
const test = suite('report/sweep-scale');
const plots = ['latency-cdf', 'tail-ccdf', 'percentiles', 'sweep-p999'];
let root = '';

test.before(async () => {
  root = await mkdtemp(join(tmpdir(), 'parm-sim-scale-'));
});
test.after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes a synthetic results folder; returns its path, the plots that failed and its number of runs. */
async function write(name: string, options: SyntheticOptions): Promise<{ dir: string; failed: PlotFailure[]; runs: number }> {
  const { results, cdf } = syntheticResults({ queries: 1100, withQueries: false, ...options });
  const dir = join(root, name);
  const failed: PlotFailure[] = [];
  await writeResults(dir, { results, cdf }, failed);
  return { dir, failed, runs: results.runs.length };
}

async function pngSize(file: string): Promise<[number, number]> {
  const png = await readFile(file);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

async function subtitle(dir: string, plot: string): Promise<string> {
  return JSON.parse(await readFile(join(dir, `${plot}.vl.json`), 'utf8')).title.subtitle as string;
}

async function checkFolder(dir: string, runs: number, expectedPlots: string[]): Promise<void> {
  const names = await readdir(dir);
  for (const plot of expectedPlots) {
    assert.ok(names.includes(`${plot}.png`), `${plot}.png written`);
    const [width, height] = await pngSize(join(dir, `${plot}.png`));
    assert.ok(width <= PNG_MAX_SIDE && height <= PNG_MAX_SIDE, `${plot}.png is ${width}x${height}, over ${PNG_MAX_SIDE}`);
  }
  const rows = parseCsv(await readFile(join(dir, 'summary.csv'), 'utf8'))!;
  assert.is(rows.length, 1 + runs, 'summary.csv: a header and one row per run');
}

test('1,000 sweep points x 3 seeds: every plot drawn, distribution plots at 3 named points, sweep-p999 at all', async () => {
  const { dir, failed, runs } = await write('points', { points: 1000, seeds: 3 });
  assert.equal(failed, []);
  await checkFolder(dir, runs, plots);
  for (const plot of ['latency-cdf', 'tail-ccdf', 'percentiles']) {
    assert.match(await subtitle(dir, plot), '3 of 1000 sweep points (first, median, last', plot);
    const spec = JSON.parse(await readFile(join(dir, `${plot}.vl.json`), 'utf8'));
    assert.equal(spec.facet.sort, ['arrivals.rate=100/s', 'arrivals.rate=599/s', 'arrivals.rate=1099/s'], `${plot} panels`);
    const sweeps = new Set((spec.data.values as { sweep: string }[]).map((row) => row.sweep));
    assert.is(sweeps.size, 3, `${plot} inlines rows of the shown points only`);
  }
  const sweep = JSON.parse(await readFile(join(dir, 'sweep-p999.vl.json'), 'utf8'));
  assert.is(new Set((sweep.data.values as { x: number }[]).map((row) => row.x)).size, 1000, 'sweep-p999 carries every point');
});

test('1 point x 1,000 seeds: distribution plots draw a band across seeds, not 1,000 lines', async () => {
  const { dir, failed, runs } = await write('seeds', { points: 1, seeds: 1000 });
  assert.equal(failed, []);
  await checkFolder(dir, runs, ['latency-cdf', 'tail-ccdf', 'percentiles']);
  for (const plot of ['latency-cdf', 'tail-ccdf']) {
    assert.match(await subtitle(dir, plot), 'band: fastest to slowest of 1000 seeds', plot);
    const svg = await readFile(join(dir, `${plot}.svg`), 'utf8');
    // One band and one median line per strategy.
    assert.is((svg.match(/aria-roledescription="area mark"/g) ?? []).length, 3, `${plot}: a band per strategy`);
    assert.is((svg.match(/aria-roledescription="line mark"/g) ?? []).length, 3, `${plot}: a line per strategy`);
    assert.ok(svg.length < 500_000, `${plot}.svg is ${svg.length} bytes`);
  }
});

test('strategies labelled like Object.prototype properties are plotted like any other', async () => {
  const labels = ['constructor', '__proto__', 'toString'];
  for (const [name, options] of [['labels', { labels }], ['labels-band', { labels, points: 1, seeds: 8 }]] as const) {
    const { dir, failed } = await write(name, options);
    assert.equal(failed, [], name);
    for (const plot of options.points === 1 ? ['latency-cdf', 'tail-ccdf', 'percentiles'] : plots) {
      const svg = await readFile(join(dir, `${plot}.svg`), 'utf8');
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      for (const label of labels) assert.ok(texts.includes(label), `${name}/${plot}.svg has the legend entry ${label}`);
    }
  }
});

test('a PNG never passes the cap, however large the SVG', async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="30000" height="200"><rect width="30000" height="200" fill="red"/></svg>';
  const png = await renderPng(svg);
  assert.ok(png.readUInt32BE(16) <= PNG_MAX_SIDE, `width ${png.readUInt32BE(16)}`);
  assert.ok(png.readUInt32BE(20) >= 1);
});

test.run();
