// The Mann–Whitney test the validation scripts (stall-record.mjs, fit-deep.mjs) set two worlds'
// per-seed values apart with.
import { wilcoxonRankSum } from 'simple-statistics';

/** Mann–Whitney's z for a against b (ties ranked by their mean rank; the normal approximation): negative when a tends lower. */
export function mannWhitneyZ(a, b) {
  const u = wilcoxonRankSum(a, b) - (a.length * (a.length + 1)) / 2;
  return (u - (a.length * b.length) / 2) / Math.sqrt((a.length * b.length * (a.length + b.length + 1)) / 12);
}
