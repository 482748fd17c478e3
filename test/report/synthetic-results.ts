/**
 * A small but realistic results set for report tests: three strategies, two seeds, a two-point
 * sweep, latencies drawn from a seeded generator (no Math.random: the tests check byte-identity).
 * Options scale it (points, seeds, fewer queries per run) and rename strategies, for the
 * sweep-scale and odd-label tests.
 */
import { Answer } from '../../sim/cluster/outcomes.js';
import { percentileKeys, percentileLevels, RESULTS_VERSION, type CdfPoint, type LatencySummary, type ResultsFile, type RunSummary } from '../../sim/metrics/types.js';
import { aggregateRuns } from '../../sim/metrics/summarise.js';
import { statisticsNote } from '../../sim/metrics/confidence.js';
import { stalledShare } from '../../sim/metrics/stalls.js';
import { cdfPoints } from '../../sim/metrics/cdf-points.js';
import { sweepLabel } from '../../sim/metrics/sweep-label.js';
import type { QueryColumns, QueryTable } from '../../sim/report/write-results.js';

const defaultStrategies = [
  { strategy: 'parm-k2', kind: 'parm', tail: 1.5 },
  { strategy: 'equal-resources', kind: 'equal-resources', tail: 4 },
  { strategy: 'none', kind: 'none', tail: 6 },
] as const;
const warmup = 100;

export interface SyntheticOptions {
  withAccuracy?: boolean;
  /** Sweep points (default 2: 150/s and 270/s); more are 100/s, 101/s, … */
  points?: number;
  /** Seeds 1…n (default 2). */
  seeds?: number;
  /** Queries per run, warm-up included (default 2000). */
  queries?: number;
  /** Strategy labels in place of the defaults' (same kinds, in order). */
  labels?: readonly string[];
  /** Per-query tables for queries.csv (default true; large sets leave them out). */
  withQueries?: boolean;
}

/** Deterministic uniform(0,1) stream (mulberry32). */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function latencies(seed: number, load: number, tail: number, count: number): Float64Array {
  const u = uniforms(seed * 7919 + Math.round(load * 100) + Math.round(tail * 13));
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const base = 8 + -Math.log(1 - u()) * 4 * load;
    out[i] = u() < 0.02 ? base + tail * 30 * load * u() : base;
  }
  return out;
}

function latencySummary(sorted: Float64Array): LatencySummary {
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  const summary = { mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, max: sorted[sorted.length - 1]! } as LatencySummary;
  for (const key of percentileKeys) summary[key] = at(percentileLevels[key]);
  return summary;
}

export interface Synthetic { results: ResultsFile; cdf: CdfPoint[]; queries: QueryTable[] }

export function syntheticResults(options: SyntheticOptions = {}): Synthetic {
  const points = options.points ?? 2;
  const rates = points === 2 ? ['150/s', '270/s'] : Array.from({ length: points }, (_, i) => `${100 + i}/s`);
  const seeds = Array.from({ length: options.seeds ?? 2 }, (_, i) => i + 1);
  const queries = options.queries ?? 2000;
  const strategies = defaultStrategies.map((s, i) => ({ ...s, strategy: options.labels?.[i] ?? s.strategy }));
  const runs: RunSummary[] = [];
  const cdf: CdfPoint[] = [];
  const tables: QueryTable[] = [];
  for (const [pointIndex, rate] of rates.entries()) {
    const sweep = { 'arrivals.rate': rate };
    for (const seed of seeds) {
      for (const s of strategies) {
        const all = latencies(seed, 1 + pointIndex / Math.max(1, points - 1), s.tail, queries);
        const measured = all.slice(warmup).sort();
        cdf.push(...cdfPoints(measured, s.strategy, seed, sweepLabel(sweep)));
        runs.push({
          strategy: s.strategy, kind: s.kind, seed, sweep, queries: measured.length,
          latency_ms: latencySummary(measured),
          stalled: stalledShare(measured),
          answered: { original: measured.length - 10, replica: 0, reconstructed: s.kind === 'parm' ? 10 : 0, backup: 0, default: 0, lost: s.kind === 'parm' ? 0 : 10, unfinished: 0 },
          overhead: { instances: s.kind === 'none' ? 1 : 1.25, busy: 1.1 },
          utilisation: { data: { instances: 4, offered: 0.5, measured: 0.5 } },
          unstable: false,
          backlog: [],
          ...(options.withAccuracy ? { accuracy: { overall: 0.9, original: 0.92, reconstructed: s.kind === 'parm' ? 0.8 : null, backup: null, default: null, fraction_reconstructed: 0.005 } } : {}),
          sim: { events: queries * 5, simulated_ms: queries * 4 },
        });
        if (options.withQueries !== false) tables.push({ strategy: s.strategy, seed, sweep: sweepLabel(sweep), outcomes: outcomes(all), predicted: new Int16Array(all.length).fill(3), label: new Uint8Array(all.length).fill(3) });
      }
    }
  }
  const results: ResultsFile = {
    version: RESULTS_VERSION,
    generator: 'parm-sim test',
    scenario: { name: 'synthetic', file: null, seed: 1, seeds: seeds.length, queries, warmup, models: null, sweep: { 'arrivals.rate': rates } },
    statistics: statisticsNote(),
    runs, aggregate: aggregateRuns(runs), expect: [],
  };
  return { results, cdf, queries: tables };
}

function outcomes(latency: Float64Array): QueryColumns {
  const count = latency.length;
  const answer = new Uint8Array(count).fill(Answer.original);
  const lat = Float64Array.from(latency);
  // The last query was lost: queries.csv must show it with an empty latency.
  answer[count - 1] = Answer.lost;
  lat[count - 1] = Infinity;
  const index = Int32Array.from({ length: count }, (_, i) => i);
  return {
    count, warmup, arrival: Float64Array.from(index, (i) => i * 4), latency: lat, answer,
    host: new Int16Array(count), sample: index, batch: index, batchGroup: new Int32Array(count).fill(-1),
  };
}
