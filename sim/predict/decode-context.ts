/**
 * What a decoder works with where the sessions live (ort-session.ts): the test split, the deployed
 * model's outputs for all of it, and a way to run a model. Decoders are pure functions of a job
 * and this context, so the same code runs in the inference thread and, for callers that keep
 * their sessions in their own thread, in that one.
 */
export interface DecodeContext {
  /** The split's uint8 images (784 a sample) that the sheets' members index. */
  images: Uint8Array;
  /** The deployed model's outputs for every sample of the split, CLASSES each. */
  deployed: Float32Array;
  /** Images per run of a model: what a decoder encodes at a time. */
  rowsPerRun: number;
  /**
   * Runs model `model` (a session id) on the first n images of `pixels` and resolves with their
   * outputs, `width` each; rejects with a ShapeMismatch when the model answers another shape.
   */
  run(model: number, pixels: Float32Array, n: number, width: number): Promise<Float32Array>;
}

/** A model answered a shape other than [rows, width]: OnnxModel turns it into an input error naming the file. */
export class ShapeMismatch extends Error {
  constructor(readonly model: number, readonly dims: readonly number[], readonly rows: number, readonly width: number) {
    super(`model ${model} gave [${dims.join(',')}] for [${rows},${width}]`);
  }
}

/** Outputs per image of a classifier: one logit per class (Fashion-MNIST's ten). */
export const CLASSES = 10;
