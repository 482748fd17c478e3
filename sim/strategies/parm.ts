import { alwaysZero, makeSampler } from '../engine/distributions.js';
import { Answer, Role } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { PerBatch, type Planner } from './plan.js';
import { degradedAnswerPolicy } from './answer-policy.js';

type ParmSpec = Extract<StrategySpec, { kind: 'parm' }>;

/**
 * ParM: batches are grouped in dispatch order into coding groups of k. Each batch goes to a data
 * instance as usual; the frontend encodes the group into one parity batch (after the encoding
 * cost) for the parity instances, which have their own queue. As soon as k of the group's k + 1
 * outputs are back and a data output is missing, the frontend decodes (after the decoding cost)
 * and answers the missing batch with the reconstruction, dropping its original if still queued.
 * A group that is not full `groupTimeout` ms after its first batch is encoded as it is. With
 * `answerWait`, a reconstruction is held back until its batch has waited that long, in case the
 * original still comes (answer-policy.ts).
 */
export const planParm: Planner<ParmSpec> = (spec, world) => {
  const n = world.cluster.instances;
  const parityInstances = spec.parityInstances ?? Math.ceil(n / spec.k);
  return {
    hosts: n + parityInstances,
    pools: [{ name: 'data', instances: n, tasksPerBatch: 1 }, { name: 'parity', instances: parityInstances, tasksPerBatch: 1 / spec.k }],
    build(s) {
      const data = s.pool('data', Role.data, n);
      const parity = s.pool('parity', Role.parity, parityInstances);
      const encodeCost = makeSampler(spec.encode, s.stream('parm/encode'));
      const decodeCost = makeSampler(spec.decode, s.stream('parm/decode'));
      // Free encoding and decoding (the default) happen at once: two timers fewer per group.
      const encodeAtOnce = alwaysZero(spec.encode);
      const decodeAtOnce = alwaysZero(spec.decode);
      const dataTask = new PerBatch();
      /** 1 once the batch's own output is back at the frontend. */
      const back = new PerBatch();
      const parityBack = new PerBatch();
      const decodedGroup = new PerBatch();
      let formingFirst = -1;
      let formingCount = 0;

      const encode = (g: number) => void s.sendGroup(parity, g, Role.parity);
      const encoded = s.timer(encode);
      const closeGroup = () => {
        const g = s.formGroup(formingFirst, formingCount);
        formingFirst = -1;
        formingCount = 0;
        if (encodeAtOnce) encode(g);
        else s.after(encodeCost(), encoded, g);
      };
      const groupTimedOut = s.timer((first) => {
        if (formingFirst === first) closeGroup();
      });
      const reconstruct = degradedAnswerPolicy(s, spec.answerWait ?? 0, (b) => {
        s.answer(b, Answer.reconstructed);
        s.cancel(dataTask.get(b), 'finish');
      });
      const decoded = s.timer(reconstruct);

      /** Decodes if the parity output and all but one data output of group g are back. */
      const tryDecode = (g: number) => {
        if (g < 0 || parityBack.get(g) !== 1 || decodedGroup.get(g) === 1) return;
        let missing = -1, missingCount = 0;
        for (let b = s.groupFirst(g), end = b + s.groupSize(g); b < end; b++) {
          if (back.get(b) !== 1) {
            missing = b;
            missingCount++;
          }
        }
        if (missingCount !== 1 || s.isAnswered(missing)) return;
        decodedGroup.set(g, 1);
        if (decodeAtOnce) reconstruct(missing);
        else s.after(decodeCost(), decoded, missing);
      };

      return {
        onBatch(b) {
          dataTask.set(b, s.send(data, b, Role.data, 0));
          if (formingFirst < 0) {
            formingFirst = b;
            if (spec.groupTimeout < Infinity && spec.k > 1) s.after(spec.groupTimeout, groupTimedOut, b);
          }
          if (++formingCount === spec.k) closeGroup();
        },
        onResult(t) {
          const target = s.batchOf(t);
          if (s.roleOf(t) === Role.parity) {
            parityBack.set(target, 1);
            tryDecode(target);
            return;
          }
          back.set(target, 1);
          if (!s.isAnswered(target)) s.answer(target, Answer.original, t);
          tryDecode(s.groupOf(target));
        },
      };
    },
  };
};
