/**
 * ParM's subtraction decoder: F(X_i) ~ F_P(P) - sum_{j != i} F(X_j). Empty slots (-1) were
 * encoded as blank images and are not subtracted. Float32 arithmetic in slot order, as the
 * pipeline's decode() does, so results match its fixtures exactly.
 */
export function decodeInto(
  out: Float32Array,
  outOffset: number,
  parity: Float32Array,
  parityOffset: number,
  deployed: Float32Array,
  members: ArrayLike<number>,
  membersOffset: number,
  k: number,
  position: number,
  classes: number,
): void {
  for (let c = 0; c < classes; c++) out[outOffset + c] = parity[parityOffset + c]!;
  for (let slot = 0; slot < k; slot++) {
    const sample = members[membersOffset + slot]!;
    if (slot === position || sample < 0) continue;
    const base = sample * classes;
    for (let c = 0; c < classes; c++) out[outOffset + c] = out[outOffset + c]! - deployed[base + c]!;
  }
}

/** The same on plain arrays; `null` marks an empty slot. */
export function decode(parity: ArrayLike<number>, memberOutputs: (ArrayLike<number> | null)[], position: number): Float32Array {
  const out = Float32Array.from(parity as ArrayLike<number>);
  memberOutputs.forEach((member, slot) => {
    if (slot === position || member === null) return;
    for (let c = 0; c < out.length; c++) out[c] = out[c]! - member[c]!;
  });
  return out;
}

/** Index of the largest value (the first one on ties, as numpy's argmax). */
export function argmax(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  let bestValue = values[offset]!;
  for (let c = 1; c < length; c++) {
    const v = values[offset + c]!;
    if (v > bestValue) {
      bestValue = v;
      best = c;
    }
  }
  return best;
}
