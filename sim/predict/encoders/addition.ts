import { IMAGE_SIZE, type ParityEncoder } from './encoder.js';

/** Pixel-wise sum of the k images in [0,1]: values in [0, k]. */
export const additionEncoder: ParityEncoder = {
  name: 'addition',
  supports: (k) => Number.isInteger(k) && k >= 2,
  encode(images, members, offset, k, out, outOffset) {
    const sums = new Int32Array(IMAGE_SIZE);
    for (let slot = 0; slot < k; slot++) {
      const sample = members[offset + slot]!;
      if (sample < 0) continue;
      const base = sample * IMAGE_SIZE;
      for (let p = 0; p < IMAGE_SIZE; p++) sums[p]! += images[base + p]!;
    }
    for (let p = 0; p < IMAGE_SIZE; p++) out[outOffset + p] = sums[p]! / 255;
  },
};
