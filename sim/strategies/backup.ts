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
    pools: [{ name: 'data', instances: n, tasksPerBatch: 1 }, { name: 'backup', instances: spec.backups, tasksPerBatch: 1, service: { time: spec.service } }],
    build(s) {
      const data = s.pool('data', Role.data, n);
      const backups = s.pool('backup', Role.backup, spec.backups, { time: spec.service });
      const original = new PerBatch();
      const backup = new PerBatch();
      const answerWithBackup = (b: number) => {
        if (s.isAnswered(b)) return;
        s.answer(b, Answer.backup, backup.get(b));
        s.cancel(original.get(b), 'finish');
      };
      const backupReady = s.timer(answerWithBackup);
      return {
        onBatch(b) {
          original.set(b, s.send(data, b, Role.data, 0));
          backup.set(b, s.send(backups, b, Role.backup, 1));
        },
        onResult(t) {
          const b = s.batchOf(t);
          if (s.isAnswered(b)) return;
          if (s.roleOf(t) === Role.data) {
            s.answer(b, Answer.original, t);
            s.cancel(backup.get(b), 'finish');
            return;
          }
          const readyAt = s.closedAt(b) + spec.after;
          if (s.now >= readyAt) answerWithBackup(b);
          else s.at(readyAt, backupReady, b);
        },
      };
    },
  };
};
