import type { SweepPoint } from './types.js';

/** How reports name a sweep point: "arrivals.rate=270/s", keys joined by ", "; "" when there is no sweep. */
export function sweepLabel(point: SweepPoint): string {
  return Object.entries(point)
    .map(([path, value]) => `${path}=${String(value)}`)
    .join(', ');
}
