/**
 * Reconstruction through the real parity model: encode each group from its member samples,
 * run the parity model in batches, decode the erased position (dividing by its weight where the
 * encoder's parity is weighted).
 */
import { argmax, decodeInto } from './decoder.js';
import { encoderFor, type EncoderName } from './encoders/index.js';
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

/**
 * Predicted class per request. Each group is encoded and run once however many requests share
 * it; requests are taken in order, a chunk of distinct groups at a time (requests of one group
 * next to each other, as every caller makes them, share its run).
 */
export async function reconstructClasses(set: ModelSet, req: ReconstructionRequest): Promise<Uint8Array> {
  const { k, members } = req;
  const parity = set.parity(k, req.encoder);
  const encoder = encoderFor(req.encoder);
  const weights = encoder.weights?.(k);
  const deployed = await set.deployedLogits();
  const requests = req.group.length;
  // The runs: one per change of group along the requests.
  const runOf = new Int32Array(requests);
  const runGroup: number[] = [];
  for (let r = 0; r < requests; r++) {
    if (r === 0 || req.group[r] !== req.group[r - 1]) runGroup.push(req.group[r]!);
    runOf[r] = runGroup.length - 1;
  }
  const decoded = new Float32Array(CLASSES);
  const out = new Uint8Array(requests);
  let r = 0;
  await parity.model.runEncoded(
    runGroup.length,
    (i, into, at) => encoder.encode(set.data.images, members, runGroup[i]! * k, k, into, at),
    (start, end, logits) => {
      for (; r < requests && runOf[r]! < end; r++) {
        const g = req.group[r]!;
        decodeInto(decoded, 0, logits, (runOf[r]! - start) * CLASSES, deployed, members, g * k, k, req.position[r]!, CLASSES, weights);
        out[r] = argmax(decoded, 0, CLASSES);
      }
    },
  );
  return out;
}
