import type { Simulation } from '../engine/simulation.js';
import type { RandomStreams, Random } from '../engine/random.js';
import type { HostSelection } from '../cluster/config.js';
import type { Hosts } from '../cluster/hosts.js';
import type { FlowCarrier } from '../cluster/runner.js';

/** What a straggler or fault process acts on. None of it depends on the strategy being run. */
export interface FaultContext {
  sim: Simulation;
  streams: RandomStreams;
  hosts: Hosts;
  network: FlowCarrier;
}

/** Resolves a host selection: `count` draws distinct hosts from `rng` (a partial Fisher–Yates shuffle). */
export function selectHosts(selection: HostSelection, hostCount: number, rng: Random): number[] {
  if (selection === 'all') return Array.from({ length: hostCount }, (_, i) => i);
  if ('list' in selection) return selection.list.filter((h) => h < hostCount);
  const ids = Array.from({ length: hostCount }, (_, i) => i);
  const n = Math.min(selection.count, hostCount);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(hostCount - i);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, n).sort((a, b) => a - b);
}
