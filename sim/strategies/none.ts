import { Answer, Role } from '../cluster/outcomes.js';
import type { Serving, Strategy } from '../cluster/serving.js';
import type { StrategySpec } from './spec.js';
import type { Planner, StrategyPlan } from './plan.js';

/** No redundancy: each batch goes to one data instance. */
export const planNone: Planner<Extract<StrategySpec, { kind: 'none' }>> = (_spec, world) => singleCopy(world.cluster.instances);

/** `instances` hosts serving the deployed model, one copy per batch (also equal-resources). */
export function singleCopy(instances: number): StrategyPlan {
  return {
    hosts: instances,
    pools: [{ name: 'data', instances, tasksPerBatch: 1 }],
    build(s: Serving): Strategy {
      const data = s.pool('data', Role.data, instances);
      return {
        onBatch: (b) => void s.send(data, b, Role.data, 0),
        onResult: (t) => {
          const b = s.batchOf(t);
          if (!s.isAnswered(b)) s.answer(b, Answer.original, t);
        },
      };
    },
  };
}
