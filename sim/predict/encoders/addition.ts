import { encodeWeightedSum, type ParityEncoder } from './encoder.js';

/** Pixel-wise sum of the k images in [0,1]: values in [0, k]. */
export const additionEncoder: ParityEncoder = {
  name: 'addition',
  supports: (k) => Number.isInteger(k) && k >= 2,
  encode: (images, members, offset, k, out, outOffset) => encodeWeightedSum(images, members, offset, k, () => 1, out, outOffset),
};
