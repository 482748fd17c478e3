import { Answer, Role } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { PerBatch, type Planner } from './plan.js';

/**
 * Every batch goes to `copies` instances of the pool, each on a host the previous copy is not
 * on; the first output answers, queued copies are withdrawn, and running ones finish or are
 * aborted (`cancelRunning`).
 */
export const planReplication: Planner<Extract<StrategySpec, { kind: 'replication' }>> = (spec, world) => {
  const instances = spec.instances ?? world.cluster.instances;
  return {
    hosts: instances,
    tasksPerBatch: spec.copies,
    pools: [{ name: 'data', instances, tasksPerBatch: spec.copies }],
    build(s) {
      const data = s.pool('data', Role.data, instances);
      const copies = new PerBatch(spec.copies);
      const ifRunning = spec.cancelRunning ? 'abort' : 'finish';
      return {
        onBatch(b) {
          let previous = -1;
          for (let copy = 0; copy < spec.copies; copy++) {
            previous = s.send(data, b, copy === 0 ? Role.data : Role.replica, copy, previous);
            copies.set(b, previous, copy);
          }
        },
        onResult(t) {
          const b = s.batchOf(t);
          if (s.isAnswered(b)) return;
          s.answer(b, s.copyOf(t) === 0 ? Answer.original : Answer.replica, t);
          for (let copy = 0; copy < spec.copies; copy++) {
            const other = copies.get(b, copy);
            if (other !== t) s.cancel(other, ifRunning);
          }
        },
      };
    },
  };
};
