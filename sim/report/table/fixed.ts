/** A number to `digits` decimals; '-' when missing, 'inf' when infinite. */
export function fixed(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return '-';
  return Number.isFinite(x) ? x.toFixed(digits) : x > 0 ? 'inf' : x < 0 ? '-inf' : '-';
}
