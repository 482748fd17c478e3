import type { Simulation } from '../engine/simulation.js';
import type { RandomStreams } from '../engine/random.js';
import type { HostSelection } from '../cluster/config.js';
import type { Hosts } from '../cluster/hosts.js';
import type { FlowCarrier } from '../cluster/runner.js';

/**
 * What a straggler or fault process acts on: the hosts of the strategy being run, and nothing
 * else of it. Every process draws from streams named for the process and the host index, so
 * host i meets the same timeline in every strategy that has a host i.
 */
export interface FaultContext {
  sim: Simulation;
  streams: RandomStreams;
  hosts: Hosts;
  network: FlowCarrier;
  /** Where the shuffles record their legs (Outcomes.shuffleLegs), when the run records its timeline. */
  shuffleLegs?: number[] | null;
}

/**
 * Resolves a host selection among the `hostCount` hosts of the strategy being run.
 *
 * `count` gives every host index its own uniform key, drawn from a stream named for the
 * selection and the index (`<name>/host-<i>`), and picks the `count` hosts with the smallest
 * keys. A key depends on the host's index only, never on how many hosts the cluster has, so
 * clusters of different sizes agree wherever they can: a host selected among 18 hosts is selected
 * among the first 12 too (if it is one of them), and a host selected among 12 stays selected among
 * 18 unless one of hosts 12..17 has a smaller key and takes its place. A shuffle of all indices
 * (which this replaced) depends on the cluster's size from its first draw, so a 12-host and an
 * 18-host cluster would have picked unrelated hosts.
 */
export function selectHosts(selection: HostSelection, hostCount: number, streams: RandomStreams, name: string): number[] {
  if (selection === 'all') return Array.from({ length: hostCount }, (_, i) => i);
  if ('list' in selection) return selection.list.filter((h) => h < hostCount);
  const n = Math.min(selection.count, hostCount);
  if (n <= 0) return [];
  const keys = Float64Array.from({ length: hostCount }, (_, i) => streams.stream(`${name}/host-${i}`).uniform());
  // Equal keys (2^-32 apart at worst) break by index, so the order is total.
  const order = Array.from({ length: hostCount }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return order.slice(0, n).sort((a, b) => a - b);
}
