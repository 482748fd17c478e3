import type { RunSummary } from './types.js';

/**
 * The instances (hosts) a run used: its `hosts` field, or, in results written before it existed,
 * the sum of its pools' instances; null when neither is there.
 */
export function hostsOf(run: RunSummary): number | null {
  if (typeof run.hosts === 'number') return run.hosts;
  const pools = Object.values(run.utilisation ?? {});
  return pools.length > 0 ? pools.reduce((s, p) => s + p.instances, 0) : null;
}
