/**
 * ParM's reconstructions of one run, made where the parity model's session lives
 * (ort-session.ts): encode each group from its member samples, run the parity model in batches,
 * decode the erased position (dividing by its weight where the encoder's parity is weighted).
 */
import { argmax, decodeInto } from './decoder.js';
import { encoderFor, IMAGE_SIZE, type EncoderName } from './encoders/index.js';

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

/** What reconstructRuns works with, where the parity session lives. */
export interface ReconstructionContext {
  /** The split's uint8 images the members index. */
  images: Uint8Array;
  /** The deployed model's outputs for every sample, `width` each. */
  deployed: Float32Array;
  /** Outputs per image. */
  width: number;
  /** Parity images per run of the model. */
  rowsPerRun: number;
  /** Runs the parity model on the first n images of `pixels`: their outputs, or the shape it gave instead of [n, width]. */
  run(pixels: Float32Array, n: number): Promise<Float32Array | readonly number[]>;
}

/**
 * The classes of ParM's reconstructions, made with `context`'s parity model; `runs` is how many
 * parity images it ran. Stops at a run whose output is not [n, width] and returns that shape.
 */
export async function reconstructRuns(req: ReconstructionRequest, context: ReconstructionContext): Promise<{ classes: Uint8Array; runs: number; dims?: readonly number[]; rows?: number }> {
  const { k, members } = req;
  const { width, rowsPerRun, deployed } = context;
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
  const decoded = new Float32Array(width);
  const classes = new Uint8Array(requests);
  let r = 0;
  for (let start = 0; start < runGroup.length; start += rowsPerRun) {
    const end = Math.min(runGroup.length, start + rowsPerRun);
    for (let i = start; i < end; i++) encoder.encode(context.images, members, runGroup[i]! * k, k, pixels, (i - start) * IMAGE_SIZE);
    const logits = await context.run(pixels, end - start);
    if (!(logits instanceof Float32Array)) return { classes, runs: start, dims: logits, rows: end - start };
    for (; r < requests && runOf[r]! < end; r++) {
      const g = req.group[r]!;
      decodeInto(decoded, 0, logits, (runOf[r]! - start) * width, deployed, members, g * k, k, req.position[r]!, width, weights);
      classes[r] = argmax(decoded, 0, width);
    }
  }
  return { classes, runs: runGroup.length };
}
