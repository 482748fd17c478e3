import { colourEncoding, panelled, type Plot, type PlotContext } from './plot-context.js';
import { statNote, statRows } from './summary-rows.js';

const shown = [{ key: 'p50', name: 'p50' }, { key: 'p99', name: 'p99' }, { key: 'p999', name: 'p99.9' }] as const;

/**
 * Median, p99 and p99.9 side by side per strategy: the comparison ParM's paper makes (a smaller
 * p99.9 at the same median). Grouped by percentile so each group compares strategies directly.
 */
export function percentilesPlot(ctx: PlotContext): Plot {
  // Latency is never negative: an interval reaching below 0 (few seeds, wide t interval) is cut at 0.
  const rows = statRows(ctx, shown);
  const values = rows.map(({ point: _, ...row }) => ({ ...row, lo: row.lo === null ? null : Math.max(0, row.lo) }));
  const cut = rows.some((row) => row.lo !== null && row.lo < 0) ? ' (cut at 0)' : '';
  const x = { field: 'statistic', type: 'ordinal', sort: shown.map((s) => s.name), title: 'percentile', axis: { labelAngle: 0 } };
  const xOffset = { field: 'strategy', type: 'nominal', sort: ctx.strategies };
  const panel = {
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.9 } },
        encoding: { x, xOffset, y: { field: 'mean', type: 'quantitative', title: 'latency (ms)' }, color: colourEncoding(ctx) },
      },
      {
        transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'rule', color: '#222222', strokeWidth: 1.5 },
        encoding: { x, xOffset, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
    ],
  };
  const title = { text: `Latency percentiles: ${ctx.scenario}`, subtitle: `${statNote(ctx, 'error bars')}${cut}` };
  return { name: 'percentiles', spec: panelled(ctx, title, values, panel, { width: 480, height: 300 }) };
}
