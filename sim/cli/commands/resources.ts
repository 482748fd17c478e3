import type { ResultsFile, RunSummary } from '../../metrics/types.js';
import { hostsOf } from '../../metrics/run-hosts.js';
import { sweepLabel } from '../../metrics/sweep-label.js';

/**
 * Notes under the run table about resources: which strategies have more instances than others
 * (each strategy runs on its own hosts, and the stragglers of a host act only on strategies that
 * have it), and what of the scenario named hosts a strategy does not have. One line per sweep
 * point where the strategies' instances differ, unless every point has the same split.
 */
export function resourceNotes(results: ResultsFile): string[] {
  const notes: string[] = [];
  const swept = Object.keys(results.scenario.sweep).length > 0;
  const splits = new Map<string, string[]>();
  for (const sweep of uniqueSweeps(results.runs)) {
    const byHosts = new Map<number, string[]>();
    for (const run of results.runs) {
      if (JSON.stringify(run.sweep) !== JSON.stringify(sweep)) continue;
      const hosts = hostsOf(run);
      if (hosts === null) continue;
      const labels = byHosts.get(hosts) ?? [];
      if (!labels.includes(run.strategy)) labels.push(run.strategy);
      byHosts.set(hosts, labels);
    }
    if (byHosts.size < 2) continue;
    const split = [...byHosts].sort(([a], [b]) => a - b).map(([hosts, labels]) => `${join(labels)} on ${hosts}`).join(', ');
    const points = splits.get(split) ?? [];
    points.push(sweepLabel(sweep));
    splits.set(split, points);
  }
  const pointCount = uniqueSweeps(results.runs).length;
  for (const [split, points] of splits) {
    const where = swept && points.length < pointCount ? ` at ${points.join('; ')}` : '';
    notes.push(`instances: not equal${where}: ${split} (each strategy on its own hosts, with their stragglers)`);
  }
  const seen = new Set<string>();
  for (const run of results.runs) {
    const missed = run.not_applied;
    if (!missed || missed.length === 0) continue;
    const line = `not applied to ${run.strategy} (${hostsOf(run)} instances): ${missed.join('; ')}`;
    if (seen.has(line)) continue;
    seen.add(line);
    notes.push(line);
  }
  return notes;
}

function uniqueSweeps(runs: readonly RunSummary[]): RunSummary['sweep'][] {
  const seen = new Map<string, RunSummary['sweep']>();
  for (const run of runs) seen.set(JSON.stringify(run.sweep), run.sweep);
  return [...seen.values()];
}

function join(labels: readonly string[]): string {
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}
