import { latencyKeys, type AccuracySummary, type AnsweredCounts, type ResultsFile } from '../metrics/types.js';
import { csvText, type Cell } from './csv-format.js';
import { hostsOf } from '../metrics/run-hosts.js';

const answeredKeys: readonly (keyof AnsweredCounts)[] = ['original', 'replica', 'reconstructed', 'backup', 'default', 'lost'];
const accuracyKeys: readonly (keyof AccuracySummary)[] = ['overall', 'original', 'reconstructed', 'backup', 'default', 'fraction_reconstructed'];

/**
 * The swept parameters, one column each: the scenario's order first, then any a run names that
 * the scenario does not (so no value is silently dropped).
 */
export function sweepColumns(results: ResultsFile): string[] {
  const keys = Object.keys(results.scenario.sweep);
  for (const run of results.runs) for (const key of Object.keys(run.sweep)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

/**
 * summary.csv: one row per run, flat columns for spreadsheets and pandas. Accuracy columns
 * appear only when some run has predictions, so latency-only results do not carry empty columns.
 */
export function summaryCsv(results: ResultsFile): string {
  const sweepKeys = sweepColumns(results);
  const withAccuracy = results.runs.some((run) => run.accuracy !== undefined);
  const header = [
    'strategy', 'kind', 'seed', ...sweepKeys, 'queries',
    ...latencyKeys.map((key) => `latency_ms_${key}`),
    'stalled',
    ...answeredKeys.map((key) => `answered_${key}`),
    'hosts', 'overhead_instances', 'overhead_busy',
    ...(withAccuracy ? accuracyKeys.map((key) => `accuracy_${key}`) : []),
    'sim_events', 'sim_simulated_ms',
  ];
  const rows: Cell[][] = results.runs.map((run) => [
    run.strategy, run.kind, run.seed, ...sweepKeys.map((key) => run.sweep[key]), run.queries,
    ...latencyKeys.map((key) => run.latency_ms[key]),
    run.stalled,
    ...answeredKeys.map((key) => run.answered[key]),
    hostsOf(run), run.overhead.instances, run.overhead.busy,
    ...(withAccuracy ? accuracyKeys.map((key) => run.accuracy?.[key]) : []),
    run.sim.events, run.sim.simulated_ms,
  ]);
  return csvText([header, ...rows]);
}
