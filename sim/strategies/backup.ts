import { Answer, Role } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { PerBatch, type Planner } from './plan.js';

/**
 * Approximate backup models (ParM's "cheap" baseline): every batch also goes to a pool of backup
 * instances running a smaller, faster model. The first output answers, but a backup output only
 * counts from `after` ms after dispatch; whichever answers, the other's queued copy is dropped.
 */
export const planBackup: Planner<Extract<StrategySpec, { kind: 'backup' }>> = (spec, world) => {
  const n = world.cluster.instances;
  return {
    hosts: n + spec.backups,
    tasksPerBatch: 2,
    build(c) {
      const data = c.createPool('data', Role.data, 0, n);
      const backups = c.createPool('backup', Role.backup, n, spec.backups, { time: spec.service });
      const original = new PerBatch();
      const backup = new PerBatch();
      const answerWithBackup = (b: number) => {
        if (c.frontend.batchDone[b]) return;
        c.answerBatch(b, Answer.backup, backup.get(b));
        c.exec.cancel(original.get(b), false);
      };
      const readyEvent = c.sim.on(answerWithBackup);
      return {
        onBatch(b) {
          const t = c.batchTask(b, Role.data, 0);
          original.set(b, t);
          data.submit(t);
          const u = c.batchTask(b, Role.backup, 1);
          backup.set(b, u);
          backups.submit(u);
        },
        onResult(t) {
          const b = c.tasks.target[t]!;
          if (c.frontend.batchDone[b]) return;
          if (c.tasks.role[t] === Role.data) {
            c.answerBatch(b, Answer.original, t);
            c.exec.cancel(backup.get(b), false);
            return;
          }
          const readyAt = c.frontend.batchTime[b]! + spec.after;
          if (c.sim.now >= readyAt) answerWithBackup(b);
          else c.sim.at(readyAt, readyEvent, b);
        },
      };
    },
  };
};
