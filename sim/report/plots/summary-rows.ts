import type { LatencyKey, SweepPoint } from '../../metrics/types.js';
import { sweepLabel } from '../../metrics/sweep-label.js';
import type { PlotContext } from './plot-context.js';

/** One statistic of one strategy at one sweep point: mean across seeds and its 95% CI when there are several seeds. */
export interface StatRow {
  strategy: string;
  sweep: string;
  point: SweepPoint;
  statistic: string;
  mean: number;
  lo: number | null;
  hi: number | null;
  seeds: number;
}

/**
 * Rows for the summary plots, from the aggregate (mean and CI across seeds). A results file
 * without an aggregate falls back to the runs of the first seed, with no interval.
 */
export function statRows(ctx: PlotContext, stats: readonly { key: LatencyKey; name: string }[]): StatRow[] {
  const rows: StatRow[] = [];
  const { aggregate, runs } = ctx.results;
  if (aggregate.length > 0) {
    for (const a of aggregate) {
      for (const { key, name } of stats) {
        const e = a.latency_ms[key];
        if (e === undefined || e.mean === null) continue;
        const [lo, hi] = a.seeds > 1 ? e.ci95 : [null, null];
        rows.push({ strategy: a.strategy, sweep: sweepLabel(a.sweep), point: a.sweep, statistic: name, mean: e.mean, lo, hi, seeds: a.seeds });
      }
    }
    return rows;
  }
  const seed = ctx.seeds[0];
  for (const run of runs) {
    if (run.seed !== seed) continue;
    for (const { key, name } of stats) {
      const value = run.latency_ms[key];
      if (value !== null) rows.push({ strategy: run.strategy, sweep: sweepLabel(run.sweep), point: run.sweep, statistic: name, mean: value, lo: null, hi: null, seeds: 1 });
    }
  }
  return rows;
}

/** What the summary plots show, for their subtitles; `interval` names how the plot draws intervals. */
export function statNote(ctx: PlotContext, interval: string): string {
  const { aggregate } = ctx.results;
  if (aggregate.length === 0) return `seed ${ctx.seeds[0] ?? ctx.results.scenario.seed}`;
  const seeds = aggregate.reduce((most, a) => Math.max(most, a.seeds), 0);
  return seeds > 1 ? `mean of ${seeds} seeds; ${interval}: 95% bootstrap interval across seeds` : 'one seed';
}
