import { join } from 'node:path';
import { loadScenario } from '../../scenario/load.js';
import type { ResultsFile } from '../../metrics/types.js';
import type { ResultsContent } from '../../report/write-results.js';
import { sweepLabel } from '../../metrics/sweep-label.js';
import { STALL_MS } from '../../metrics/stalls.js';
import { claimEvidence } from '../../experiment/claims.js';
import { progressBar } from './progress.js';
import { checkOutputFolder } from '../../report/staged-folder.js';
import type { PlotFailure } from '../../report/render-plots.js';
import { modelsRoot, readMemory, readRunOptions } from './options.js';
import type { ExperimentArgs } from './experiment-options.js';
import { fixed, textTable } from './table.js';
import { resourceNotes } from './resources.js';
import { hostsOf } from '../../report/run-hosts.js';

/*
 * What `run` and `sweep` do, and what they and `emulate` and `merge` print: loaded by their
 * handlers, not with the commands' declarations (experiment-options.ts), so `--help` reads none of it.
 */

/** Loads, runs, writes the results folder and prints what a user wants to see first. */
export async function runExperimentCommand(args: ExperimentArgs, sweepFromSet: boolean): Promise<void> {
  if (args.shard !== undefined) {
    const { runShardCommand } = await import('./shard-run.js');
    return runShardCommand({ ...args, shard: args.shard }, sweepFromSet);
  }
  const { set, seed, seeds, queries, workers } = readRunOptions(args);
  const modelsDir = modelsRoot(args.models);
  const scenario = loadScenario(args.scenario, { set, seed, seeds, queries, sweepFromSet });
  const out = args.out ?? join('results', scenario.name);
  // Everything that can fail without simulating fails first: the output folder too.
  await checkOutputFolder(out);
  // The simulator (and, through the scenario's models, onnxruntime) is loaded once the input is known to be good.
  const { runExperiment } = await import('../../experiment/experiment.js');
  const progress = progressBar(scenario.name, !args.json);
  const started = performance.now();
  const content = await runExperiment(scenario, { workers, queries: args['queries-csv'], modelsRoot: modelsDir, memoryLimit: readMemory(args.memory), onWarning: (line) => process.stderr.write(`parm-sim: ${line}\n`), onProgress: progress.update });
  progress.end();
  await reportResults(content, out, args.json ?? false, started);
}

/** Writes the results folder, then prints summary.json (--json) or the run table and the claims. */
export async function reportResults(content: ResultsContent, out: string, json: boolean, started: number, more = ''): Promise<void> {
  const { writeResults } = await import('../../report/write-results.js');
  const failedPlots: PlotFailure[] = [];
  const written = await writeResults(out, content, failedPlots);
  for (const f of failedPlots) process.stderr.write(`parm-sim: plot ${f.plot} could not be drawn (${f.reason}); the results and the other plots were written\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(content.results, null, 2)}\n`);
    return;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(describeResults(content.results) + more);
  process.stdout.write(`\n${content.results.runs.length} runs in ${seconds.toFixed(1)} s; wrote ${written.length} files to ${out}/ (open ${join(out, 'latency-cdf.png')})\n`);
  const broken = content.results.expect.filter((c) => !c.holds);
  if (broken.length > 0) process.stdout.write(`${broken.length} of ${content.results.expect.length} expect claims do not hold (see above)\n`);
}

/** The per-strategy table (means across seeds) and the claims. */
export function describeResults(results: ResultsFile): string {
  const hasAccuracy = results.runs.some((r) => r.accuracy);
  // "degraded": answered by anything but the deployed model (a reconstruction, a backup, the default).
  const swept = Object.keys(results.scenario.sweep).length > 0;
  // With several seeds, p99.9's interval beside its mean: a tail that is bimodal across seeds shows as a wide one.
  const seeded = results.aggregate.some((a) => a.seeds > 1);
  const header = ['strategy', ...(swept ? ['sweep'] : []), 'p50 ms', 'p99 ms', 'p99.9 ms', ...(seeded ? ['p99.9 95% CI'] : []), 'p99.9-p50', 'stalled', 'degraded', 'lost', 'unfinished', 'instances'];
  if (hasAccuracy) header.push('accuracy', 'acc. degraded');
  header.push('');
  const rows = [header];
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
    const row = [
      a.strategy, ...(swept ? [sweepLabel(a.sweep)] : []), latency(p50), latency(a.latency_ms.p99.mean), latency(p999),
      ...(seeded ? [lo === null || hi === null ? '-' : `${fixed(lo)}-${fixed(hi)}`] : []),
      p50 === null || p999 === null ? (missing && p50 !== null ? 'inf' : '-') : fixed(p999 - p50),
      stalled === null ? '-' : `${fixed(100 * stalled, 3)}%`,
      `${fixed(100 * (avg((r) => (r.answered.reconstructed + r.answered.backup + r.answered.default) / r.queries) ?? 0), 2)}%`,
      count(lost), count(unfinished),
      instances(avg(hostsOf), avg((r) => r.overhead.instances)),
    ];
    if (hasAccuracy) row.push(fixed(avg((r) => r.accuracy?.overall), 4), fixed(avg((r) => r.accuracy?.reconstructed ?? r.accuracy?.backup), 4));
    row.push(unstable > 0 ? 'UNSTABLE' : '');
    rows.push(row);
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
  if (rows.every((r) => r[r.length - 1] === '')) for (const r of rows) r.pop();
  let text = textTable(rows);
  if (seeded) text += `(means over ${results.scenario.seeds} seeds; 95% CI: percentile bootstrap over seeds, within the seeds' range; each seed's values and every interval in summary.json)\n`;
  text += `(stalled: measured queries slower than their run's median by more than ${STALL_MS} ms)\n`;
  notes.push(...resourceNotes(results));
  for (const note of notes) text += `${note}\n`;
  if (results.expect.length > 0) {
    text += '\nexpect:\n';
    for (const c of results.expect) {
      text += `  ${c.holds ? 'holds ' : 'FAILS '} ${c.claim}${sweepLabel(c.sweep) ? ` at ${sweepLabel(c.sweep)}` : ''} (${claimEvidence(c, 'inf')})\n`;
    }
  }
  return text;
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
