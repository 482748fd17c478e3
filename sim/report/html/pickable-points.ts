import type { ResultsFile } from '../../metrics/types.js';
import { sweepLabel } from '../../metrics/sweep-label.js';

/**
 * At most this many sweep points in the page's point picker. Every pickable point carries its
 * distribution (about 100 rows a strategy) and its table rows: a 1,000-point sweep would make a
 * page of 12 MB that takes seconds to build and to open. The sweep chart carries every point.
 */
export const PICK_LIMIT = 50;

/** The sweep points the picker offers: all of them up to PICK_LIMIT, else PICK_LIMIT evenly spaced, first and last included. */
export function pickablePoints(sweeps: readonly string[]): string[] {
  if (sweeps.length <= PICK_LIMIT) return [...sweeps];
  const picked = new Set<string>();
  for (let i = 0; i < PICK_LIMIT; i++) picked.add(sweeps[Math.round((i * (sweeps.length - 1)) / (PICK_LIMIT - 1))]!);
  return [...picked];
}

/** The results at those points only: what the page's tables show. */
export function atPoints(results: ResultsFile, points: readonly string[]): ResultsFile {
  const keep = new Set(points);
  return {
    ...results,
    runs: results.runs.filter((r) => keep.has(sweepLabel(r.sweep))),
    aggregate: results.aggregate.filter((a) => keep.has(sweepLabel(a.sweep))),
  };
}
