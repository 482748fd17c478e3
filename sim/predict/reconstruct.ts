/**
 * Reconstruction through the real parity model: encode each group from its member samples,
 * run the parity model in batches, decode the erased position (dividing by its weight where the
 * encoder's parity is weighted).
 */
import { argmax, decodeInto } from './decoder.js';
import { encoderFor, IMAGE_SIZE, type EncoderName } from './encoders/index.js';
import type { ModelSet } from './model-set.js';
import { CLASSES } from './onnx-model.js';

export interface ReconstructionRequest {
  k: number;
  encoder: EncoderName;
  /** groupCount * k sample indices in group order, -1 for an empty slot. */
  members: Int32Array;
  /** Per request r: the group it belongs to (index into members / k). */
  group: Int32Array;
  /** Per request r: the erased slot in its group. */
  position: Uint8Array;
}

/** Predicted class per request. Each group is encoded and run once however many requests share it. */
export async function reconstructClasses(set: ModelSet, req: ReconstructionRequest): Promise<Uint8Array> {
  const { k, members } = req;
  const parity = set.parity(k, req.encoder);
  const encoder = encoderFor(req.encoder);
  const weights = encoder.weights?.(k);
  const groupCount = members.length / k;
  const encoded = new Float32Array(groupCount * IMAGE_SIZE);
  for (let g = 0; g < groupCount; g++) encoder.encode(set.data.images, members, g * k, k, encoded, g * IMAGE_SIZE);
  const parityOut = await parity.model.run(encoded, groupCount);
  const deployed = await set.deployedLogits();
  const decoded = new Float32Array(CLASSES);
  const out = new Uint8Array(req.group.length);
  for (let r = 0; r < req.group.length; r++) {
    const g = req.group[r]!;
    decodeInto(decoded, 0, parityOut, g * CLASSES, deployed, members, g * k, k, req.position[r]!, CLASSES, weights);
    out[r] = argmax(decoded, 0, CLASSES);
  }
  return out;
}
