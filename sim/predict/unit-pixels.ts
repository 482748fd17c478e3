/**
 * The deployed model's input pixels: each uint8 value v of the test split as v / 255, rounded once
 * to float32. Its own module so that the inference thread, which converts the split for the
 * deployed model's pass (ort-session.ts), loads nothing else of the data set's code.
 */

/** v / 255 rounded once to float32, for every uint8 v: the deployed model's input pixels. */
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** uint8 pixels -> float32 in [0,1] (v / 255 rounded once), the deployed model's input. */
export function toUnitPixels(images: Uint8Array): Float32Array {
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = UNIT[images[i]!]!;
  return out;
}

/** Writes sample `sample`'s 784 pixels as toUnitPixels does, at into[at ..]. */
export function writeUnitImage(images: Uint8Array, sample: number, into: Float32Array, at: number): void {
  const base = sample * 784;
  for (let p = 0; p < 784; p++) into[at + p] = UNIT[images[base + p]!]!;
}
