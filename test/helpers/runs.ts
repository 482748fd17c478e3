/**
 * Run summaries built by hand, for tests of what is computed across seeds (aggregates, claims)
 * on cases a simulation would take long to hit: a p99.9 at the timeout in 3 seeds of 10, say.
 */
import type { ResultsSource } from '../../sim/experiment/experiment.js';
import type { PointResult } from '../../sim/experiment/run-point.js';
import { latencyKeys, type LatencySummary, type RunSummary, type SweepPoint } from '../../sim/metrics/types.js';

export interface RunValues { p999: number | null; p50?: number; stalled?: number; unstable?: boolean; sweep?: SweepPoint }

/** One run: p50 20 ms unless given, every other latency statistic derived from p99.9. */
export function runOf(strategy: string, seed: number, v: RunValues): RunSummary {
  const latency = Object.fromEntries(latencyKeys.map((k) => [k, v.p999])) as LatencySummary;
  latency.p50 = v.p50 ?? 20;
  latency.mean = v.p999 === null ? null : 21;
  return {
    strategy, kind: strategy === 'parm' ? 'parm' : 'none', seed, sweep: v.sweep ?? {}, queries: 1000,
    latency_ms: latency,
    stalled: v.stalled ?? 0,
    answered: { original: 1000, replica: 0, reconstructed: 0, backup: 0, default: 0, lost: v.p999 === null ? 2 : 0, unfinished: 0 },
    overhead: { instances: 1, busy: 1 },
    utilisation: {},
    unstable: v.unstable ?? false,
    backlog: [],
    sim: { events: 0, simulated_ms: 0 },
  };
}

/** Per strategy, its p99.9 at seeds 1, 2, … (in that order). */
export function runsOf(p999: Record<string, (number | null)[]>, extra: Partial<RunValues> = {}): RunSummary[] {
  return Object.entries(p999).flatMap(([strategy, values]) => values.map((v, i) => runOf(strategy, i + 1, { ...extra, p999: v })));
}

/** What assembleResults needs of a scenario, for these strategies and claims. */
export function sourceOf(labels: readonly string[], expect: string[], seeds = 3): ResultsSource {
  return {
    name: 'constructed', file: 'constructed.yaml', seed: 1, seeds, models: null, sweep: {}, expect,
    world: { queries: 1000, warmup: 0 }, strategies: labels.map((label) => ({ label })),
  };
}

/** Runs as the point results assembleResults takes (one point, every run in it). */
export function pointsOf(runs: RunSummary[]): PointResult[] {
  return [{ runs, cdf: [] }];
}
