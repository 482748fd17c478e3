import { Cluster } from '../cluster/cluster.js';
import type { WorldConfig } from '../cluster/config.js';
import type { Outcomes } from '../cluster/outcomes.js';
import { simulated } from '../cluster/simulated.js';
import { startFaults } from '../faults/index.js';
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

/** A simulated cluster with its stragglers and faults started, ready for a strategy. */
export function simulatedCluster(world: WorldConfig, seed: number, hostCount: number, options: { recordTimeline?: boolean; tasksPerBatch?: number } = {}): Cluster {
  const cluster = new Cluster(world, seed, hostCount, simulated, options);
  startFaults({ sim: cluster.sim, streams: cluster.streams, hosts: cluster.hosts, network: cluster.flows }, world.stragglers, world.faults);
  return cluster;
}

/** Runs one strategy on one seed. `hostCount` defaults to what this strategy alone needs. */
export function simulate(world: WorldConfig, strategy: StrategySpec, seed: number, hostCount?: number, options: { recordTimeline?: boolean } = {}): Outcomes {
  const plan = planStrategy(strategy, world);
  const cluster = simulatedCluster(world, seed, Math.max(hostCount ?? 0, plan.hosts), { ...options, tasksPerBatch: plan.tasksPerBatch });
  return cluster.run(plan.build(cluster));
}
