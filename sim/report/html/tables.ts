import type { Estimate, ResultsFile } from '../../metrics/types.js';
import { sweepLabel } from '../../metrics/sweep-label.js';
import { fixed } from '../table/fixed.js';
import { runTable } from '../table/run-table.js';
import { escapeHtml, htmlTable } from './markup.js';

/** The run table, as `parm-sim run` prints it (run-table.ts), with its footnotes and notes. */
export function runTableHtml(results: ResultsFile): string {
  const table = runTable(results);
  const swept = Object.keys(results.scenario.sweep).length > 0;
  // Text columns: strategy, and the sweep point when there is one.
  const numericFrom = swept ? 2 : 1;
  const lines = [...table.footnotes, ...table.notes].map((line) => `<p class="note">${escapeHtml(line)}</p>`).join('\n');
  return `${htmlTable(table.header, table.rows.map((r) => r.cells), (i) => sweepAttribute(swept, table.rows[i]!.sweep), numericFrom)}\n${lines}`;
}

/**
 * Each seed's values (the aggregate's `values`, in seed order): what the means and intervals of
 * the run table were computed from, so a tail that one seed alone drives shows as such.
 */
export function perSeedHtml(results: ResultsFile): string {
  const swept = Object.keys(results.scenario.sweep).length > 0;
  const hasAccuracy = results.aggregate.some((a) => a.accuracy);
  const header = ['strategy', ...(swept ? ['sweep'] : []), 'seed', 'p50 ms', 'p99 ms', 'p99.9 ms', 'p99.99 ms', 'max ms', 'stalled', ...(hasAccuracy ? ['accuracy'] : [])];
  const rows: string[][] = [];
  const sweeps: string[] = [];
  const value = (e: Estimate | undefined, i: number) => e?.values[i] ?? null;
  for (const a of results.aggregate) {
    a.seed_list.forEach((seed, i) => {
      const stalled = value(a.stalled, i);
      rows.push([
        a.strategy, ...(swept ? [sweepLabel(a.sweep)] : []), String(seed),
        ...(['p50', 'p99', 'p999', 'p9999', 'max'] as const).map((key) => fixed(value(a.latency_ms[key], i))),
        stalled === null ? '-' : `${fixed(100 * stalled, 3)}%`,
        ...(hasAccuracy ? [fixed(value(a.accuracy?.overall, i), 4)] : []),
      ]);
      sweeps.push(sweepLabel(a.sweep));
    });
  }
  return htmlTable(header, rows, (i) => sweepAttribute(swept, sweeps[i]!), swept ? 3 : 2);
}

/** Rows of a swept run carry their point, so the page's point picker can show one point's rows. */
function sweepAttribute(swept: boolean, sweep: string): string {
  return swept ? ` data-sweep="${escapeHtml(sweep)}"` : '';
}
