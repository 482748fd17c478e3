/**
 * ParM's subtraction decoder: F(X_i) ~ F_P(P) - sum_{j != i} F(X_j). Empty slots (-1) were
 * encoded as blank images and are not subtracted. Float32 arithmetic in slot order, as the
 * pipeline's decode() does, so results match its fixtures exactly.
 *
 * With `weights` (a parity trained for sum_i w_i F(X_i), e.g. the weighted encoder's):
 * F(X_i) ~ (F_P(P) - sum_{j != i} w_j F(X_j)) / w_i, each w_j F(X_j) rounded to float32 before it
 * is subtracted. A weight of 1 multiplies and divides by nothing, so without weights (or with all
 * ones) this is exactly the subtraction above.
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
  weights?: ArrayLike<number>,
): void {
  for (let c = 0; c < classes; c++) out[outOffset + c] = parity[parityOffset + c]!;
  for (let slot = 0; slot < k; slot++) {
    const sample = members[membersOffset + slot]!;
    if (slot === position || sample < 0) continue;
    const base = sample * classes;
    const w = weights ? weights[slot]! : 1;
    if (w === 1) {
      for (let c = 0; c < classes; c++) out[outOffset + c] = out[outOffset + c]! - deployed[base + c]!;
    } else {
      for (let c = 0; c < classes; c++) out[outOffset + c] = out[outOffset + c]! - Math.fround(w * deployed[base + c]!);
    }
  }
  const own = weights ? weights[position]! : 1;
  if (own !== 1) for (let c = 0; c < classes; c++) out[outOffset + c] = out[outOffset + c]! / own;
}

/** The same on plain arrays; `null` marks an empty slot. */
export function decode(
  parity: ArrayLike<number>,
  memberOutputs: (ArrayLike<number> | null)[],
  position: number,
  weights?: ArrayLike<number>,
): Float32Array {
  const out = Float32Array.from(parity as ArrayLike<number>);
  memberOutputs.forEach((member, slot) => {
    if (slot === position || member === null) return;
    const w = weights ? weights[slot]! : 1;
    for (let c = 0; c < out.length; c++) out[c] = out[c]! - (w === 1 ? member[c]! : Math.fround(w * member[c]!));
  });
  const own = weights ? weights[position]! : 1;
  if (own !== 1) for (let c = 0; c < out.length; c++) out[c] = out[c]! / own;
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
