import type { RunSummary } from '../metrics/types.js';

/**
 * What a run summary says of the strategy's own cluster beyond sim/metrics' fields: `hosts`, the
 * instances it ran on (`overhead.instances` is that over the scenario's data instances), and
 * `not_applied`, the places where the scenario names hosts it does not have (only when there are
 * any; sim/faults/host-references.ts). Each strategy runs on its own hosts, so these differ
 * between the strategies of one file.
 */
export interface RunHosts {
  hosts: number;
  not_applied?: string[];
}

export type RunWithHosts = RunSummary & Partial<RunHosts>;

/**
 * The instances (hosts) a run used: its `hosts` field, or, in results written before it existed,
 * the sum of its pools' instances; null when neither is there.
 */
export function hostsOf(run: RunSummary): number | null {
  const hosts = (run as RunWithHosts).hosts;
  if (typeof hosts === 'number') return hosts;
  const pools = Object.values(run.utilisation ?? {});
  return pools.length > 0 ? pools.reduce((s, p) => s + p.instances, 0) : null;
}
