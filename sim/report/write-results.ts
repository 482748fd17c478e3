import { open, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CdfPoint, ResultsFile } from '../metrics/types.js';
import { cdfCsv } from './cdf-csv.js';
import { writeQueriesCsv, type QueryTable } from './queries-csv.js';
import type { PlotFailure } from './render-plots.js';
import { plotsHere, type PlotRenderer } from './plot-renderer.js';
import { buildFolderAtomically, RESULTS_MARKER } from './staged-folder.js';
import { summaryCsv } from './summary-csv.js';

export type { QueryColumns, QueryTable } from './queries-csv.js';

export interface ResultsContent {
  results: ResultsFile;
  cdf: CdfPoint[];
  /** Per-query rows (queries.csv), written only when given. */
  queries?: QueryTable[];
  /** Further files of the folder by name (an emulation's timeline.csv, a validation's table and plot). */
  extra?: Record<string, string | Buffer>;
}

/**
 * Writes a results folder:
 *
 *   summary.json  the ResultsFile (2-space JSON; non-finite numbers become null)
 *   summary.csv   one row per run, flat columns
 *   cdf.csv       the latency distribution points the plots are drawn from
 *   queries.csv   one row per measured query, when `queries` is given
 *   <plot>.vl.json/.svg/.png   rendered from the files above (renderPlots)
 *   report.html   the same in one interactive, self-contained page (html/report-html.ts; renderPlots)
 *
 *   .parm-sim-results  the marker that says this folder is parm-sim's to replace
 *
 * All of it is built in a staging folder beside `dir` and renamed into place at the end, so an
 * error leaves the previous results (or nothing), never a mix. The data files are written before
 * the plots, and a plot that cannot be drawn is left out and named in `failedPlots` (the results
 * are kept). Returns the paths written, under `dir`. `plots` draws them (default: in this thread).
 * Byte-identical output for identical content: no timestamps, insertion key order, fixed number spelling.
 */
export async function writeResults(dir: string, content: ResultsContent, failedPlots: PlotFailure[] = [], plots: PlotRenderer = plotsHere): Promise<string[]> {
  return buildFolderAtomically(dir, async (staging) => {
    const names = ['summary.json', 'summary.csv', 'cdf.csv'];
    await writeFile(join(staging, RESULTS_MARKER), `${content.results.generator}\n`);
    await writeFile(join(staging, 'summary.json'), `${JSON.stringify(content.results, null, 2)}\n`);
    await writeFile(join(staging, 'summary.csv'), summaryCsv(content.results));
    await writeFile(join(staging, 'cdf.csv'), cdfCsv(content.cdf));
    if (content.queries !== undefined) {
      const file = await open(join(staging, 'queries.csv'), 'w');
      try {
        await writeQueriesCsv(file, content.queries);
      } finally {
        await file.close();
      }
      names.push('queries.csv');
    }
    for (const [name, data] of Object.entries(content.extra ?? {})) {
      await writeFile(join(staging, name), data);
      names.push(name);
    }
    const drawn = await plots.render(staging);
    failedPlots.push(...drawn.failed);
    return [...names, ...drawn.written.map((path) => basename(path))];
  });
}
