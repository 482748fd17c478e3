/**
 * ParM's reconstructions with r > 1 parity models: for each decode, the parity outputs it read
 * (addition's and weighted's) are computed from its members' images, and the missing members
 * solved for from the outputs that were back — one missing member from one parity output, as
 * ParM's decoder does (with the weighted parity, divided by the member's weight); two from both,
 * by the 2×2 system their weights make.
 */
import { classesPerQuery, type DecodeSheet } from './answers.js';
import { argmax, decodeInto } from './decoder.js';
import { encoderFor, IMAGE_SIZE, type EncoderName } from './encoders/index.js';
import { CLASSES, type DecodeContext } from './decode-context.js';

/**
 * Predicted class per reconstructed query (in the sheet's order). `parities[j]` is the session id
 * of the parity model for `encoders[j]` (the scenario's encoder, then the second parity's).
 */
export async function paritiesClasses(sheet: DecodeSheet, encoderNames: readonly EncoderName[], parities: readonly number[], context: DecodeContext): Promise<Uint8Array> {
  const { k, members, answers } = sheet;
  const { deployed, rowsPerRun } = context;
  const encoders = encoderNames.map((name) => encoderFor(name));
  const weights = encoders.map((e) => e.weights?.(k) ?? Array.from({ length: k }, () => 1));
  const decodes = answers.length;
  const classes = new Uint8Array(decodes * k);
  const parityOut: Float32Array[] = [];
  const out = new Float32Array(CLASSES);
  const rest = new Float32Array(2 * CLASSES);
  const images = new Float32Array(Math.min(decodes, rowsPerRun) * IMAGE_SIZE);
  for (let start = 0; start < decodes; start += rowsPerRun) {
    const end = Math.min(decodes, start + rowsPerRun);
    // Every parity of every decode in the chunk (a decode reads one or two of them).
    for (let j = 0; j < encoders.length; j++) {
      for (let d = start; d < end; d++) encoders[j]!.encode(context.images, members, d * k, k, images, (d - start) * IMAGE_SIZE);
      parityOut[j] = await context.run(parities[j]!, images, end - start, CLASSES);
    }
    for (let d = start; d < end; d++) {
      const mask = answers[d]!;
      const missing: number[] = [];
      for (let i = 0; i < k; i++) if (members[d * k + i]! >= 0 && (mask & (1 << i)) === 0) missing.push(i);
      const used = [0, 1].filter((j) => (mask >>> k) & (1 << j));
      if (missing.length === 1) {
        const j = used[0]!, i = missing[0]!;
        decodeInto(out, 0, parityOut[j]!, (d - start) * CLASSES, deployed, members, d * k, k, i, CLASSES, weights[j]);
        classes[d * k + i] = argmax(out, 0, CLASSES);
      } else if (missing.length === 2) {
        // z_j = F_Pj(P_j) − Σ over members back of w_jl F(X_l) = w_ja F(X_a) + w_jb F(X_b), j = 0, 1.
        const [a, b] = missing as [number, number];
        for (const j of [0, 1]) {
          for (let c = 0; c < CLASSES; c++) {
            let z = parityOut[j]![(d - start) * CLASSES + c]!;
            for (let l = 0; l < k; l++) {
              const sample = members[d * k + l]!;
              if (l === a || l === b || sample < 0) continue;
              z -= weights[j]![l]! * deployed[sample * CLASSES + c]!;
            }
            rest[j * CLASSES + c] = z;
          }
        }
        const [w0a, w0b, w1a, w1b] = [weights[0]![a]!, weights[0]![b]!, weights[1]![a]!, weights[1]![b]!];
        const det = w0a * w1b - w0b * w1a;
        for (let c = 0; c < CLASSES; c++) {
          out[c] = (rest[c]! * w1b - w0b * rest[CLASSES + c]!) / det;
        }
        classes[d * k + a] = argmax(out, 0, CLASSES);
        for (let c = 0; c < CLASSES; c++) out[c] = (w0a * rest[CLASSES + c]! - w1a * rest[c]!) / det;
        classes[d * k + b] = argmax(out, 0, CLASSES);
      }
    }
  }
  return classesPerQuery(sheet, classes);
}
