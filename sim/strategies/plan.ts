import type { ServiceConfig, WorldConfig } from '../cluster/config.js';
import type { Serving, Strategy } from '../cluster/serving.js';

/** How many hosts a strategy needs, and how to set it up on a cluster (simulated or emulated) that has them. */
export interface StrategyPlan {
  hosts: number;
  /** The pools `build` creates, in creation order, with the work each batch brings them (for capacity, before running). */
  pools: PoolDemand[];
  /** About how many tasks the strategy creates per batch (sizes the task store up front). */
  tasksPerBatch?: number;
  build(cluster: Serving): Strategy;
}

/**
 * What one pool is asked to do per closed batch: `tasksPerBatch` tasks (an upper bound where
 * copies may be withdrawn before they run), each carrying about one batch's payload and served
 * by `service` (default: the cluster's).
 */
export interface PoolDemand {
  name: string;
  instances: number;
  tasksPerBatch: number;
  service?: ServiceConfig;
}

/**
 * Keeps `width` values per batch (task ids, typically: one per copy) in one array that grows
 * with the batches; -1 where nothing was set.
 */
export class PerBatch {
  private values: Int32Array;

  constructor(private readonly width = 1) {
    this.values = new Int32Array(1024 * width).fill(-1);
  }

  get(b: number, slot = 0): number {
    const i = b * this.width + slot;
    return i < this.values.length ? this.values[i]! : -1;
  }

  set(b: number, value: number, slot = 0): void {
    const i = b * this.width + slot;
    if (i >= this.values.length) {
      let n = this.values.length;
      while (n <= i) n *= 2;
      const next = new Int32Array(n).fill(-1);
      next.set(this.values);
      this.values = next;
    }
    this.values[i] = value;
  }
}

export type Planner<S> = (spec: S, world: WorldConfig) => StrategyPlan;

/** Set bits of a mask (answers back, parities used). */
export function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}
