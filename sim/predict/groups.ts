/**
 * The seeded coding groups the manifest's figures were measured on, drawn exactly as
 * models/pipeline/groups.py draws them (a specified integer generator, not a library RNG, so
 * both languages produce the same groups):
 * 32-bit LCG state' = (1664525 * state + 1013904223) mod 2^32; a draw below m is
 * floor(state * m / 2^32); Fisher-Yates from the top; groups are consecutive runs of k.
 */
export function lcgPermutation(n: number, seed: number): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let state = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    state = (Math.imul(1664525, state) + 1013904223) >>> 0;
    // state * (i + 1) < 2^53, so the product and the power-of-two division are exact.
    const j = Math.floor((state * (i + 1)) / 4294967296);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}

/** floor(n / k) groups of k sample indices, flattened: group g is [g*k, g*k + k). */
export function codingGroups(n: number, k: number, seed: number): Int32Array {
  const count = Math.floor(n / k);
  return lcgPermutation(n, seed).slice(0, count * k);
}
