import { alwaysZero, makeSampler } from '../engine/distributions.js';
import { Answer, Role } from '../cluster/outcomes.js';
import type { StrategySpec } from './spec.js';
import { PerBatch, type Planner } from './plan.js';

type ParmSpec = Extract<StrategySpec, { kind: 'parm' }>;

/**
 * ParM: batches are grouped in dispatch order into coding groups of k. Each batch goes to a data
 * instance as usual; the frontend encodes the group into one parity batch (after the encoding
 * cost) for the parity instances, which have their own queue. As soon as k of the group's k + 1
 * outputs are back and a data output is missing, the frontend decodes (after the decoding cost)
 * and answers the missing batch with the reconstruction, dropping its original if still queued.
 * A group that is not full `groupTimeout` ms after its first batch is encoded as it is.
 */
export const planParm: Planner<ParmSpec> = (spec, world) => {
  const n = world.cluster.instances;
  const parityInstances = spec.parityInstances ?? Math.ceil(n / spec.k);
  return {
    hosts: n + parityInstances,
    build(c) {
      const f = c.frontend;
      const data = c.createPool('data', Role.data, 0, n);
      const parity = c.createPool('parity', Role.parity, n, parityInstances);
      const encodeCost = makeSampler(spec.encode, c.streams.stream('parm/encode'));
      const decodeCost = makeSampler(spec.decode, c.streams.stream('parm/decode'));
      const dataTask = new PerBatch();
      /** 1 once the batch's own output is back at the frontend. */
      const back = new PerBatch();
      const parityBack = new PerBatch();
      const isDecoded = new PerBatch();
      let formingFirst = -1;
      let formingCount = 0;

      // Free encoding and decoding (the default) happen at once: two events fewer per group.
      const encodeAtOnce = alwaysZero(spec.encode);
      const decodeAtOnce = alwaysZero(spec.decode);

      const closeGroup = () => {
        const g = f.addGroup(formingFirst, formingCount);
        formingFirst = -1;
        formingCount = 0;
        if (encodeAtOnce) encoded(g);
        else c.sim.schedule(encodeCost(), encodedEvent, g);
      };
      const encoded = (g: number) => {
        // The parity batch is as large as the group's largest batch and carries as many bytes.
        let size = 0, bytes = 0;
        for (let b = f.groupStart[g]!, end = b + f.groupSize[g]!; b < end; b++) {
          size = Math.max(size, f.batchSize[b]!);
          bytes = Math.max(bytes, c.batchBytes(b));
        }
        parity.submit(c.tasks.add(g, Role.parity, 0, size, bytes));
      };
      const encodedEvent = c.sim.on(encoded);
      const groupTimeoutEvent = c.sim.on((first) => {
        if (formingFirst === first) closeGroup();
      });
      const decoded = (b: number) => {
        if (f.batchDone[b]) return;
        c.answerBatch(b, Answer.reconstructed, -1);
        c.exec.cancel(dataTask.get(b), false);
      };
      const decodedEvent = c.sim.on(decoded);

      /** Decodes if the parity output and all but one data output of group g are back. */
      const tryDecode = (g: number) => {
        if (g < 0 || parityBack.get(g) !== 1 || isDecoded.get(g) === 1) return;
        let missing = -1, missingCount = 0;
        for (let b = f.groupStart[g]!, end = b + f.groupSize[g]!; b < end; b++) {
          if (back.get(b) !== 1) {
            missing = b;
            missingCount++;
          }
        }
        if (missingCount !== 1 || f.batchDone[missing]) return;
        isDecoded.set(g, 1);
        if (decodeAtOnce) decoded(missing);
        else c.sim.schedule(decodeCost(), decodedEvent, missing);
      };

      return {
        onBatch(b) {
          const t = c.batchTask(b, Role.data, 0);
          dataTask.set(b, t);
          data.submit(t);
          if (formingFirst < 0) {
            formingFirst = b;
            if (spec.groupTimeout < Infinity && spec.k > 1) c.sim.schedule(spec.groupTimeout, groupTimeoutEvent, b);
          }
          if (++formingCount === spec.k) closeGroup();
        },
        onResult(t) {
          const target = c.tasks.target[t]!;
          if (c.tasks.role[t] === Role.parity) {
            parityBack.set(target, 1);
            tryDecode(target);
            return;
          }
          back.set(target, 1);
          if (!f.batchDone[target]) c.answerBatch(target, Answer.original, t);
          tryDecode(f.batchGroup[target]!);
        },
      };
    },
  };
};
