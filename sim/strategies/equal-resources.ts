import type { StrategySpec } from './spec.js';
import type { Planner } from './plan.js';
import { singleCopy } from './none.js';

/**
 * ParM's main baseline: as many instances as ParM with the same k uses (n data + ⌈n/k⌉ parity),
 * all serving the deployed model, with no coding.
 */
export const planEqualResources: Planner<Extract<StrategySpec, { kind: 'equal-resources' }>> = (spec, world) => {
  const n = world.cluster.instances;
  return singleCopy(n + Math.ceil(n / spec.k));
};
