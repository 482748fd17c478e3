/**
 * ParM's reconstructions with one parity model: encode each group from its member samples, run
 * the parity model in batches, decode the erased position (dividing by its weight where the
 * encoder's parity is weighted).
 */
import { argmax, decodeInto } from './decoder.js';
import { encoderFor, IMAGE_SIZE, type EncoderName } from './encoders/index.js';
import { CLASSES, type DecodeContext } from './decode-context.js';

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
 * Predicted class per request, with the parity model `parity` (a session id). Each group is
 * encoded and run once however many requests share it; requests are taken in order, a run of
 * distinct groups at a time (requests of one group next to each other, as every caller makes
 * them, share its run).
 */
export async function parmClasses(req: ReconstructionRequest, parity: number, context: DecodeContext): Promise<Uint8Array> {
  const { k, members } = req;
  const { rowsPerRun, deployed } = context;
  const encoder = encoderFor(req.encoder);
  const weights = encoder.weights?.(k);
  const requests = req.group.length;
  // The runs: one per change of group along the requests.
  const runOf = new Int32Array(requests);
  const runGroup: number[] = [];
  for (let r = 0; r < requests; r++) {
    if (r === 0 || req.group[r] !== req.group[r - 1]) runGroup.push(req.group[r]!);
    runOf[r] = runGroup.length - 1;
  }
  const pixels = new Float32Array(Math.min(runGroup.length, rowsPerRun) * IMAGE_SIZE);
  const decoded = new Float32Array(CLASSES);
  const classes = new Uint8Array(requests);
  let r = 0;
  for (let start = 0; start < runGroup.length; start += rowsPerRun) {
    const end = Math.min(runGroup.length, start + rowsPerRun);
    for (let i = start; i < end; i++) encoder.encode(context.images, members, runGroup[i]! * k, k, pixels, (i - start) * IMAGE_SIZE);
    const logits = await context.run(parity, pixels, end - start, CLASSES);
    for (; r < requests && runOf[r]! < end; r++) {
      const g = req.group[r]!;
      decodeInto(decoded, 0, logits, (runOf[r]! - start) * CLASSES, deployed, members, g * k, k, req.position[r]!, CLASSES, weights);
      classes[r] = argmax(decoded, 0, CLASSES);
    }
  }
  return classes;
}
