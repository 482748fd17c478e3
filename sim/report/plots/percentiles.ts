import { colourEncoding, panelled, sweepNote, type Plot, type PlotContext } from './plot-context.js';
import { statNote, statRows } from './summary-rows.js';

const shown = [{ key: 'p50', name: 'p50' }, { key: 'p99', name: 'p99' }, { key: 'p999', name: 'p99.9' }] as const;

/**
 * Median, p99 and p99.9 side by side per strategy: the comparison ParM's paper makes (a smaller
 * p99.9 at the same median). Grouped by percentile so each group compares strategies directly.
 */
export function percentilesPlot(ctx: PlotContext): Plot {
  // Latency is never negative: an interval reaching below 0 (few seeds, wide t interval) is cut at 0.
  const points = new Set(ctx.shownSweeps);
  const rows = statRows(ctx, shown).filter((row) => points.has(row.sweep));
  const order = new Map(ctx.strategies.map((strategy, i) => [strategy, i]));
  const values = rows.map(({ point: _, ...row }) => ({ ...row, lo: row.lo === null ? null : Math.max(0, row.lo), slot: order.get(row.strategy) ?? 0 }));
  const cut = rows.some((row) => row.lo !== null && row.lo < 0) ? ' (cut at 0)' : '';
  const x = { field: 'statistic', type: 'ordinal', sort: shown.map((s) => s.name), title: 'percentile', axis: { labelAngle: 0 } };
  // Strategies side by side in results order, placed by their index: offsetting by the label
  // makes vega-lite write each label into an expression, where vega reads `constructor` or
  // `toString` as one of its own names and fails (colourEncoding avoids the same with its domain).
  const xOffset = { field: 'slot', type: 'ordinal', title: 'strategy order', sort: 'ascending' };
  const panel = {
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.9 } },
        encoding: { x, xOffset, y: { field: 'mean', type: 'quantitative', title: 'latency (ms)', stack: null }, color: colourEncoding(ctx) },
      },
      {
        transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'rule', color: '#222222', strokeWidth: 1.5 },
        encoding: { x, xOffset, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
    ],
  };
  const title = { text: `Latency percentiles: ${ctx.scenario}`, subtitle: `${statNote(ctx, 'error bars')}${cut}${sweepNote(ctx)}` };
  return { name: 'percentiles', spec: panelled(ctx, title, values, panel, { width: 480, height: 300 }) };
}
