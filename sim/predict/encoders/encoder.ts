/**
 * The encoders scenarios and manifests can name (the keys of the registry in index.ts). Listed
 * here, apart from the encoders themselves, so that the CLI's option choices load no encoder.
 */
export const encoderNames = ['addition', 'concatenation', 'weighted'] as const;
export type EncoderName = (typeof encoderNames)[number];

export function isEncoderName(name: unknown): name is EncoderName {
  return (encoderNames as readonly unknown[]).includes(name);
}

/** Pixels in one image: the data set's 28x28 images, and the parity images encoded from them. */
export const IMAGE_SIZE = 28 * 28;

/**
 * A parity encoder: k query images in, one 28x28 parity image out. Every encoded pixel is an
 * integer sum of uint8 pixels divided by 255*m and stored in a Float32Array (one rounding),
 * exactly what models/pipeline/encoders.py fed the parity models in training.
 */
export interface ParityEncoder {
  readonly name: EncoderName;
  /** The group sizes this encoder is defined for. */
  supports(k: number): boolean;
  /**
   * The weight w_i of each group position in the parity the encoder's model is trained for,
   * F_P(P) ~ sum_i w_i F(X_i), when they are not all 1 (weighted: 1, 2, ..., k). The decoder
   * divides by the erased member's weight. Absent: every weight is 1 (ParM's subtraction).
   */
  weights?(k: number): readonly number[];
  /**
   * Writes the parity image (784 floats) for the group members[offset .. offset + k) into
   * out[outOffset ..]. A member of -1 is an empty slot: a blank image.
   */
  encode(images: Uint8Array, members: ArrayLike<number>, offset: number, k: number, out: Float32Array, outOffset: number): void;
}

/** s / 255 rounded once to float32 for every sum of four weighted pixels with weights up to 4 (k ≤ 4). */
const OVER_255 = Float32Array.from({ length: 255 * 10 + 1 }, (_, s) => s / 255);

/**
 * The sum encoders' pixel: Σ_slot weight(slot) · pixel of the member in that slot, as an integer
 * sum of uint8 pixels divided by 255 once (an empty slot, -1, adds nothing). ParM's addition is
 * every weight 1; the weighted encoder's are 1, 2, …, k. Groups of up to four, the sets' sizes,
 * take one pass with the division as a lookup of the same float32 values (a division per pixel
 * and a pass per member were most of the encoder's time); larger ones the plain loop.
 */
export function encodeWeightedSum(images: Uint8Array, members: ArrayLike<number>, offset: number, k: number, weight: (slot: number) => number, out: Float32Array, outOffset: number): void {
  if (k > 4 || weight(k - 1) > 4) return encodeWeightedSumAnyK(images, members, offset, k, weight, out, outOffset);
  // An empty or absent slot reads image 0 with weight 0. Locals, not arrays: this runs once per
  // reconstruction, and allocating and unpacking two small arrays cost as much as the sum.
  const s0 = members[offset]!, s1 = k > 1 ? members[offset + 1]! : -1, s2 = k > 2 ? members[offset + 2]! : -1, s3 = k > 3 ? members[offset + 3]! : -1;
  const b0 = s0 < 0 ? 0 : s0 * IMAGE_SIZE, b1 = s1 < 0 ? 0 : s1 * IMAGE_SIZE, b2 = s2 < 0 ? 0 : s2 * IMAGE_SIZE, b3 = s3 < 0 ? 0 : s3 * IMAGE_SIZE;
  const w0 = s0 < 0 ? 0 : weight(0), w1 = s1 < 0 ? 0 : weight(1), w2 = s2 < 0 ? 0 : weight(2), w3 = s3 < 0 ? 0 : weight(3);
  // Addition (every weight 1) has a loop per k that reads only the images it sums, with no
  // multiplication: about twice as fast as the four-image weighted loop below.
  const o = outOffset;
  if (w0 === 1 && w1 === 1 && k === 2) for (let p = 0; p < IMAGE_SIZE; p++) out[o + p] = OVER_255[images[b0 + p]! + images[b1 + p]!]!;
  else if (w0 === 1 && w1 === 1 && w2 === 1 && k === 3) for (let p = 0; p < IMAGE_SIZE; p++) out[o + p] = OVER_255[images[b0 + p]! + images[b1 + p]! + images[b2 + p]!]!;
  else if (w0 === 1 && w1 === 1 && w2 === 1 && w3 === 1) for (let p = 0; p < IMAGE_SIZE; p++) out[o + p] = OVER_255[images[b0 + p]! + images[b1 + p]! + images[b2 + p]! + images[b3 + p]!]!;
  else for (let p = 0; p < IMAGE_SIZE; p++) out[o + p] = OVER_255[w0 * images[b0 + p]! + w1 * images[b1 + p]! + w2 * images[b2 + p]! + w3 * images[b3 + p]!]!;
}

function encodeWeightedSumAnyK(images: Uint8Array, members: ArrayLike<number>, offset: number, k: number, weight: (slot: number) => number, out: Float32Array, outOffset: number): void {
  const sums = new Int32Array(IMAGE_SIZE);
  for (let slot = 0; slot < k; slot++) {
    const sample = members[offset + slot]!;
    if (sample < 0) continue;
    const base = sample * IMAGE_SIZE;
    const w = weight(slot);
    for (let p = 0; p < IMAGE_SIZE; p++) sums[p]! += w * images[base + p]!;
  }
  for (let p = 0; p < IMAGE_SIZE; p++) out[outOffset + p] = sums[p]! / 255;
}
