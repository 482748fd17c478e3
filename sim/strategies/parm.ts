import { alwaysZero, makeSampler } from '../engine/distributions.js';
import { Answer, Role } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { bitCount, PerBatch, type Planner } from './plan.js';
import { degradedAnswerPolicy } from './answer-policy.js';
import { codingGroupFormer } from './coding-groups.js';

type ParmSpec = Extract<StrategySpec, { kind: 'parm' }>;

/**
 * ParM: batches are grouped in dispatch order into coding groups of k. Each batch goes to a data
 * instance as usual; the frontend encodes the group into r parity batches (one, as ParM's
 * prototype, or two: the plain and the weighted sum) after the encoding cost, for the parity
 * instances, which have their own queue. As soon as k of the group's k + r outputs are back and a
 * data output is missing, the frontend decodes (after the decoding cost) and answers the missing
 * batches with their reconstructions, dropping their originals if still queued.
 * A group that is not full `groupTimeout` ms after its first batch is encoded as it is. With
 * `answerWait`, a reconstruction is held back until its batch has waited that long, in case the
 * original still comes (answer-policy.ts).
 */
export const planParm: Planner<ParmSpec> = (spec, world) => {
  const n = world.cluster.instances;
  const r = spec.r ?? 1;
  const parityInstances = spec.parityInstances ?? Math.ceil((n * r) / spec.k);
  return {
    hosts: n + parityInstances,
    pools: [{ name: 'data', instances: n, tasksPerBatch: 1 }, { name: 'parity', instances: parityInstances, tasksPerBatch: r / spec.k }],
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
      /** Per group: the parity outputs back (bit j: parity j). */
      const parityBack = new PerBatch();
      const decodedGroup = new PerBatch();

      const encode = (g: number) => {
        for (let j = 0; j < r; j++) s.sendGroup(parity, g, Role.parity, j);
      };
      const encoded = s.timer(encode);
      const addToGroup = codingGroupFormer(s, spec.k, spec.groupTimeout, (g) => {
        if (encodeAtOnce) encode(g);
        else s.after(encodeCost.draw(), encoded, g);
      });
      const reconstruct = degradedAnswerPolicy(s, spec.answerWait ?? 0, (b) => {
        s.answer(b, Answer.reconstructed);
        s.cancel(dataTask.get(b), 'finish');
      });
      const decoded = s.timer(reconstruct);

      /**
       * Decodes group g once at least as many parity outputs as missing data outputs are back
       * (one of each with r = 1) and a missing batch is still unanswered. With r > 1 the decode
       * notes what it reads (bit i: data output i; bit k + j: parity j, the lowest-numbered ones
       * back, as many as outputs are missing), since which parity models decode a member
       * decides its reconstruction. Called on every output that comes back: no allocation.
       */
      const tryDecode = (g: number) => {
        if (g < 0 || decodedGroup.get(g) === 1) return;
        const parities = parityBack.get(g);
        if (parities <= 0) return;
        const first = s.groupFirst(g), end = first + s.groupSize(g);
        let missing = 0, dataBack = 0, unanswered = false;
        for (let b = first; b < end; b++) {
          if (back.get(b) === 1) dataBack |= 1 << (b - first);
          else {
            missing++;
            unanswered ||= !s.isAnswered(b);
          }
        }
        if (missing === 0 || !unanswered || missing > bitCount(parities)) return;
        decodedGroup.set(g, 1);
        if (r > 1) s.noteDecode(g, dataBack | (lowestBits(parities, missing) << spec.k));
        const cost = decodeAtOnce ? 0 : decodeCost.draw();
        for (let b = first; b < end; b++) {
          if (back.get(b) === 1) continue;
          if (decodeAtOnce) reconstruct(b);
          else s.after(cost, decoded, b);
        }
      };

      return {
        onBatch(b) {
          dataTask.set(b, s.send(data, b, Role.data, 0));
          addToGroup(b);
        },
        onResult(t) {
          const target = s.batchOf(t);
          if (s.roleOf(t) === Role.parity) {
            parityBack.set(target, Math.max(0, parityBack.get(target)) | (1 << s.copyOf(t)));
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

/** The `count` lowest set bits of `mask`. */
function lowestBits(mask: number, count: number): number {
  let out = 0;
  for (let m = mask, n = 0; m !== 0 && n < count; m &= m - 1, n++) out |= m & -m;
  return out;
}
