import { alwaysZero, makeSampler } from '../engine/distributions.js';
import { Answer, Role } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { PerBatch, type Planner } from './plan.js';
import { degradedAnswerPolicy } from './answer-policy.js';
import { codingGroupFormer } from './coding-groups.js';

type CollageSpec = Extract<StrategySpec, { kind: 'collage' }>;

/**
 * Collage inference (Narra et al.): each batch goes to a data instance as usual; batches are
 * grouped in dispatch order by k (as ParM groups them), and each group's queries, downsampled and
 * tiled into one collage (after the `encode` cost), go to a collage instance, whose one
 * multi-image classifier answers for all k at once. First answer wins per batch (with
 * `answerWait`, a collage answer is held back in case the original comes); a collage answer is a
 * degraded one, counted with the reconstructions.
 */
export const planCollage: Planner<CollageSpec> = (spec, world) => {
  const n = world.cluster.instances;
  const collages = spec.collages ?? Math.ceil(n / spec.k);
  const service = spec.service === undefined ? undefined : { time: spec.service };
  return {
    hosts: n + collages,
    tasksPerBatch: 1 + 1 / spec.k,
    pools: [
      { name: 'data', instances: n, tasksPerBatch: 1 },
      { name: 'collage', instances: collages, tasksPerBatch: 1 / spec.k, ...(service ? { service } : {}) },
    ],
    build(s) {
      const data = s.pool('data', Role.data, n);
      // The collage model is a backup of a kind: a different model answering approximately.
      const collage = s.pool('collage', Role.backup, collages, service);
      const encodeCost = makeSampler(spec.encode, s.stream('collage/encode'));
      const encodeAtOnce = alwaysZero(spec.encode);
      const dataTask = new PerBatch();
      const send = (g: number) => void s.sendGroup(collage, g, Role.backup);
      const encoded = s.timer(send);
      const addToGroup = codingGroupFormer(s, spec.k, spec.groupTimeout, (g) => {
        if (encodeAtOnce) send(g);
        else s.after(encodeCost.draw(), encoded, g);
      });
      const offer = degradedAnswerPolicy(s, spec.answerWait ?? 0, (b) => {
        s.answer(b, Answer.reconstructed);
        s.cancel(dataTask.get(b), 'finish');
      });
      return {
        onBatch(b) {
          dataTask.set(b, s.send(data, b, Role.data, 0));
          addToGroup(b);
        },
        onResult(t) {
          if (s.roleOf(t) === Role.data) {
            const b = s.batchOf(t);
            if (!s.isAnswered(b)) s.answer(b, Answer.original, t);
            return;
          }
          const g = s.batchOf(t);
          for (let b = s.groupFirst(g), end = b + s.groupSize(g); b < end; b++) offer(b);
        },
      };
    },
  };
};
