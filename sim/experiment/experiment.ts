/**
 * An experiment: a scenario run end to end, from the validated Scenario to the content of a
 * results folder.
 *
 *   expandScenario → RunPoint[] (sweep points × seeds)
 *   runPoint       → per strategy: simulate → Outcomes → (scoreAnswers with real models) → RunSummary, CDF points
 *   aggregateRuns  → per strategy × sweep point: per-seed values, mean and 95% bootstrap CI across seeds
 *   evaluateClaims → the scenario's `expect` entries, true or false
 */
import { availableParallelism } from 'node:os';
import type { Scenario } from '../scenario/types.js';
import type { WorldConfig } from '../cluster/config.js';
import { expandScenario } from '../scenario/expand.js';
import { aggregateRuns } from '../metrics/summarise.js';
import { statisticsNote } from '../metrics/confidence.js';
import { RESULTS_VERSION, type ResultsFile } from '../metrics/types.js';
import type { ResultsContent } from '../report/write-results.js';
import { evaluateClaims } from './claims.js';
import { parseClaims } from '../scenario/claims.js';
import { modelsFor } from './models.js';
import { modelsRoot } from '../predict/models-root.js';
import { checkHostIndices, checkLimits } from './preflight.js';
import { overloadWarnings } from './capacity.js';
import { runPoint, type PointResult } from './run-point.js';
import { runPointsInParallel } from './parallel.js';

export const GENERATOR = 'parm-sim 0.1.0';

export interface ExperimentOptions {
  /** Worker threads; 1 runs in this thread. Default: 1. */
  workers?: number;
  /** Keep per-query outcomes for queries.csv. */
  queries?: boolean;
  /** Where model sets live. */
  modelsRoot?: string;
  /** Called with a line per overloaded strategy (offered load ≥ 1), once every input has been checked and before the first run. */
  onWarning?: (line: string) => void;
  /** Bytes the runs may use at once (default: 80% of this machine's memory). */
  memoryLimit?: number;
  /** Called after each (run point, strategy) with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
}

export async function runExperiment(scenario: Scenario, options: ExperimentOptions = {}): Promise<ResultsContent> {
  return assembleResults(scenario, await runPoints(scenario, options), options.queries);
}

/**
 * Runs the scenario's run points (expandScenario's order) and returns their results in that
 * order; with `only`, just the points at those indices (a shard), in the order given.
 */
export async function runPoints(scenario: Scenario, options: ExperimentOptions & { only?: readonly number[] } = {}): Promise<PointResult[]> {
  const root = modelsRoot(options.modelsRoot);
  parseClaims(scenario);
  // Load and check the models first: a missing parity model must fail before minutes of simulation.
  const all = expandScenario(scenario);
  const points = options.only ? options.only.map((i) => all[i]!) : all;
  // A worker runs one strategy at one point at a time: there is no use for more workers than runs.
  const workers = Math.max(1, Math.min(options.workers ?? 1, availableParallelism(), points.length * scenario.strategies.length));
  checkLimits(points, { workers, keepQueries: options.queries ?? false, memoryLimit: options.memoryLimit });
  checkHostIndices(all);
  const models = await modelsFor(scenario, root, Math.max(...all.map((p) => p.scenario.world.samples)), { beside: true });
  if (options.onWarning) for (const line of overloadWarnings(points)) options.onWarning(line);
  const total = points.length * scenario.strategies.length;
  let done = 0;
  const onRun = () => options.onProgress?.(++done, total);
  let results: PointResult[];
  if (workers === 1) {
    results = [];
    // A point's runs are simulated when runPoint is called, and its scoring finishes beside the
    // next point's simulation: one point is ahead at most, so two points' answer sheets at most are held.
    let previous: Promise<PointResult> | null = null;
    for (const point of points) {
      const current = runPoint(point, { models, keepQueries: options.queries, onRun });
      current.catch(() => {});
      if (previous) results.push(await previous);
      previous = current;
    }
    if (previous) results.push(await previous);
  } else {
    results = await runPointsInParallel(points, workers, { models, keepQueries: options.queries ?? false, onRun });
  }
  return results;
}

/**
 * What assembling results needs of a scenario: a Scenario has it all, and a shard file carries
 * exactly this, so `merge` assembles the same summary without the scenario's files.
 */
export type ResultsSource = Pick<Scenario, 'name' | 'file' | 'seed' | 'seeds' | 'models' | 'sweep' | 'expect'> & {
  world: Pick<WorldConfig, 'queries' | 'warmup'>;
  strategies: readonly { label: string }[];
};

/** The results content of a scenario's run points (simulated or emulated): runs, aggregates across seeds, claims. */
export function assembleResults(scenario: ResultsSource, results: readonly PointResult[], queries = false): ResultsContent {
  const runs = results.flatMap((r) => r.runs);
  const file: ResultsFile = {
    version: RESULTS_VERSION,
    generator: GENERATOR,
    scenario: {
      name: scenario.name,
      file: scenario.file,
      seed: scenario.seed,
      seeds: scenario.seeds,
      queries: scenario.world.queries,
      warmup: scenario.world.warmup,
      models: scenario.models,
      sweep: scenario.sweep,
    },
    statistics: statisticsNote(),
    runs,
    aggregate: aggregateRuns(runs),
    expect: [],
  };
  file.expect = evaluateClaims(scenario, file);
  const content: ResultsContent = { results: file, cdf: results.flatMap((r) => r.cdf) };
  if (queries) content.queries = results.flatMap((r) => r.queries ?? []);
  return content;
}
