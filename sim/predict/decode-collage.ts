/**
 * Collage answers through the real collage classifier: each decode's k members are tiled into one
 * collage with its encoder (`concatenation`, what the classifier was trained on), the classifier
 * answers 10 logits per tile, and a query gets its tile's.
 */
import { classesPerQuery, type DecodeSheet } from './answers.js';
import { argmax } from './decoder.js';
import { encoderFor, IMAGE_SIZE, type EncoderName } from './encoders/index.js';
import { CLASSES, type DecodeContext } from './decode-context.js';

/** Predicted class per collage-answered query (in the sheet's order), with the classifier `classifier` (a session id). */
export async function collageClasses(sheet: DecodeSheet, classifier: number, encoderName: EncoderName, context: DecodeContext): Promise<Uint8Array> {
  const { k, members } = sheet;
  const encoder = encoderFor(encoderName);
  const decodes = members.length / k;
  const classes = new Uint8Array(decodes * k);
  const pixels = new Float32Array(Math.min(decodes, context.rowsPerRun) * IMAGE_SIZE);
  for (let start = 0; start < decodes; start += context.rowsPerRun) {
    const end = Math.min(decodes, start + context.rowsPerRun);
    for (let d = start; d < end; d++) encoder.encode(context.images, members, d * k, k, pixels, (d - start) * IMAGE_SIZE);
    const logits = await context.run(classifier, pixels, end - start, CLASSES * k);
    for (let d = start; d < end; d++) {
      for (let tile = 0; tile < k; tile++) classes[d * k + tile] = argmax(logits, ((d - start) * k + tile) * CLASSES, CLASSES);
    }
  }
  return classesPerQuery(sheet, classes);
}
