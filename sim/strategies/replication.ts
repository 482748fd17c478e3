import { Answer, Role } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { PerBatch, type Planner } from './plan.js';

/**
 * Every batch goes to `copies` instances of the pool; the first output answers, queued copies
 * are withdrawn, and running ones finish or are aborted (`cancelRunning`).
 */
export const planReplication: Planner<Extract<StrategySpec, { kind: 'replication' }>> = (spec, world) => {
  const instances = spec.instances ?? world.cluster.instances;
  return {
    hosts: instances,
    tasksPerBatch: spec.copies,
    build(c) {
      const pool = c.createPool('data', Role.data, 0, instances);
      const firstTask = new PerBatch();
      return {
        onBatch(b) {
          // Copies of a batch get consecutive task ids: firstTask + copy.
          let previousHost = -1;
          for (let copy = 0; copy < spec.copies; copy++) {
            const t = c.batchTask(b, copy === 0 ? Role.data : Role.replica, copy);
            if (copy === 0) firstTask.set(b, t);
            pool.submit(t, previousHost);
            previousHost = c.tasks.host[t]!;
          }
        },
        onResult(t) {
          const b = c.tasks.target[t]!;
          if (c.frontend.batchDone[b]) return;
          c.answerBatch(b, c.tasks.copy[t] === 0 ? Answer.original : Answer.replica, t);
          const first = firstTask.get(b);
          for (let copy = 0; copy < spec.copies; copy++) if (first + copy !== t) c.exec.cancel(first + copy, spec.cancelRunning);
        },
      };
    },
  };
};
