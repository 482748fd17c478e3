import { Cluster } from '../cluster/cluster.js';
import type { WorldConfig } from '../cluster/config.js';
import type { Outcomes } from '../cluster/outcomes.js';
import { simulated } from '../cluster/simulated.js';
import { startFaults } from '../faults/index.js';
import type { StrategySpec } from './spec.js';
import { planStrategy } from './index.js';

/** A simulated cluster of `hostCount` hosts with its stragglers and faults started, ready for a strategy. */
export function simulatedCluster(world: WorldConfig, seed: number, hostCount: number, options: { recordTimeline?: boolean; tasksPerBatch?: number } = {}): Cluster {
  const cluster = new Cluster(world, seed, hostCount, simulated, options);
  startFaults({ sim: cluster.sim, streams: cluster.streams, hosts: cluster.hosts, network: cluster.flows, shuffleLegs: cluster.shuffleLegs }, world.stragglers, world.faults);
  return cluster;
}

/**
 * Runs one strategy on one seed, on its own hosts: as many as it needs, whichever strategies it
 * is compared with. Stragglers and faults act on those hosts with the same timeline per host
 * index in every strategy (sim/faults), so adding a strategy to a scenario changes no other
 * strategy's numbers, and a strategy with more hosts meets the stragglers of its extra hosts too.
 */
export function simulate(world: WorldConfig, strategy: StrategySpec, seed: number, options: { recordTimeline?: boolean } = {}): Outcomes {
  const plan = planStrategy(strategy, world);
  const cluster = simulatedCluster(world, seed, plan.hosts, { ...options, tasksPerBatch: plan.tasksPerBatch });
  return cluster.run(plan.build(cluster));
}
