import type { ResultsFile } from '../../metrics/types.js';
import { sweepLabel } from '../../metrics/sweep-label.js';
import { STALL_MS } from '../../metrics/stalls.js';
import { hostsOf } from '../../metrics/run-hosts.js';
import { fixed } from './fixed.js';

/**
 * The run table: one row per strategy × sweep point (means across seeds), as `parm-sim run`
 * prints it and report.html shows it. Built once here so the terminal and the page can never
 * disagree about what a column means.
 */
export interface RunTable {
  header: string[];
  /** One row per aggregate entry, in results order; `sweep` is the point's label ("" without a sweep). */
  rows: { sweep: string; cells: string[] }[];
  /** Lines that explain the columns (seeds and intervals, what "stalled" means). */
  footnotes: string[];
  /** Lines about particular rows: infinite percentiles, unstable runs. */
  notes: string[];
}

export function runTable(results: ResultsFile): RunTable {
  const hasAccuracy = results.runs.some((r) => r.accuracy);
  // "degraded": answered by anything but the deployed model (a reconstruction, a backup, the default).
  const swept = Object.keys(results.scenario.sweep).length > 0;
  // With several seeds, p99.9's interval beside its mean: a tail that is bimodal across seeds shows as a wide one.
  const seeded = results.aggregate.some((a) => a.seeds > 1);
  const header = ['strategy', ...(swept ? ['sweep'] : []), 'p50 ms', 'p99 ms', 'p99.9 ms', ...(seeded ? ['p99.9 95% CI'] : []), 'p99.9-p50', 'stalled', 'degraded', 'lost', 'unfinished', 'instances'];
  if (hasAccuracy) header.push('accuracy', 'acc. degraded');
  header.push('');
  const rows: RunTable['rows'] = [];
  const notes: string[] = [];
  for (const a of results.aggregate) {
    const runs = results.runs.filter((r) => r.strategy === a.strategy && JSON.stringify(r.sweep) === JSON.stringify(a.sweep));
    const avg = (f: (r: (typeof runs)[number]) => number | null | undefined) => {
      const xs = runs.map(f);
      return xs.some((x) => x === null || x === undefined) ? null : (xs as number[]).reduce((s, x) => s + x, 0) / xs.length;
    };
    const where = `${a.strategy}${swept ? ` at ${sweepLabel(a.sweep)}` : ''}`;
    const lost = avg((r) => r.answered.lost) ?? 0, unfinished = avg((r) => r.answered.unfinished ?? 0) ?? 0;
    // A percentile beyond the answered queries is infinite, not missing.
    const missing = lost + unfinished > 0;
    const latency = (x: number | null) => (x === null && missing ? 'inf' : fixed(x));
    const p50 = a.latency_ms.p50.mean, p999 = a.latency_ms.p999.mean;
    const unstable = runs.filter((r) => r.unstable).length;
    const [lo, hi] = a.latency_ms.p999.ci95;
    const stalled = a.stalled?.mean ?? null;
    const cells = [
      a.strategy, ...(swept ? [sweepLabel(a.sweep)] : []), latency(p50), latency(a.latency_ms.p99.mean), latency(p999),
      ...(seeded ? [lo === null || hi === null ? '-' : `${fixed(lo)}-${fixed(hi)}`] : []),
      p50 === null || p999 === null ? (missing && p50 !== null ? 'inf' : '-') : fixed(p999 - p50),
      stalled === null ? '-' : `${fixed(100 * stalled, 3)}%`,
      `${fixed(100 * (avg((r) => (r.answered.reconstructed + r.answered.backup + r.answered.default) / r.queries) ?? 0), 2)}%`,
      count(lost), count(unfinished),
      instances(avg(hostsOf), avg((r) => r.overhead.instances)),
    ];
    if (hasAccuracy) cells.push(fixed(avg((r) => r.accuracy?.overall), 4), fixed(avg((r) => r.accuracy?.reconstructed ?? r.accuracy?.backup), 4));
    cells.push(unstable > 0 ? 'UNSTABLE' : '');
    rows.push({ sweep: sweepLabel(a.sweep), cells });
    if (missing) {
      notes.push(`inf: ${where} never answered ${count(lost + unfinished)} of ${count(avg((r) => r.queries))} measured queries (${count(lost)} lost to failures, ${count(unfinished)} unfinished at the drain limit), so its percentiles from the first unanswered rank up are infinite`);
    }
    if (unstable > 0) {
      const run = runs.find((r) => r.unstable)!;
      const offered = Object.entries(run.utilisation ?? {}).map(([pool, u]) => `${pool} offered ${fixed(u.offered, 2)}, measured ${fixed(u.measured, 2)}`).join('; ');
      notes.push(`UNSTABLE: ${where}${runs.length > 1 ? ` (${unstable} of ${runs.length} seeds)` : ''}: the work waiting in the cluster grew from ${run.backlog[0]} to ${run.backlog[run.backlog.length - 1]} tasks across the measured arrivals (utilisation: ${offered}); its latencies measure the run's length, not the cluster`);
    }
  }
  // The last column flags unstable runs; without any, it is left out.
  if (rows.every((r) => r.cells[r.cells.length - 1] === '')) {
    header.pop();
    for (const r of rows) r.cells.pop();
  }
  const footnotes: string[] = [];
  if (seeded) footnotes.push(`(means over ${results.scenario.seeds} seeds; 95% CI: percentile bootstrap over seeds, within the seeds' range; each seed's values and every interval in summary.json)`);
  footnotes.push(`(stalled: measured queries slower than their run's median by more than ${STALL_MS} ms)`);
  return { header, rows, footnotes, notes };
}

/** The instances a strategy ran on, and that over the scenario's data instances: "18 (1.50x)". */
function instances(hosts: number | null, ratio: number | null): string {
  const times = `${fixed(ratio, 2)}x`;
  return hosts === null ? times : `${count(hosts)} (${times})`;
}

/** A count of queries: whole when it is one (a single seed), else the mean to one decimal. */
function count(x: number | null): string {
  if (x === null) return '-';
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
