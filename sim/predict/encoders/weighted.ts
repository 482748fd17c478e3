import { IMAGE_SIZE, type ParityEncoder } from './encoder.js';

/**
 * Pixel-wise sum of the k images weighted by their position in the group, sum_i (i + 1) X_i
 * (weights 1, 2, ..., k): values in [0, k(k+1)/2]. Its parity model is trained for
 * F_W(P) ~ sum_i (i + 1) F(X_i), so a member is decoded as (F_W(P) - sum_{j != i} w_j F(X_j)) / w_i;
 * beside an addition parity (weights all 1), any two erased members of a group can be recovered.
 */
export const weightedEncoder: ParityEncoder = {
  name: 'weighted',
  supports: (k) => Number.isInteger(k) && k >= 2,
  weights: (k) => Array.from({ length: k }, (_, i) => i + 1),
  encode(images, members, offset, k, out, outOffset) {
    const sums = new Int32Array(IMAGE_SIZE);
    for (let slot = 0; slot < k; slot++) {
      const sample = members[offset + slot]!;
      if (sample < 0) continue;
      const base = sample * IMAGE_SIZE;
      const w = slot + 1;
      for (let p = 0; p < IMAGE_SIZE; p++) sums[p]! += w * images[base + p]!;
    }
    for (let p = 0; p < IMAGE_SIZE; p++) out[outOffset + p] = sums[p]! / 255;
  },
};
