import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { latencyCdfPlot } from './plots/latency-cdf.js';
import { percentilesPlot } from './plots/percentiles.js';
import { sweepP999Plot } from './plots/sweep-p999.js';
import { tailCcdfPlot } from './plots/tail-ccdf.js';
import { plotContext, type Plot, type PlotContext } from './plots/plot-context.js';
import { completeSpec, renderPng, renderSvg } from './plots/render-spec.js';
import { readResults } from './read-results.js';

/** Every plot kind; one that does not apply to a results folder (no sweep, say) returns null. */
const plotKinds: ((ctx: PlotContext) => Plot | null)[] = [latencyCdfPlot, tailCcdfPlot, percentilesPlot, sweepP999Plot];

/**
 * (Re)renders every plot of a results folder from its files (summary.json, cdf.csv), so a
 * folder's plots can always be redrawn without re-running the simulation. For each plot writes
 * <name>.vl.json, <name>.svg and <name>.png; returns the paths written.
 */
export async function renderPlots(dir: string): Promise<string[]> {
  const { results, cdf } = await readResults(dir);
  const ctx = plotContext(results, cdf);
  const written: string[] = [];
  for (const kind of plotKinds) {
    const plot = kind(ctx);
    if (plot === null) continue;
    const spec = completeSpec(plot.spec);
    const svg = await renderSvg(spec, dir);
    const files: [string, string | Buffer][] = [
      [`${plot.name}.vl.json`, specJson(spec)],
      [`${plot.name}.svg`, svg],
      [`${plot.name}.png`, renderPng(svg)],
    ];
    for (const [name, content] of files) {
      written.push(await replaceFile(join(dir, name), content));
    }
  }
  return written;
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
