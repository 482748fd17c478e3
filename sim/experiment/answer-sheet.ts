import { Answer, type Outcomes } from '../cluster/outcomes.js';
import { Source, type AnswerSheet, type DecodeSheet, type SourceCode } from '../predict/answers.js';
import type { StrategySpec } from '../strategies/spec.js';
import { berrutPoints } from '../predict/berrut.js';

const sourceOf: Record<number, SourceCode> = {
  [Answer.original]: Source.deployed,
  [Answer.replica]: Source.deployed,
  [Answer.reconstructed]: Source.reconstructed,
  [Answer.backup]: Source.backup,
  [Answer.default]: Source.default,
};

/**
 * What the predict phase needs from a run's measured queries: each one's sample and where its
 * answer came from; for reconstructions, exactly which samples were encoded together. ParM
 * encodes across the batches of a group slot by slot: slot i of the parity batch encodes query i
 * of every member batch (an empty slot where a member batch is shorter).
 */
export function answerSheet(o: Outcomes, strategy: StrategySpec): AnswerSheet {
  const n = o.count - o.warmup;
  const sample = o.sample.slice(o.warmup);
  const source = new Uint8Array(n);
  let reconstructed = 0;
  for (let i = 0; i < n; i++) {
    const answer = o.answer[o.warmup + i]!;
    source[i] = sourceOf[answer] ?? Source.none;
    if (answer === Answer.reconstructed) reconstructed++;
  }
  if (strategy.kind === 'berrut') {
    return { sample, source, berrut: { ...decodesOf(o, strategy.k, reconstructed), points: berrutPoints(strategy.k, strategy.stragglers, strategy.systematic) } };
  }
  if (strategy.kind === 'collage') return { sample, source, collage: decodesOf(o, strategy.k, reconstructed, false) };
  if (strategy.kind !== 'parm') return { sample, source };
  if ((strategy.r ?? 1) > 1) return { sample, source, parities: { ...decodesOf(o, strategy.k, reconstructed), encoder: strategy.encoder, r: strategy.r! } };
  const k = strategy.k;
  const members = new Int32Array(reconstructed * k);
  const position = new Uint8Array(reconstructed);
  let r = 0;
  forEachReconstruction(o, (g, slot, where) => {
    slotMembers(o, g, slot, k, members, r * k);
    position[r++] = where;
  });
  return { sample, source, parity: { k, encoder: strategy.encoder, members, position } };
}

/**
 * The decodes behind a run's reconstructed queries, for codes that note which answers each
 * decode read (Outcomes.groupDecodedFrom). A group's decode reconstructs every slot of its
 * batches alike (slot i of each coded batch encodes query i of every member batch), so each
 * (group, slot) a measured reconstruction came from is one decode.
 */
function decodesOf(o: Outcomes, k: number, reconstructed: number, noted = true): DecodeSheet {
  // A collage reads no answers (`noted` false): its classifier sees the whole group at once.
  const decodedFrom = noted ? o.groupDecodedFrom : new Uint32Array(o.groupCount);
  if (reconstructed > 0 && !decodedFrom) throw new RangeError('reconstructed answers but no decode was noted');
  const decodeOf = new Map<string, number>();
  const members: number[] = [];
  const answers: number[] = [];
  const decode = new Int32Array(reconstructed);
  const position = new Uint8Array(reconstructed);
  const row = new Int32Array(k);
  let r = 0;
  forEachReconstruction(o, (g, slot, where) => {
    const key = `${g}:${slot}`;
    let d = decodeOf.get(key);
    if (d === undefined) {
      d = answers.length;
      decodeOf.set(key, d);
      answers.push(decodedFrom![g]!);
      slotMembers(o, g, slot, k, row, 0);
      members.push(...row);
    }
    decode[r] = d;
    position[r++] = where;
  });
  return { k, members: Int32Array.from(members), answers: Uint32Array.from(answers), decode, position };
}

/** Calls `each(group, slot, position)` for every measured reconstructed query, in query order: its group, its slot in its batch, its batch's position in the group. */
function forEachReconstruction(o: Outcomes, each: (group: number, slot: number, position: number) => void): void {
  for (let q = o.warmup; q < o.count; q++) {
    if (o.answer[q] !== Answer.reconstructed) continue;
    const b = o.batch[q]!, g = o.batchGroup[b]!;
    each(g, q - o.batchStart[b]!, b - o.groupStart[g]!);
  }
}

/**
 * The samples coded together in one slot of group g, written to out[at .. at + k): slot i of a
 * coded batch encodes query i of every member batch; -1 where a member batch is shorter or the
 * group has fewer than k batches (an empty slot, a blank query).
 */
function slotMembers(o: Outcomes, g: number, slot: number, k: number, out: Int32Array, at: number): void {
  const first = o.groupStart[g]!;
  for (let j = 0; j < k; j++) {
    const member = first + j;
    out[at + j] = j < o.groupSize[g]! && slot < o.batchSize[member]! ? o.sample[o.batchStart[member]! + slot]! : -1;
  }
}
