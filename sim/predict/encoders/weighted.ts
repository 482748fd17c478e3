import { encodeWeightedSum, type ParityEncoder } from './encoder.js';

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
  encode: (images, members, offset, k, out, outOffset) => encodeWeightedSum(images, members, offset, k, (slot) => slot + 1, out, outOffset),
};
