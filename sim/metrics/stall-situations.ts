import type { Outcomes } from '../cluster/outcomes.js';
import { measuredSorted } from './percentiles.js';
import { stallThreshold } from './stalls.js';
import { HOST_SITUATIONS, type SituationStalls } from './types.js';

export { HOST_SITUATIONS, type HostSituation, type SituationStalls } from './types.js';

/**
 * A run's measured queries answered by a host (not reconstructed, defaulted or lost), per
 * situation of that host at the query's arrival, with how many stalled; null when the run
 * recorded no shuffle legs (Outcomes.shuffleLegs, in the order the legs started), or had none.
 */
export function stallsBySituation(o: Pick<Outcomes, 'arrival' | 'latency' | 'host' | 'warmup' | 'count' | 'shuffleLegs'>): SituationStalls[] | null {
  const legs = o.shuffleLegs;
  if (!legs || legs.length === 0) return null;
  const sorted = measuredSorted(o.latency, o.warmup);
  const threshold = stallThreshold(sorted);
  const counts = HOST_SITUATIONS.map((situation) => ({ situation, queries: 0, stalled: 0 }));
  // Legs are recorded as they start, and a slot's next leg starts when its last one ends: walking
  // the queries in arrival order, each slot's running leg is the last one started.
  // (A loop, not Math.max(...): a long run's legs would pass the engine's limit on arguments.)
  let slots = 0;
  for (let i = 0; i < legs.length; i += 5) slots = Math.max(slots, legs[i]! + 1);
  const running = new Int32Array(slots).fill(-1);
  const live = (leg: number, t: number) => t < legs[leg + 4]! || Number.isNaN(legs[leg + 4]!);
  let next = 0;
  for (let q = o.warmup; q < o.count; q++) {
    const t = o.arrival[q]!, h = o.host[q]!;
    for (; next < legs.length && legs[next + 3]! <= t; next += 5) running[legs[next]!] = next;
    if (h < 0) continue;
    let into = 0, out = 0, sender = -1;
    for (const leg of running) {
      if (leg < 0 || !live(leg, t)) continue;
      if (legs[leg + 2] === h) {
        into++;
        sender = legs[leg + 1]!;
      }
      if (legs[leg + 1] === h) out++;
    }
    let situation = into === 0 ? 0 : into >= 2 ? 4 : out > 0 ? 3 : 1;
    if (situation === 1) for (const leg of running) if (leg >= 0 && live(leg, t) && legs[leg + 2] === sender) situation = 2;
    const c = counts[situation]!;
    c.queries++;
    if (o.latency[q]! > threshold) c.stalled++;
  }
  return counts;
}
