/**
 * `parm-sim validate`: the simulator against the emulated cluster on the same scenario. Both
 * worlds run every strategy on its own hosts with the same seeds, so the only difference left is
 * the model of the cluster. Reported per strategy (and sweep point): p50, p90, p99, p99.9 and
 * the stalled share, simulated vs emulated, the relative error, and the emulation's own spread
 * across seeds (how much of an error is noise); with shuffles, the stalled share again by where
 * the answering host stood with them (sim/metrics/stall-situations.ts), seeds pooled.
 */
import { expandScenario } from '../scenario/expand.js';
import type { Scenario } from '../scenario/types.js';
import { simulate } from '../strategies/simulate.js';
import { measuredSorted, quantileSorted } from '../metrics/percentiles.js';
import { stalledShare } from '../metrics/stalls.js';
import { HOST_SITUATIONS, stallsBySituation, type HostSituation, type SituationStalls } from '../metrics/stall-situations.js';
import { cdfPoints } from '../metrics/cdf-points.js';
import { sweepLabel } from '../metrics/sweep-label.js';
import type { CdfPoint } from '../metrics/types.js';
import type { ResultsContent } from '../report/write-results.js';
import { runEmulation, type EmulateOptions } from './experiment.js';

export const validatedMetrics = ['p50', 'p90', 'p99', 'p999', 'stalled'] as const;
export type ValidatedMetric = (typeof validatedMetrics)[number];
const levels: Record<Exclude<ValidatedMetric, 'stalled'>, number> = { p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999 };

export interface ValidationRow {
  strategy: string;
  sweep: string;
  metric: ValidatedMetric;
  /** Means over seeds (ms; a share for `stalled`). */
  simulated: number | null;
  emulated: number | null;
  /** (simulated − emulated) / emulated; null when emulated is 0 or either is missing. */
  relative_error: number | null;
  /** The emulation's smallest and largest value across seeds (null with one seed). */
  emulated_range: [number, number] | null;
}

/** Measured queries answered by a host in one situation, and how many stalled, seeds pooled. */
export interface SituationRow {
  strategy: string;
  sweep: string;
  situation: HostSituation;
  simulated: { queries: number; stalled: number };
  emulated: { queries: number; stalled: number };
}

export interface ValidationFile {
  scenario: string;
  seeds: number[];
  rows: ValidationRow[];
  /** With shuffles: the stalled share by where the answering host stood with them; empty without. */
  situations: SituationRow[];
}

export interface Validation {
  emulated: ResultsContent;
  validation: ValidationFile;
  /** Both worlds' CDF points, strategy labelled, for the overlay plot. */
  overlay: (CdfPoint & { world: 'simulated' | 'emulated' })[];
}

type PerSeed = Map<string, Record<ValidatedMetric, number>[]>;

export async function validate(scenario: Scenario, options: EmulateOptions = {}): Promise<Validation> {
  const emulated = await runEmulation(scenario, { ...options, tcpModel: 'ignore' });
  const simulatedValues: PerSeed = new Map();
  const overlay: Validation['overlay'] = [];
  const situations = new Map<string, SituationRow>();
  const addSituations = (strategy: string, sweep: string, world: 'simulated' | 'emulated', counts: SituationStalls[] | null | undefined) => {
    for (const [i, c] of (counts ?? []).entries()) {
      const key = JSON.stringify([strategy, sweep, i]);
      const row = situations.get(key) ?? { strategy, sweep, situation: HOST_SITUATIONS[i]!, simulated: { queries: 0, stalled: 0 }, emulated: { queries: 0, stalled: 0 } };
      row[world].queries += c.queries;
      row[world].stalled += c.stalled;
      situations.set(key, row);
    }
  };
  for (const point of expandScenario(scenario)) {
    const label = sweepLabel(point.point);
    for (const strategy of point.scenario.strategies) {
      // Its own hosts, as on the emulated cluster: no other strategy sets the cluster's size.
      const outcomes = simulate(point.scenario.world, strategy, point.seed, { recordTimeline: true });
      addSituations(strategy.label, label, 'simulated', stallsBySituation(outcomes));
      const sorted = measuredSorted(outcomes.latency, outcomes.warmup);
      push(simulatedValues, strategy.label, label, metricsOf(sorted, stalledShare(sorted)));
      overlay.push(...cdfPoints(sorted, strategy.label, point.seed, label).map((p) => ({ ...p, world: 'simulated' as const })));
    }
  }
  const emulatedValues: PerSeed = new Map();
  for (const run of emulated.results.runs) {
    const l = run.latency_ms;
    push(emulatedValues, run.strategy, sweepLabel(run.sweep), { p50: l.p50 ?? Infinity, p90: l.p90 ?? Infinity, p99: l.p99 ?? Infinity, p999: l.p999 ?? Infinity, stalled: run.emulation?.stalled ?? NaN });
    addSituations(run.strategy, sweepLabel(run.sweep), 'emulated', run.emulation?.stalls_by_host);
  }
  overlay.push(...emulated.cdf.map((p) => ({ ...p, world: 'emulated' as const })));
  const rows: ValidationRow[] = [];
  for (const [key, sim] of simulatedValues) {
    const emu = emulatedValues.get(key) ?? [];
    const [strategy, sweep] = JSON.parse(key) as [string, string];
    for (const metric of validatedMetrics) {
      const s = mean(sim.map((v) => v[metric]));
      const e = mean(emu.map((v) => v[metric]));
      const values = emu.map((v) => v[metric]).filter(Number.isFinite);
      rows.push({
        strategy, sweep, metric, simulated: s, emulated: e,
        relative_error: s !== null && e !== null && e !== 0 ? (s - e) / e : null,
        emulated_range: values.length > 1 ? [Math.min(...values), Math.max(...values)] : null,
      });
    }
  }
  const seeds = [...new Set(emulated.results.runs.map((r) => r.seed))];
  return { emulated, validation: { scenario: scenario.name, seeds, rows, situations: [...situations.values()] }, overlay };
}

function metricsOf(sorted: Float64Array, stalled: number): Record<ValidatedMetric, number> {
  return { p50: quantileSorted(sorted, levels.p50), p90: quantileSorted(sorted, levels.p90), p99: quantileSorted(sorted, levels.p99), p999: quantileSorted(sorted, levels.p999), stalled };
}

function push(into: PerSeed, strategy: string, sweep: string, values: Record<ValidatedMetric, number>): void {
  const key = JSON.stringify([strategy, sweep]);
  const list = into.get(key);
  if (list) list.push(values);
  else into.set(key, [values]);
}

function mean(xs: number[]): number | null {
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x))) return null;
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
