import type { SweepPoint } from '../../metrics/types.js';
import { chosenPoints, colourEncoding, PANEL_LIMIT, type Plot, type PlotContext, type Spec } from './plot-context.js';
import { sweepAxis } from './sweep-axis.js';
import { statNote, statRows } from './summary-rows.js';

const shown = [{ key: 'p999', name: 'p99.9' }, { key: 'p50', name: 'median' }] as const;
/** Log y once p99.9 is this many times the median: a linear axis would flatten the median to the floor. */
const logSpread = 10;
/** Beyond this many x values a marker on each would merge into a thick line: draw the line alone. */
const markedPoints = 50;

/**
 * p99.9 and median against the swept parameter, a line per strategy (solid p99.9, dashed
 * median), a 95% CI band with several seeds. Null when nothing is swept. With several swept
 * parameters the first that varies is x and the others split the plot into panels; beyond
 * PANEL_LIMIT panels the first, median and last are drawn (the subtitle says so). Every value
 * of x is drawn however many there are: this is the plot that carries a large sweep.
 */
export function sweepP999Plot(ctx: PlotContext): Plot | null {
  const rows = statRows(ctx, shown);
  const keys = Object.keys(ctx.results.scenario.sweep);
  const xKey = keys.find((key) => new Set(rows.map((r) => String(r.point[key]))).size > 1);
  if (xKey === undefined) return null;
  const axis = sweepAxis(xKey, ctx.results.scenario.sweep[xKey] ?? []);
  const panelOf = (point: SweepPoint) => keys.filter((k) => k !== xKey && k in point).map((k) => `${k}=${String(point[k])}`).join(', ');

  const allPanels = [...new Set(rows.map((r) => panelOf(r.point)))];
  const panels = allPanels.length > PANEL_LIMIT ? chosenPoints(allPanels) : allPanels;
  const drawn = new Set(panels);
  const drawnRows = rows.filter((r) => drawn.has(panelOf(r.point)));

  // Loops, not Math.min(...means): a large sweep has more values than a call takes arguments.
  let least = Infinity;
  let most = -Infinity;
  for (const { mean } of drawnRows) {
    if (!(mean > 0)) continue;
    least = Math.min(least, mean);
    most = Math.max(most, mean);
  }
  const logY = least <= most && most / least >= logSpread;
  // On a log axis an interval reaching 0 or below has no place to end: cut it at half the smallest value drawn.
  const floor = logY ? least / 2 : 0;
  const values = drawnRows.map((r) => ({
    strategy: r.strategy, statistic: r.statistic, panel: panelOf(r.point), x: axis.value(r.point),
    mean: r.mean, lo: r.lo === null ? null : Math.max(floor, r.lo), hi: r.hi,
  }));

  // Few sweep points: tick exactly the values swept, which are the only ones measured.
  const swept = [...new Set(values.map((v) => v.x))];
  const x: Spec = axis.type === 'quantitative'
    ? {
      field: 'x', type: 'quantitative', title: axis.unit ? `${xKey} (${axis.unit})` : xKey, scale: { zero: false, nice: false },
      ...(swept.length <= 8 ? { axis: { values: swept } } : {}),
    }
    : { field: 'x', type: 'ordinal', title: xKey, sort: axis.order, axis: { labelAngle: 0, ...(swept.length > markedPoints ? { labelOverlap: 'greedy' } : {}) } };
  const y = { field: 'mean', type: 'quantitative', title: logY ? 'latency (ms, log scale)' : 'latency (ms)', scale: logY ? { type: 'log' } : { zero: true } };
  // The band and the line share one legend: draw it as the line (a solid stroke), not the pale band.
  const colour = { ...colourEncoding(ctx), legend: { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 } };
  const dash = { field: 'statistic', type: 'nominal', title: 'statistic', sort: shown.map((s) => s.name), scale: { domain: shown.map((s) => s.name), range: [[1, 0], [5, 4]] }, legend: { symbolType: 'stroke', symbolStrokeColor: '#555555', symbolSize: 300 } };
  const panel = {
    layer: [
      {
        transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'area', opacity: 0.15 },
        encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color: colour, detail: { field: 'statistic' } },
      },
      {
        mark: { type: 'line', point: swept.length > markedPoints ? false : { size: 30 } },
        encoding: { x, y, color: colour, strokeDash: dash },
      },
    ],
  };
  const fewer = panels.length < allPanels.length ? `; ${panels.length} of ${allPanels.length} panels (first, median, last)` : '';
  const title = { text: `Tail latency vs ${xKey}: ${ctx.scenario}`, subtitle: `p99.9 (solid) and median (dashed); ${statNote(ctx, 'bands')}${fewer}` };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, data: { values } };
  if (panels.length <= 1) return { name: 'sweep-p999', spec: { ...base, width: 480, height: 300, ...panel } };
  return {
    name: 'sweep-p999',
    spec: { ...base, facet: { field: 'panel', type: 'ordinal', sort: panels, header: { title: null, labelFontWeight: 'bold' } }, columns: Math.min(3, panels.length), spec: { width: 300, height: 225, ...panel } },
  };
}
