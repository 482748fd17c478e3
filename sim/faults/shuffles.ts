import type { StragglerConfig } from '../cluster/config.js';
import type { FaultContext } from './context.js';

/**
 * Background shuffles as in ParM's evaluation: `flows` concurrent flows, each repeatedly picking
 * two distinct random hosts and sending U(lo, hi) bytes one way, then the same amount back.
 *
 * The pairs are drawn among the hosts of the strategy being run, from one stream shared by all
 * flows. Strategies with as many hosts see the same shuffles, flow for flow. Between clusters of
 * different sizes what is common is the stream of draws, not the shuffles: the first flows draw
 * the same numbers and sizes, but a draw maps to a host as floor(u · hosts), so the same draw
 * names another pair (a draw naming host 5 of 12 names host 7 or 8 of 18), and once two flows
 * share a NIC in one cluster and not in the other their completions, and so which flow takes the
 * next draws, differ. Per-host processes (slowdowns, background jobs, fail-stop) have no such
 * coupling and are identical per host index; a cluster-wide process like this one cannot be,
 * since how often a given host is touched depends on how many hosts share the flows.
 */
export function startShuffles(ctx: FaultContext, config: NonNullable<StragglerConfig['shuffles']>): void {
  const { hosts, network } = ctx;
  if (hosts.count < 2) return;
  if (!network.hasBandwidth) throw new Error("shuffles need a network bandwidth (the scenario layer checks this)");
  const rng = ctx.streams.stream('stragglers/shuffles');
  const [lo, hi] = config.size;
  // Per slot: the pair and size of its current shuffle, and whether the return leg is done.
  const src = new Int32Array(config.flows);
  const dst = new Int32Array(config.flows);
  const size = new Float64Array(config.flows);
  const returning = new Uint8Array(config.flows);
  // Where each slot's running leg is recorded (its end is filled in when it finishes).
  const legs = ctx.shuffleLegs ?? null;
  const recordAt = new Int32Array(config.flows).fill(-1);
  const start = (slot: number, from: number, to: number): void => {
    if (legs) {
      recordAt[slot] = legs.length;
      legs.push(slot, from, to, ctx.sim.now, NaN);
    }
    network.startFlow(slot, from, to, size[slot]!);
  };

  const next = (slot: number): void => {
    const a = rng.int(hosts.count);
    let b = rng.int(hosts.count - 1);
    if (b >= a) b++;
    src[slot] = a;
    dst[slot] = b;
    size[slot] = lo + (hi - lo) * rng.uniform();
    returning[slot] = 0;
    start(slot, a, b);
  };
  network.setupFlows(config.flows, (slot) => {
    if (legs) legs[recordAt[slot]! + 4] = ctx.sim.now;
    if (returning[slot]) return next(slot);
    returning[slot] = 1;
    start(slot, dst[slot]!, src[slot]!);
  });
  for (let slot = 0; slot < config.flows; slot++) next(slot);
}
