import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { latencyCdfPlot } from './plots/latency-cdf.js';
import { percentilesPlot } from './plots/percentiles.js';
import { sweepP999Plot } from './plots/sweep-p999.js';
import { tailCcdfPlot } from './plots/tail-ccdf.js';
import { accuracyP999Plot } from './plots/accuracy-p999.js';
import { plotContext, type Plot, type PlotContext, type Spec } from './plots/plot-context.js';
import type { CdfPoint, ResultsFile } from '../metrics/types.js';
import { completeSpec, renderPng, renderSvg } from './plots/render-spec.js';
import { readResults } from './read-results.js';
import { REPORT_FILE, reportHtml } from './html/report-html.js';

/** Every plot kind; one that does not apply to a results folder (no sweep, say) returns null. */
const plotKinds: ((ctx: PlotContext) => Plot | null)[] = [latencyCdfPlot, tailCcdfPlot, percentilesPlot, sweepP999Plot, accuracyP999Plot];

/**
 * The vega-lite spec of every plot that applies to these results, by name, data inlined and the
 * theme merged in (what <name>.vl.json holds): for notebooks and dashboards that draw them
 * themselves. A plot that cannot be built throws: a caller asking for specs gets them all or an error.
 */
export function plotSpecs(results: ResultsFile, cdf: CdfPoint[]): Record<string, Spec> {
  const ctx = plotContext(results, cdf);
  const specs: Record<string, Spec> = {};
  for (const kind of plotKinds) {
    const plot = kind(ctx);
    if (plot !== null) specs[plot.name] = completeSpec(plot.spec);
  }
  return specs;
}

/**
 * Draws a small chart of what the plots are made of (the distribution plots' transforms, step
 * lines on log scales with set axis values, bars side by side, interval rules, shaped points, a
 * colour legend, a title and subtitle) and throws it away. A thread's first plot runs vega's code
 * cold, each function compiled when first called and run without type feedback: quickstart's four
 * plots took a median 0.63 s to draw after the runs, 0.49 s once the plot thread had drawn a
 * one-layer chart while the simulations ran, and 0.44 s with this one (alternating runs).
 */
export async function warmUp(): Promise<void> {
  const values = [0, 1, 2, 3].flatMap((i) => ['a', 'b'].map((strategy, j) => ({ strategy, seed: 1, quantile: i / 4, latency_ms: 10 + i * (j + 1), lo: 9, hi: 12 + i })));
  const colour = { field: 'strategy', type: 'nominal' };
  await renderSvg(completeSpec({
    title: { text: 'warm-up', subtitle: 'drawn once, never written' },
    data: { values },
    transform: [
      { filter: { field: 'seed', oneOf: [1] } },
      { filter: 'isValid(datum.latency_ms)' },
      { calculate: 'round((1 - datum.quantile) * 1e12) / 1e12', as: 'exceedance' },
    ],
    width: 100,
    height: 80,
    layer: [
      {
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'latency_ms', type: 'quantitative', scale: { type: 'log', nice: false }, axis: { values: [10, 20, 50] } },
          y: { field: 'exceedance', type: 'quantitative', scale: { type: 'log', domain: [1e-4, 1] }, axis: { format: '.0%' } },
          color: colour, detail: { field: 'seed', type: 'nominal' }, order: { field: 'quantile', type: 'quantitative' },
        },
      },
      { mark: 'bar', encoding: { x: { field: 'strategy', type: 'ordinal' }, xOffset: { field: 'seed', type: 'ordinal' }, y: { field: 'latency_ms', type: 'quantitative' }, color: colour } },
      { mark: 'rule', encoding: { x: { field: 'strategy', type: 'ordinal' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true }, encoding: { x: { field: 'hi', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, shape: colour, color: colour } },
    ],
  }));
}

/** A plot that could not be drawn: its name and why. */
export interface PlotFailure { plot: string; reason: string }

/**
 * (Re)renders every plot of a results folder from its files (summary.json, cdf.csv), so a
 * folder's plots can always be redrawn without re-running the simulation. For each plot writes
 * <name>.vl.json, <name>.svg and <name>.png, then report.html (html/report-html.ts). A plot that cannot be drawn is skipped and named in
 * `failed`, so one plot never costs the others or the results; `written` lists the paths written.
 * `upgradedFrom`: the folder's results version, when it was an older one (read-results.ts).
 */
