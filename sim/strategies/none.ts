import { Answer, Role } from '../cluster/outcomes.js';
import type { Cluster, StrategyRuntime } from '../cluster/cluster.js';
import type { StrategySpec } from './spec.js';
import type { Planner } from './plan.js';

/** No redundancy: each batch goes to one data instance. */
export const planNone: Planner<Extract<StrategySpec, { kind: 'none' }>> = (_spec, world) => singleCopy(world.cluster.instances);

/** `instances` hosts serving the deployed model, one copy per batch (also equal-resources). */
export function singleCopy(instances: number) {
  return {
    hosts: instances,
    build(c: Cluster): StrategyRuntime {
      const pool = c.createPool('data', Role.data, 0, instances);
      return {
        onBatch: (b) => pool.submit(c.batchTask(b, Role.data, 0)),
        onResult: (t) => {
          const b = c.tasks.target[t]!;
          if (!c.frontend.batchDone[b]) c.answerBatch(b, Answer.original, t);
        },
      };
    },
  };
}
