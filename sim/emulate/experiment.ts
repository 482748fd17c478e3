/**
 * An emulation: a scenario run end to end on the emulated cluster, into the same results
 * content the simulator produces, plus what only a real run has (TCP counters, freezes, how late
 * timers and pads were).
 *
 *   checkTestbedLimits → Testbed.create (namespaces, tbf NICs) → canary
 *   per run point × strategy: conductRun (real frontend, instances, shuffles, failures) → Outcomes
 *   summariseOutcomes (the simulator's own summaries and scoring) + emulation details per run
 *   assembleResults (aggregates, claims) with source "emulated" and the testbed's description
 */
import { cpus, loadavg, release } from 'node:os';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { expandScenario } from '../scenario/expand.js';
import type { Scenario } from '../scenario/types.js';
import type { WorldConfig } from '../cluster/config.js';
import { planStrategy } from '../strategies/index.js';
import { modelsFor } from '../experiment/models.js';
import { modelsRoot } from '../predict/models-root.js';
import { checkHostIndices, checkShuffleLegs } from '../experiment/preflight.js';
import { summariseOutcomes, type PointResult } from '../experiment/run-point.js';
import { assembleResults } from '../experiment/experiment.js';
import type { ResultsContent } from '../report/write-results.js';
import { checkTestbedLimits } from './limits.js';
import { meanArrivalRate } from '../experiment/capacity.js';
import { conductRun, type ConductedRun } from './conductor.js';
import { SHUFFLE_COLUMNS, TIMELINE_COLUMNS, emulationDetails, shuffleRows, timelineRows } from './details.js';
import { csvText } from '../report/csv-format.js';
import { sweepLabel } from '../metrics/sweep-label.js';
import { Testbed, environmentProblem } from './testbed/testbed.js';
import { startCanary } from './testbed/canary.js';

/** Model set the instances run when the scenario names none (latency only: predictions are not scored). */
const DEFAULT_SET = 'fashion-mnist-mlp';
/** Default switch-port queue: 1 MB, a shallow-buffered datacenter switch's per-port share. */
export const DEFAULT_BUFFER = 1_000_000;
/** A run may take this long after its last arrival to drain before it is cut (ms). */
const DRAIN_MS = 30_000;

export interface EmulateOptions {
  modelsRoot?: string;
  /** Called after each (run point, strategy) with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** `network.tcp` tunes only the simulator's model: `validate` ignores it here, `emulate` refuses it (default). */
  tcpModel?: 'refuse' | 'ignore';
}

export async function runEmulation(scenario: Scenario, options: EmulateOptions = {}): Promise<ResultsContent> {
  const points = expandScenario(scenario);
  for (const p of points) checkTestbedLimits(p.scenario, { tcpModel: options.tcpModel });
  checkShuffleLegs(points);
  const problem = environmentProblem();
  if (problem) throw new InputError('environment', '', 'root and iproute2 (ip, tc) to build the emulated cluster', problem);
  checkHostIndices(points);
  const root = resolve(modelsRoot(options.modelsRoot));
  const samples = Math.max(...points.map((p) => p.scenario.world.samples));
  // Instances run real models even when the scenario scores none: the default set must have them.
  const models = await modelsFor(scenario, root, samples);
  if (!scenario.models) await modelsFor({ ...scenario, models: DEFAULT_SET }, root, samples);
  const network = scenario.world.network;
  // Each strategy runs on its own first hosts; the testbed has as many as the largest needs.
  const hosts = Math.max(...points.flatMap((p) => p.scenario.strategies.map((s) => planStrategy(s, p.scenario.world).hosts)));
  // The machine's own load tells how much of a difference may be other work on the same cores.
  const loadAtStart = loadavg()[0]!;
  // The links are shaped per point: a sweep may change the bandwidth, the switch buffer or the frame size.
  const shapeOf = (w: WorldConfig) => ({ bandwidth: w.network.bandwidth!, buffer: w.network.buffer ?? DEFAULT_BUFFER, mtu: w.network.mtu ?? 9000 });
  let bed = await Testbed.create({ instances: hosts, ...shapeOf(points[0]!.scenario.world) });
  const total = points.length * scenario.strategies.length;
  let done = 0;
  const results: PointResult[] = [];
  let canaryReport: Awaited<ReturnType<Awaited<ReturnType<typeof startCanary>>['stop']>> | undefined;
  const conducted: ConductedRun[] = [];
  try {
    const canary = await startCanary();
    try {
      for (const point of points) {
        const w = point.scenario.world;
        if (!bed.shapedAs(shapeOf(w))) {
          await bed.destroy();
          bed = await Testbed.create({ instances: hosts, ...shapeOf(w) });
        }
        const result: PointResult = { runs: [], cdf: [] };
        for (const strategy of point.scenario.strategies) {
          const wallLimitMs = (w.queries + w.warmup) / meanArrivalRate(w.arrivals) + DRAIN_MS;
          const run = await conductRun(bed, { world: w, strategy, seed: point.seed, hosts: planStrategy(strategy, w).hosts, wallLimitMs }, { root, set: scenario.models ?? DEFAULT_SET });
          const summary = await summariseOutcomes(point, strategy, run.result.outcomes, { models });
          result.runs.push(summary.run);
          result.cdf.push(...summary.cdf);
          conducted.push(run);
          options.onProgress?.(++done, total);
        }
        results.push(result);
      }
    } finally {
      canaryReport = await canary.stop();
    }
  } finally {
    await bed.destroy();
  }
  const content = assembleResults(scenario, results);
  const freezes = canaryReport.freezes;
  content.results.runs.forEach((run, i) => (run.emulation = emulationDetails(conducted[i]!, freezes)));
  const timeline = content.results.runs.flatMap((run, i) => timelineRows(conducted[i]!, run.strategy, run.seed, sweepLabel(run.sweep), freezes));
  const shuffles = content.results.runs.flatMap((run, i) => shuffleRows(conducted[i]!, run.strategy, run.seed, sweepLabel(run.sweep)));
  content.extra = { 'timeline.csv': csvText([TIMELINE_COLUMNS, ...timeline]), 'shuffles.csv': csvText([SHUFFLE_COLUMNS, ...shuffles]) };
  content.results.source = 'emulated';
  content.results.testbed = {
    ...bed.describe(),
    // The scenario's own buffer; a sweep point that changes it ran on links reshaped to its value.
    buffer_bytes: network.buffer ?? DEFAULT_BUFFER,
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, kernel: release(), load_average: [round2(loadAtStart), round2(loadavg()[0]!)] },
    canary: { freezes: freezes.length, freeze_ms: freezes.reduce((s, [a, b]) => s + (b - a), 0), lateness_p99_ms: canaryReport.p99LatenessMs, lateness_max_ms: canaryReport.maxLatenessMs },
  };
  return content;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
