import type { RunPoint } from '../scenario/types.js';
import type { Outcomes } from '../cluster/outcomes.js';
import type { StrategySpec } from '../strategies/spec.js';
import { simulate } from '../strategies/simulate.js';
import { notApplied } from '../faults/host-references.js';
import { measuredSorted } from '../metrics/percentiles.js';
import { summariseRun } from '../metrics/summarise.js';
import type { AccuracySummary, CdfPoint, RunSummary } from '../metrics/types.js';
import { cdfPoints } from '../metrics/cdf-points.js';
import { sweepLabel } from '../metrics/sweep-label.js';
import type { QueryTable } from '../report/write-results.js';
import type { ModelSet } from '../predict/model-set.js';
import { scoreAnswers } from '../predict/score.js';
import type { AnswerSheet, ScoredAnswers } from '../predict/answers.js';
import { answerSheet } from './answer-sheet.js';
import { offeredLoad } from './capacity.js';

export interface PointResult {
  runs: RunSummary[];
  cdf: CdfPoint[];
  queries?: QueryTable[];
}

/** One strategy's run before scoring: its summary (no accuracy yet), CDF points, per-query table, and what scoring needs. */
export interface DescribedRun {
  run: RunSummary;
  cdf: CdfPoint[];
  queries?: QueryTable;
  /** The answers to score, when the run has a model set. */
  sheet?: AnswerSheet;
}

/**
 * Runs every strategy of one run point (one sweep point, one seed), each on its own hosts with the
 * same random streams, then, when a model set is given, scores each run's answers with the real
 * models. `onRun` is called after each strategy (for progress).
 */
export async function runPoint(point: RunPoint, options: { models?: ModelSet; keepQueries?: boolean; onRun?: () => void } = {}): Promise<PointResult> {
  const result: PointResult = { runs: [], cdf: [] };
  if (options.keepQueries) result.queries = [];
  const models = options.models;
  // One strategy at a time: only one run's outcomes are held at once (its answer sheet, a few
  // bytes a query, outlives them). Its scoring is asked for and left to finish beside the next
  // run's simulation: the models' work happens in the inference thread.
  const scoring: Promise<void>[] = [];
  for (const strategy of point.scenario.strategies) {
    const described = describeOutcomes(point, strategy, simulate(point.scenario.world, strategy, point.seed), { scored: models !== undefined, keepQueries: options.keepQueries });
    collect(result, described);
    const scored = (models ? scoreRun(described, models) : Promise.resolve()).then(() => options.onRun?.());
    // Met when awaited below; until then a failure must not count as unhandled.
    scored.catch(() => {});
    scoring.push(scored);
  }
  for (const scored of scoring) await scored;
  return result;
}

/**
 * The simulation half of runPoint for one strategy, for a worker thread that leaves scoring to
 * the thread holding the models: the run simulated and described, with its answer sheet when `scored`.
 */
export function simulateRun(point: RunPoint, strategy: StrategySpec, options: { scored: boolean; keepQueries?: boolean }): DescribedRun {
  return describeOutcomes(point, strategy, simulate(point.scenario.world, strategy, point.seed), options);
}

/** Adds a described run to its point's result, in strategy order. */
export function collect(result: PointResult, d: DescribedRun): void {
  result.runs.push(d.run);
  result.cdf.push(...d.cdf);
  if (d.queries) result.queries!.push(d.queries);
}

/**
 * One strategy's outcomes at one run point, simulated or emulated, as a run summary (scored with
 * the real models when given), its CDF points and, with `keepQueries`, its per-query table.
 */
export async function summariseOutcomes(point: RunPoint, strategy: StrategySpec, outcomes: Outcomes, options: { models?: ModelSet; keepQueries?: boolean } = {}): Promise<DescribedRun> {
  const described = describeOutcomes(point, strategy, outcomes, { scored: options.models !== undefined, keepQueries: options.keepQueries });
  if (options.models) await scoreRun(described, options.models);
  return described;
}

/** Everything about one strategy's outcomes but their accuracy; with `scored`, the answer sheet that gives it. */
function describeOutcomes(point: RunPoint, strategy: StrategySpec, outcomes: Outcomes, options: { scored: boolean; keepQueries?: boolean }): DescribedRun {
  const { scenario, seed } = point;
  const label = sweepLabel(point.point);
  const sorted = measuredSorted(outcomes.latency, outcomes.warmup);
  const id = { strategy: strategy.label, kind: strategy.kind, seed, sweep: point.point };
  const offered = Object.fromEntries(offeredLoad(scenario.world, strategy).map((p) => [p.pool, p.offered]));
  const hosts = outcomes.hosts.reduce((s, x) => s + x, 0);
  const run = summariseRun(id, outcomes, scenario.world.cluster.instances, sorted, undefined, offered, notApplied(scenario.world, hosts));
  const described: DescribedRun = { run, cdf: cdfPoints(sorted, strategy.label, seed, label) };
  if (options.scored) described.sheet = answerSheet(outcomes, strategy);
  if (options.keepQueries) described.queries = { strategy: strategy.label, seed, sweep: label, outcomes };
  return described;
}

/**
 * Scores a described run's answers with the real models: its summary gets its accuracy (the last
 * field, as summariseRun would have placed it) and its per-query table the predicted and true
 * classes. The sheet is dropped once scored.
 */
export async function scoreRun(d: DescribedRun, models: ModelSet): Promise<void> {
  if (!d.sheet) throw new RangeError(`run ${d.run.strategy} (seed ${d.run.seed}) has no answer sheet to score`);
  const scored = await scoreAnswers(models, d.sheet);
  delete d.sheet;
  d.run.accuracy = accuracyOf(scored);
  if (d.queries) {
    // Scores cover measured queries only; warm-up rows are never written.
    const { count, warmup } = d.queries.outcomes;
    d.queries.predicted = new Int16Array(count).fill(-1);
    d.queries.predicted.set(scored.predicted, warmup);
    d.queries.label = new Uint8Array(count);
    d.queries.label.set(scored.label, warmup);
  }
}
function accuracyOf(scored: ScoredAnswers): AccuracySummary {
  return {
    overall: scored.overall,
    original: scored.bySource.deployed,
    reconstructed: scored.bySource.reconstructed,
    backup: scored.bySource.backup,
    default: scored.bySource.default,
    fraction_reconstructed: scored.fractionReconstructed,
  };
}
