import type { ParityEncoder } from './encoder.js';

/**
 * The k images shrunk and placed side by side in one 28x28 image, in group order:
 * k = 2: each image 28x14 (mean of horizontal pixel pairs), left then right;
 * k = 4: each image 14x14 (mean of 2x2 blocks), tiled 2x2 row by row;
 * k = 9: each image's top-left 27x27 as 9x9 (mean of 3x3 blocks), tiled 3x3 row by row (the last
 * row and column, background in Fashion-MNIST, left out; the collage's own stay blank).
 */
export const concatenationEncoder: ParityEncoder = {
  name: 'concatenation',
  supports: (k) => k === 2 || k === 4 || k === 9,
  encode(images, members, offset, k, out, outOffset) {
    out.fill(0, outOffset, outOffset + 784);
    if (k === 2) {
      for (let slot = 0; slot < 2; slot++) {
        const sample = members[offset + slot]!;
        if (sample < 0) continue;
        const base = sample * 784;
        for (let r = 0; r < 28; r++) {
          for (let c = 0; c < 14; c++) {
            const src = base + r * 28 + 2 * c;
            out[outOffset + r * 28 + slot * 14 + c] = (images[src]! + images[src + 1]!) / 510;
          }
        }
      }
      return;
    }
    if (k !== 4 && k !== 9) throw new RangeError(`concatenation encodes groups of 2, 4 or 9, not ${k}`);
    // k = b²: each image's top-left (side·b)² as side x side means of b x b blocks, tiled b x b.
    const b = k === 4 ? 2 : 3;
    const side = Math.floor(28 / b);
    const divisor = 255 * b * b;
    for (let slot = 0; slot < k; slot++) {
      const sample = members[offset + slot]!;
      if (sample < 0) continue;
      const base = sample * 784;
      const tile = outOffset + Math.floor(slot / b) * side * 28 + (slot % b) * side;
      for (let r = 0; r < side; r++) {
        for (let c = 0; c < side; c++) {
          const src = base + b * r * 28 + b * c;
          let sum = 0;
          for (let dr = 0; dr < b; dr++) for (let dc = 0; dc < b; dc++) sum += images[src + dr * 28 + dc]!;
          out[tile + r * 28 + c] = sum / divisor;
        }
      }
    }
  },
};
