/**
 * Berrut reconstructions through the real deployed model: each decode's coded queries are built
 * from its members' images with the encoder's weights, answered by the deployed model, and
 * decoded with exactly the answers the decode read in the run (BerrutSheet). Done in chunks of
 * about rowsPerRun coded images, so memory stays flat however many decodes a run made.
 */
import { classesPerQuery, type BerrutSheet } from './answers.js';
import { berrutEncoder, chebyshevFirst, decodeBerrut, encodeBerrutQuery, type BerrutNode } from './berrut.js';
import { argmax } from './decoder.js';
import { IMAGE_SIZE } from './encoders/index.js';
import { CLASSES, type DecodeContext } from './decode-context.js';

/** Predicted class per reconstructed query (in the sheet's order), with the deployed model `deployedModel` (a session id). */
export async function berrutClasses(sheet: BerrutSheet, deployedModel: number, context: DecodeContext): Promise<Uint8Array> {
  const { k, points, members, answers } = sheet;
  const { deployed, rowsPerRun } = context;
  const coded = points.length;
  const decodes = answers.length;
  const encoder = berrutEncoder(k, points);
  const alpha = chebyshevFirst(k);
  // An empty slot is a blank query, whose answer the frontend knows without asking.
  const blank = (await context.run(deployedModel, new Float32Array(IMAGE_SIZE), 1, CLASSES)).slice();
  const classes = new Uint8Array(decodes * k);
  const images = new Float32Array(rowsPerRun * IMAGE_SIZE + coded * IMAGE_SIZE);
  const outputs = new Float32Array((k + coded) * CLASSES);
  const decoded = new Float32Array(k * CLASSES);
  for (let start = 0; start < decodes;) {
    // Encode the coded queries this chunk of decodes read.
    let count = 0, end = start;
    for (; end < decodes && count < rowsPerRun; end++) {
      for (let i = 0; i < coded; i++) {
        if ((answers[end]! & (1 << (k + i))) === 0) continue;
        encodeBerrutQuery(context.images, encoder, k, i, members, end * k, images, count++ * IMAGE_SIZE);
      }
    }
    const codedOut = count > 0 ? await context.run(deployedModel, images, count, CLASSES) : new Float32Array(0);
    let next = 0;
    for (let d = start; d < end; d++) {
      const nodes: BerrutNode[] = [];
      for (let j = 0; j < k; j++) {
        const sample = members[d * k + j]!;
        if (sample >= 0 && (answers[d]! & (1 << j)) === 0) continue;
        outputs.set(sample >= 0 ? deployed.subarray(sample * CLASSES, (sample + 1) * CLASSES) : blank, nodes.length * CLASSES);
        nodes.push({ at: alpha[j]!, output: nodes.length });
      }
      for (let i = 0; i < coded; i++) {
        if ((answers[d]! & (1 << (k + i))) === 0) continue;
        outputs.set(codedOut.subarray(next * CLASSES, (next + 1) * CLASSES), nodes.length * CLASSES);
        next++;
        nodes.push({ at: points[i]!, output: nodes.length });
      }
      decodeBerrut(k, nodes, outputs, CLASSES, decoded);
      for (let j = 0; j < k; j++) classes[d * k + j] = argmax(decoded, j * CLASSES, CLASSES);
    }
    start = end;
  }
  return classesPerQuery(sheet, classes);
}
