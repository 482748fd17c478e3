/**
 * Collage answers through the real collage classifier: each decode's k members are tiled into one
 * collage with the `concatenation` encoder (what the classifier was trained on), the classifier
 * answers 10 logits per tile, and a query gets its tile's.
 */
import { classesPerQuery, type DecodeSheet } from './answers.js';
import { argmax } from './decoder.js';
import { encoderFor } from './encoders/index.js';
import type { ModelSet } from './model-set.js';
import { CLASSES } from './onnx-model.js';

/** Predicted class per collage-answered query (in the sheet's order). */
export async function collageClasses(set: ModelSet, sheet: DecodeSheet): Promise<Uint8Array> {
  const { k, members } = sheet;
  const classifier = set.collage(k);
  const encoder = encoderFor(classifier.entry.encoder ?? 'concatenation');
  const decodes = members.length / k;
  const classes = new Uint8Array(decodes * k);
  await classifier.model.runEncoded(
    decodes,
    (d, into, at) => encoder.encode(set.data.images, members, d * k, k, into, at),
    (start, end, logits) => {
      for (let d = start; d < end; d++) {
        for (let tile = 0; tile < k; tile++) classes[d * k + tile] = argmax(logits, ((d - start) * k + tile) * CLASSES, CLASSES);
      }
    },
  );
  return classesPerQuery(sheet, classes);
}
