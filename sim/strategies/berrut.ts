import { alwaysZero, makeSampler } from '../engine/distributions.js';
import { Answer, Role } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { bitCount, PerBatch, type Planner } from './plan.js';
import { degradedAnswerPolicy } from './answer-policy.js';
import { codingGroupFormer } from './coding-groups.js';

type BerrutSpec = Extract<StrategySpec, { kind: 'berrut' }>;

/** Answers a group can have: k originals' bits and the coded queries' bits share one 31-bit mask. */
export const MAX_BERRUT_ANSWERS = 31;

/**
 * ApproxIFER (Berrut-coded inference; sim/predict/berrut.ts has the code): batches are grouped in
 * dispatch order into groups of k, as ParM groups them. The frontend interpolates each group into
 * coded batches (after the encoding cost) that the *deployed* model answers on the coded pool:
 * k + stragglers of them, or, systematic, `stragglers` of them beside the originals on the data
 * instances. As soon as k of a group's answers are back (an original, a coded answer, or an
 * empty slot of a partial group, which the frontend knows without asking), it decodes (after
 * the decoding cost) every batch still unanswered — an approximate answer — and withdraws what
 * the group no longer needs. With `wait`, a group that has waited that long after encoding
 * decodes from whatever is back, fewer than k answers but at least one.
 *
 * With `answerWait` (systematic), a decoded answer is held back until its batch has waited that
 * long, in case its original still comes.
 *
 * Which answers a decode read is noted (bit j: slot j's original; bit k + i: coded answer i),
 * because Berrut's approximation depends on them and the predict phase decodes from exactly those.
 */
export const planBerrut: Planner<BerrutSpec> = (spec, world) => {
  const n = world.cluster.instances;
  const k = spec.k;
  const codedPerGroup = spec.systematic ? spec.stragglers : k + spec.stragglers;
  const dataInstances = spec.systematic ? n : 0;
  const codedInstances = spec.codedInstances ?? Math.ceil((n * codedPerGroup) / k);
  return {
    hosts: dataInstances + codedInstances,
    pools: [
      ...(spec.systematic ? [{ name: 'data', instances: n, tasksPerBatch: 1 }] : []),
      { name: 'coded', instances: codedInstances, tasksPerBatch: codedPerGroup / k },
    ],
    tasksPerBatch: (spec.systematic ? 1 : 0) + codedPerGroup / k,
    build(s) {
      const data = spec.systematic ? s.pool('data', Role.data, n) : null;
      // Coded queries are served by the deployed model; they are accounted as the parity role,
      // the instances that exist for the code.
      const coded = s.pool('coded', Role.parity, codedInstances);
      const encodeCost = makeSampler(spec.encode, s.stream('berrut/encode'));
      const decodeCost = makeSampler(spec.decode, s.stream('berrut/decode'));
      const encodeAtOnce = alwaysZero(spec.encode);
      const decodeAtOnce = alwaysZero(spec.decode);
      const dataTask = new PerBatch();
      const originalBack = new PerBatch();
      /** Per group: the answers back so far (bit mask). */
      const answers = new PerBatch();
      const decoded = new PerBatch();
      const codedTasks = new PerBatch(codedPerGroup);

      const encode = (g: number) => {
        for (let i = 0; i < codedPerGroup; i++) codedTasks.set(g, s.sendGroup(coded, g, Role.parity, i), i);
        if (spec.wait < Infinity) s.after(spec.wait, waited, g);
      };
      const encoded = s.timer(encode);
      const addToGroup = codingGroupFormer(s, k, spec.groupTimeout, (g) => {
        // Empty slots of a partial group are known (blank queries); so are originals already back.
        const first = s.groupFirst(g), size = s.groupSize(g);
        let mask = 0;
        for (let j = size; j < k; j++) mask |= 1 << j;
        for (let j = 0; j < size; j++) if (originalBack.get(first + j) === 1) mask |= 1 << j;
        answers.set(g, mask);
        if (encodeAtOnce) encode(g);
        else s.after(encodeCost.draw(), encoded, g);
      });

      const offer = degradedAnswerPolicy(s, spec.answerWait ?? 0, (b) => {
        s.answer(b, Answer.reconstructed);
        s.cancel(dataTask.get(b), 'finish');
      });
      const answerGroup = (g: number) => {
        for (let b = s.groupFirst(g), end = b + s.groupSize(g); b < end; b++) offer(b);
        for (let i = 0; i < codedPerGroup; i++) s.cancel(codedTasks.get(g, i), 'finish');
      };
      const decodedTimer = s.timer(answerGroup);

      /** Decodes group g once `needed` answers are back and a batch of it is still unanswered. */
      const tryDecode = (g: number, needed: number) => {
        if (g < 0 || decoded.get(g) === 1) return;
        const mask = answers.get(g);
        if (mask < 0 || bitCount(mask) < needed) return;
        let unanswered = false;
        for (let b = s.groupFirst(g), end = b + s.groupSize(g); b < end && !unanswered; b++) unanswered = !s.isAnswered(b);
        if (!unanswered) return;
        decoded.set(g, 1);
        s.noteDecode(g, mask);
        if (decodeAtOnce) answerGroup(g);
        else s.after(decodeCost.draw(), decodedTimer, g);
      };
      const waited = s.timer((g) => tryDecode(g, 1));

      return {
        onBatch(b) {
          if (data !== null) dataTask.set(b, s.send(data, b, Role.data, 0));
          addToGroup(b);
        },
        onResult(t) {
          if (s.roleOf(t) === Role.data) {
            const b = s.batchOf(t);
            originalBack.set(b, 1);
            if (!s.isAnswered(b)) s.answer(b, Answer.original, t);
            const g = s.groupOf(b);
            if (g < 0) return;
            answers.set(g, answers.get(g) | (1 << (b - s.groupFirst(g))));
            tryDecode(g, k);
          } else {
            const g = s.batchOf(t);
            answers.set(g, answers.get(g) | (1 << (k + s.copyOf(t))));
            tryDecode(g, k);
          }
        },
      };
    },
  };
};
