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
import type { ScoredAnswers } from '../predict/answers.js';
import { answerSheet } from './answer-sheet.js';
import { offeredLoad } from './capacity.js';

export interface PointResult {
  runs: RunSummary[];
  cdf: CdfPoint[];
  queries?: QueryTable[];
}

/**
 * Runs every strategy of one run point (one sweep point, one seed), each on its own hosts with the
 * same random streams, then, when a model set is given, scores each run's answers with the real
 * models. `onRun` is called after each strategy (for progress).
 */
export async function runPoint(point: RunPoint, options: { models?: ModelSet; keepQueries?: boolean; onRun?: () => void } = {}): Promise<PointResult> {
  const world = point.scenario.world;
  const result: PointResult = { runs: [], cdf: [] };
  if (options.keepQueries) result.queries = [];
  for (const strategy of point.scenario.strategies) {
    const summary = await summariseOutcomes(point, strategy, simulate(world, strategy, point.seed), options);
    result.runs.push(summary.run);
    result.cdf.push(...summary.cdf);
    if (summary.queries) result.queries!.push(summary.queries);
    options.onRun?.();
  }
  return result;
}

/**
 * One strategy's outcomes at one run point, simulated or emulated, as a run summary (scored with
 * the real models when given), its CDF points and, with `keepQueries`, its per-query table.
 */
export async function summariseOutcomes(point: RunPoint, strategy: StrategySpec, outcomes: Outcomes, options: { models?: ModelSet; keepQueries?: boolean } = {}): Promise<{ run: RunSummary; cdf: CdfPoint[]; queries?: QueryTable }> {
  const { scenario, seed } = point;
  const label = sweepLabel(point.point);
  const sorted = measuredSorted(outcomes.latency, outcomes.warmup);
  const scored = options.models ? await scoreAnswers(options.models, answerSheet(outcomes, strategy)) : undefined;
  const id = { strategy: strategy.label, kind: strategy.kind, seed, sweep: point.point };
  const offered = Object.fromEntries(offeredLoad(scenario.world, strategy).map((p) => [p.pool, p.offered]));
  const hosts = outcomes.hosts.reduce((s, x) => s + x, 0);
  const run = summariseRun(id, outcomes, scenario.world.cluster.instances, sorted, scored && accuracyOf(scored), offered, notApplied(scenario.world, hosts));
  const cdf = cdfPoints(sorted, strategy.label, seed, label);
  if (!options.keepQueries) return { run, cdf };
  const queries: QueryTable = { strategy: strategy.label, seed, sweep: label, outcomes };
  if (scored) {
    // Scores cover measured queries only; warm-up rows are never written.
    queries.predicted = new Int16Array(outcomes.count).fill(-1);
    queries.predicted.set(scored.predicted, outcomes.warmup);
    queries.label = new Uint8Array(outcomes.count);
    queries.label.set(scored.label, outcomes.warmup);
  }
  return { run, cdf, queries };
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
