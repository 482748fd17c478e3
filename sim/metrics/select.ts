/**
 * The k-th smallest of a[left … right] (0-based k), by Hoare's quickselect with median-of-three
 * pivots; reorders that range, leaving smaller values before k and larger after it. The pivots
 * depend on the values only, so the result — and the order left behind — is the same on every run.
 */
export function select(a: Float64Array, k: number, left = 0, right = a.length - 1): number {
  while (right > left) {
    const mid = (left + right) >> 1;
    let x = a[left]!, y = a[mid]!, z = a[right]!;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = left, j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}
