/** A scenario → the runs it stands for: one per sweep point and seed. */
import { InputError } from '../errors.js';
import { pointOf, pointScenario, sweepAxes, sweepPoints } from './sweep.js';
import { sourceOf } from './source.js';
import type { RunPoint, Scenario } from './types.js';

/**
 * The most run points (sweep points × seeds) one scenario may stand for. Each is a scenario of its
 * own in memory before anything runs, so `seeds: 2147483648` would exhaust the heap while being
 * expanded, long before the memory check could say so; a million is far beyond any sweep a
 * machine finishes, and shards (--shard) split a large one across machines.
 */
export const MAX_RUN_POINTS = 1_000_000;

/**
 * One RunPoint per (sweep point × seed): sweep points are the cartesian product of the sweep's
 * paths in the order written (the first varies slowest), seeds run seed … seed+seeds−1 within
 * each point. A point's scenario has the point's values applied, `seed` set to the run's seed,
 * `seeds` 1 and an empty `sweep`, so it describes exactly one run.
 *
 * A scenario with a sweep must come from loadScenario or parseScenario (they keep the raw
 * document the sweep is applied to).
 */
export function expandScenario(scenario: Scenario): RunPoint[] {
  const source = sourceOf(scenario);
  const hasSweep = Object.keys(scenario.sweep).length > 0;
  if (hasSweep && !source) {
    throw new Error('expandScenario: a scenario with a sweep must come from loadScenario or parseScenario');
  }
  const axes = source && hasSweep ? sweepAxes(source, scenario.sweep) : [];
  const count = axes.reduce((n, axis) => n * axis.values.length, 1) * scenario.seeds;
  if (count > MAX_RUN_POINTS) {
    throw new InputError(scenario.file ?? 'scenario', hasSweep ? 'sweep' : 'seeds', `at most ${MAX_RUN_POINTS.toLocaleString('en')} runs (sweep points × seeds)`,
      `${count.toLocaleString('en')} (${hasSweep ? `${count / scenario.seeds} sweep points × ` : ''}${scenario.seeds} seeds)`);
  }
  const runs: RunPoint[] = [];
  for (const choice of sweepPoints(axes)) {
    const base = source && hasSweep ? pointScenario(source, choice) : scenario;
    const point = pointOf(choice);
    for (let seed = scenario.seed; seed < scenario.seed + scenario.seeds; seed++) {
      runs.push({ scenario: { ...base, seed, seeds: 1, sweep: {} }, point, seed });
    }
  }
  return runs;
}
