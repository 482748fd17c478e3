import type { Outcomes } from '../cluster/outcomes.js';
import { measuredSorted } from './percentiles.js';
import { STALL_MS } from './stalls.js';

/**
 * Where a query's answering host stood with the background shuffles when the query arrived. The
 * network model treats each differently (sim/cluster/switch-ports.ts: a port paced at its limit,
 * the sawtooth of a host that sends a shuffle too, an overloaded port's sawtooth), so the stalled
 * share per situation, simulated against emulated, says whether the model is right for the right
 * reason and not by two errors cancelling (docs/validation.md, "Round 13").
 */
export const HOST_SITUATIONS = ['no shuffle in', 'one shuffle in, the host sends none', 'one shuffle in, the host sends one too', 'two or more shuffles in'] as const;
export type HostSituation = (typeof HOST_SITUATIONS)[number];

export interface SituationStalls {
  situation: HostSituation;
  /** Measured queries answered by a host in this situation at their arrival. */
  queries: number;
  /** Those slower than their run's median by more than STALL_MS, as `stalled` counts them. */
  stalled: number;
}

/**
 * A run's measured queries answered by a host (not reconstructed, defaulted or lost), per
 * situation of that host at the query's arrival, with how many stalled; null when the run
 * recorded no shuffle legs (Outcomes.shuffleLegs, in the order the legs started), or had none.
 */
export function stallsBySituation(o: Pick<Outcomes, 'arrival' | 'latency' | 'host' | 'warmup' | 'count' | 'shuffleLegs'>): SituationStalls[] | null {
  const legs = o.shuffleLegs;
  if (!legs || legs.length === 0) return null;
  const sorted = measuredSorted(o.latency, o.warmup);
  const threshold = sorted[Math.ceil(0.5 * sorted.length) - 1]! + STALL_MS;
  const counts = HOST_SITUATIONS.map((situation) => ({ situation, queries: 0, stalled: 0 }));
  // Legs are recorded as they start, and a slot's next leg starts when its last one ends: walking
  // the queries in arrival order, each slot's running leg is the last one started.
  const slots = 1 + Math.max(...legs.filter((_, i) => i % 5 === 0));
  const running = new Int32Array(slots).fill(-1);
  let next = 0;
  for (let q = o.warmup; q < o.count; q++) {
    const t = o.arrival[q]!, h = o.host[q]!;
    for (; next < legs.length && legs[next + 3]! <= t; next += 5) running[legs[next]!] = next;
    if (h < 0) continue;
    let into = 0, out = 0;
    for (const leg of running) {
      if (leg < 0 || !(t < legs[leg + 4]! || Number.isNaN(legs[leg + 4]!))) continue;
      if (legs[leg + 2] === h) into++;
      if (legs[leg + 1] === h) out++;
    }
    const c = counts[into === 0 ? 0 : into >= 2 ? 3 : out === 0 ? 1 : 2]!;
    c.queries++;
    if (o.latency[q]! > threshold) c.stalled++;
  }
  return counts;
}
