import { Cluster } from '../cluster/cluster.js';
import type { WorldConfig } from '../cluster/config.js';
import type { Outcomes } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { planStrategy } from './index.js';

/**
 * Hosts the physical cluster must have so that every strategy compared fits on it. Straggler
 * and fault processes act on all of these hosts, whichever strategy runs, so every strategy
 * meets the same timeline; a strategy that needs fewer hosts leaves the rest idle.
 */
export function hostsFor(strategies: readonly StrategySpec[], world: WorldConfig): number {
  return Math.max(1, ...strategies.map((s) => planStrategy(s, world).hosts));
}

/** Runs one strategy on one seed. `hostCount` defaults to what this strategy alone needs. */
export function simulate(world: WorldConfig, strategy: StrategySpec, seed: number, hostCount?: number, options: { recordTimeline?: boolean } = {}): Outcomes {
  const plan = planStrategy(strategy, world);
  const cluster = new Cluster(world, seed, Math.max(hostCount ?? 0, plan.hosts), { ...options, tasksPerBatch: plan.tasksPerBatch });
  return cluster.run(plan.build(cluster));
}