export async function renderPlots(dir: string): Promise<{ written: string[]; failed: PlotFailure[]; upgradedFrom?: number }> {
  const { results, cdf, upgradedFrom } = await readResults(dir);
  const ctx = plotContext(results, cdf);
  // Per plot kind, in order: the paths written, or why it failed. Each plot's PNG is rasterised
  // off the main thread while the next plot's SVG is drawn; a plot is written once its PNG is done.
  const outcomes: (string[] | PlotFailure)[] = [];
  const pending: Promise<void>[] = [];
  // A disk that refuses a write (plotFailure) ends the rendering, but only once every plot already
  // being written has finished: the caller removes the folder next, and nothing may still be
  // writing into it then (a write in flight kept a full tmpfs busy after the run had failed).
  let refused: { err: unknown } | undefined;
  for (const [i, kind] of plotKinds.entries()) {
    if (refused) break;
    let name = kind.name.replace(/Plot$/, '');
    const failedWith = (err: unknown) => {
      try {
        outcomes[i] = plotFailure(name, err);
      } catch (disk) {
        refused ??= { err: disk };
      }
    };
    try {
      const plot = kind(ctx);
      if (plot === null) continue;
      name = plot.name;
      const spec = completeSpec(plot.spec);
      const svg = await renderSvg(spec, dir);
      pending.push(renderPng(svg).then(async (png) => {
        const files: [string, string | Buffer][] = [
          [`${plot.name}.vl.json`, specJson(spec)],
          [`${plot.name}.svg`, svg],
          [`${plot.name}.png`, png],
        ];
        // Rendered in full before anything is written: a plot is there whole or not at all.
        const paths: string[] = [];
        for (const [file, content] of files) paths.push(await replaceFile(join(dir, file), content));
        outcomes[i] = paths;
      }).catch(failedWith));
    } catch (err) {
      failedWith(err);
    }
  }
  // report.html (html/): the same data in one interactive page, built while the last PNGs are
  // rasterised (it needs none of them); a report that cannot be built is named like a plot.
  let report: { html: string } | { err: unknown };
  try {
    report = { html: reportHtml(results, cdf) };
  } catch (err) {
    report = { err };
  }
  await Promise.all(pending);
  if (refused) throw refused.err;
  const written = outcomes.flatMap((o) => (Array.isArray(o) ? o : []));
  const failed = outcomes.flatMap((o) => (o && !Array.isArray(o) ? [o] : []));
  try {
    if ('err' in report) throw report.err;
    written.push(await replaceFile(join(dir, REPORT_FILE), report.html));
  } catch (err) {
    failed.push(plotFailure('report', err));
  }
  return upgradedFrom === undefined ? { written, failed } : { written, failed, upgradedFrom };
}

/** Why a plot could not be drawn, in one line; the disk refusing is not the plot's fault and ends the run like any other write. */
function plotFailure(plot: string, err: unknown): PlotFailure {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EACCES' || code === 'EROFS' || code === 'EDQUOT') throw err;
  return { plot, reason: (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200) };
}

/**
 * The spec as readable JSON with each inlined data row on one line: indenting every field of
 * thousands of rows would make the file several times larger for nothing a reader wants.
 */
function specJson(spec: Record<string, unknown>): string {
  const data = spec.data as { values?: unknown[] } | undefined;
  if (!data?.values) return `${JSON.stringify(spec, null, 2)}\n`;
  const marker = '"@values@"';
  const text = JSON.stringify({ ...spec, data: { ...data, values: '@values@' } }, null, 2);
  const rows = data.values.map((row) => `      ${JSON.stringify(row)}`).join(',\n');
  return `${text.replace(marker, `[\n${rows}\n    ]`)}\n`;
}

/** Write-then-rename, so re-plotting an existing folder never leaves a truncated file behind. */
async function replaceFile(path: string, content: string | Buffer): Promise<string> {
  const partial = `${path}.partial-${process.pid}`;
  await writeFile(partial, content);
  await rename(partial, path);
  return path;
}
