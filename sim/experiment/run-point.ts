import type { RunPoint } from '../scenario/types.js';
import { hostsFor, simulate } from '../strategies/simulate.js';
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

export interface PointResult {
  runs: RunSummary[];
  cdf: CdfPoint[];
  queries?: QueryTable[];
}

/**
 * Runs every strategy of one run point (one sweep point, one seed) on the same physical cluster
 * and random streams, then, when a model set is given, scores each run's answers with the real
 * models. `onRun` is called after each strategy (for progress).
 */
export async function runPoint(point: RunPoint, options: { models?: ModelSet; keepQueries?: boolean; onRun?: () => void } = {}): Promise<PointResult> {
  const { scenario, seed } = point;
  const world = scenario.world;
  const hosts = hostsFor(scenario.strategies, world);
  const label = sweepLabel(point.point);
  const result: PointResult = { runs: [], cdf: [] };
  if (options.keepQueries) result.queries = [];
  for (const strategy of scenario.strategies) {
    const outcomes = simulate(world, strategy, seed, hosts);
    const sorted = measuredSorted(outcomes.latency, outcomes.warmup);
    const scored = options.models ? await scoreAnswers(options.models, answerSheet(outcomes, strategy)) : undefined;
    const id = { strategy: strategy.label, kind: strategy.kind, seed, sweep: point.point };
    result.runs.push(summariseRun(id, outcomes, world.cluster.instances, sorted, scored && accuracyOf(scored)));
    result.cdf.push(...cdfPoints(sorted, strategy.label, seed, label));
    if (result.queries) {
      const table: QueryTable = { strategy: strategy.label, seed, sweep: label, outcomes };
      if (scored) {
        // Scores cover measured queries only; warm-up rows are never written.
        table.predicted = new Int16Array(outcomes.count).fill(-1);
        table.predicted.set(scored.predicted, outcomes.warmup);
        table.label = new Uint8Array(outcomes.count);
        table.label.set(scored.label, outcomes.warmup);
      }
      result.queries.push(table);
    }
    options.onRun?.();
  }
  return result;
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
