import type { CdfPoint, ResultsFile } from '../../metrics/types.js';
import { plotContext, type Spec } from '../plots/plot-context.js';
import { accuracyChart } from './accuracy-chart.js';
import { distributionCharts, DISTRIBUTION } from './distribution-charts.js';
import { toColumns } from './columns.js';
import { browserLibraries } from '../plots/libraries.js';
import { escapeHtml, scriptJson } from './markup.js';
import { pageScript } from './page-script.js';
import { pageStyle } from './page-style.js';
import { sweepChart } from './sweep-chart.js';
import { perSeedHtml, runTableHtml } from './tables.js';
import { atPoints, pickablePoints } from './pickable-points.js';

/** The file name of the report in a results folder. */
export const REPORT_FILE = 'report.html';

/** A chart of the page: the element it is drawn into, and its vega-lite spec (data inlined or a shared dataset named). */
interface Chart { id: string; spec: Spec; dataset?: string }

/**
 * report.html for a results folder: one self-contained page (the vega builds inline, the data
 * inline, nothing fetched) with the run table, the latency CDF and tail CCDF, p99.9 against the
 * swept parameter, accuracy against p99.9 and each seed's values; strategies can be switched
 * off and, for a sweep, the point the distributions show chosen.
 *
 *   results, cdf --plotContext--> ctx (the plots' names, orders, colours)
 *   ctx --plots/ builders + interaction.ts--> chart specs --> JSON in the page
 *   results --table/run-table.ts--> tables --> HTML
 *
 * Same content, same bytes: no timestamps, no ids from counters.
 */
export function reportHtml(results: ResultsFile, cdf: CdfPoint[]): string {
  const ctx = plotContext(results, cdf);
  const swept = ctx.sweeps.length > 1;
  const points = pickablePoints(ctx.sweeps);
  // The tables show the points the picker offers; with very many, the sweep chart alone has them all.
  const shown = points.length < ctx.sweeps.length ? atPoints(results, points) : results;
  const distribution = distributionCharts(ctx, points);
  const charts: Chart[] = distribution.charts.map(({ name, spec }) => ({ id: name, spec, dataset: DISTRIBUTION }));
  const sweep = sweepChart(ctx);
  if (sweep !== null) charts.push({ id: 'sweep-p999', spec: sweep });
  const accuracy = accuracyChart(ctx);
  if (accuracy !== null) charts.push({ id: 'accuracy-p999', spec: accuracy });
  const data = { charts, datasets: { [DISTRIBUTION]: toColumns(distribution.rows) } };

  const div = (id: string) => (charts.some((c) => c.id === id) ? `<div class="chart" id="${id}"></div>` : '');
  const { scenario } = results;
  const seeds = ctx.seeds.length;
  const fewer = points.length < ctx.sweeps.length ? `; the picker and the tables offer ${points.length} of the ${ctx.sweeps.length} sweep points (evenly spaced, first and last included; summary.csv and the sweep chart have them all)` : '';
  const lead = `${results.runs.length} runs: ${ctx.strategies.length} strategies${swept ? ` × ${ctx.sweeps.length} sweep points` : ''} × ${seeds} seed${seeds === 1 ? '' : 's'}; written by ${results.generator}${fewer}`;
  const strategyBoxes = ctx.strategies.map((s, i) => `<label><input type="checkbox" checked data-strategy="${escapeHtml(s)}"><span class="swatch" style="background:${ctx.colour.range[i]}"></span>${escapeHtml(s)}</label>`).join('\n');
  const picker = swept
    ? `<label>sweep point <select id="point">${points.map((s) => `<option value="${escapeHtml(s)}">${escapeHtml(s)}</option>`).join('')}</select></label>`
    : '';
  const libraries = browserLibraries().map((lib) => `<script>/* ${lib.name} ${lib.version} */\n${lib.code}\n</script>`).join('\n');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`parm-sim report: ${scenario.name}`)}</title>
<style>${pageStyle}</style>
</head>
<body>
<h1>${escapeHtml(scenario.name)}</h1>
<p class="lead">${escapeHtml(lead)}</p>
<div class="controls">
<span>strategies:</span>
${strategyBoxes}
${picker}
</div>
<h2>Runs</h2>
<div class="scroll">
${runTableHtml(shown)}
</div>
<h2>Latency distribution${swept ? ' at the chosen sweep point' : ''}</h2>
<div class="charts">
${div('latency-cdf')}
${div('tail-ccdf')}
</div>
${sweep === null ? '' : `<h2>Across the sweep</h2>\n<div class="charts">\n${div('sweep-p999')}\n</div>\n`}${accuracy === null ? '' : `<h2>Accuracy against tail latency</h2>\n<div class="charts">\n${div('accuracy-p999')}\n</div>\n`}<h2>Each seed${swept ? ' at the chosen sweep point' : ''}</h2>
<div class="scroll">
${perSeedHtml(shown)}
</div>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
${libraries}
<script>${pageScript}</script>
</body>
</html>
`;
}
