/**
 * A model set's reconstructions: each function asks for one run's reconstructions as one decode
 * job (decode-jobs.ts), made where the set's sessions live. In the inference thread the job is
 * encoded, run and decoded there, so the calling thread can simulate the next run meanwhile.
 */
import type { BerrutSheet, DecodeSheet } from './answers.js';
import type { DecodeJob, ReconstructionRequest } from './decode-jobs.js';
import type { EncoderName } from './encoders/index.js';
import type { ModelSet } from './model-set.js';
import type { OnnxModel } from './onnx-model.js';

/** The second parity model's encoder with r = 2: the weighted sum, beside the scenario's encoder (addition). */
export const SECOND_PARITY: EncoderName = 'weighted';

/** Runs `job` with `models` and the set's deployed model, whose pass over the test split the decoders read (asked for first). */
function decode(set: ModelSet, job: DecodeJob, models: readonly OnnxModel[]): Promise<Uint8Array> {
  // Scoring meets any failure of the pass when it awaits it.
  set.deployedLogits().catch(() => {});
  return set.deployed.model.decode(job, models, set.data.images, set.data.count);
}

/**
 * ParM with one parity model: the predicted class per request. Each group is encoded and run once
 * however many requests share it (requests of one group next to each other, as every caller makes them).
 */
export function reconstructClasses(set: ModelSet, request: ReconstructionRequest): Promise<Uint8Array> {
  const parity = set.parity(request.k, request.encoder).model;
  return decode(set, { kind: 'parm', parity: parity.id, request }, [parity]);
}

/** ParM with r > 1 parity models (the scenario's encoder, then SECOND_PARITY): the class per reconstructed query, in the sheet's order. */
export function parityDecodeClasses(set: ModelSet, sheet: DecodeSheet & { encoder: EncoderName; r: number }): Promise<Uint8Array> {
  const encoders = [sheet.encoder, SECOND_PARITY].slice(0, sheet.r);
  const models = encoders.map((e) => set.parity(sheet.k, e).model);
  return decode(set, { kind: 'parities', encoders, parities: models.map((m) => m.id), sheet }, models);
}

/** Berrut's code, through the deployed model: the class per reconstructed query, in the sheet's order. */
export function berrutClasses(set: ModelSet, sheet: BerrutSheet): Promise<Uint8Array> {
  return decode(set, { kind: 'berrut', deployed: set.deployed.model.id, sheet }, [set.deployed.model]);
}

/** Collage answers through the collage classifier for k: the class per collage-answered query, in the sheet's order. */
export function collageClasses(set: ModelSet, sheet: DecodeSheet): Promise<Uint8Array> {
  const classifier = set.collage(sheet.k);
  return decode(set, { kind: 'collage', classifier: classifier.model.id, encoder: classifier.entry.encoder ?? 'concatenation', sheet }, [classifier.model]);
}
