import type { WorldConfig } from '../sim/cluster/config.js';
import type { StrategySpec } from '../sim/strategies/spec.js';
import { simulate } from '../sim/strategies/simulate.js';
import { round } from './kernel-mmc.js';

const zero = { dist: 'constant', value: 0 } as const;

/**
 * ParM's Fig. 9a setting: 12 data instances, k = 2, Poisson at 270 queries/s, 4 background
 * shuffles. `ports`: with the switch-port model (a 256 KB buffer per port, jumbo frames), whose
 * queues, losses and TCP recovery cost work on every query transfer; without it, the fluid NIC
 * shares alone (the model before it), for the side-by-side comparison.
 */
export function fig9aWorld(queries: number, ports = false): WorldConfig {
  return {
    queries,
    warmup: 0,
    arrivals: { process: 'poisson', rate: 0.27 },
    payload: { dist: 'constant', value: 150_000 },
    response: zero,
    samples: 10_000,
    cluster: { instances: 12, dispatch: 'single-queue', batch: { size: 1, timeout: 0 }, service: { time: { dist: 'lognormal', median: 20, sigma: 0.1 } }, speeds: [] },
    network: { latency: { dist: 'constant', value: 0.2 }, bandwidth: 1.25e6, ...(ports ? { buffer: 256_000, mtu: 9001 } : {}) },
    stragglers: { shuffles: { flows: 4, size: [128e6, 256e6], slowdown: 2 } },
    faults: { failStop: [], scripted: [] },
  };
}

export const fig9aStrategies: StrategySpec[] = [
  { kind: 'none', label: 'none' },
  { kind: 'equal-resources', k: 2, label: 'equal-resources' },
  { kind: 'replication', copies: 2, instances: 24, cancelRunning: false, label: 'replication' },
  { kind: 'hedged', after: { percentile: 0.95, window: 1000 }, label: 'hedged' },
  { kind: 'parm', k: 2, encoder: 'addition', encode: zero, decode: zero, groupTimeout: Infinity, label: 'parm' },
];

/** Simulates one strategy (in a process of its own, so that peak RSS is this run's). */
export function parmFig9a(label: string, queries: number, name = 'parm-fig9a'): Record<string, number | string> {
  const world = fig9aWorld(queries, name.includes('ports'));
  const strategy = fig9aStrategies.find((s) => s.label === label)!;
  const started = performance.now();
  const outcomes = simulate(world, strategy, 1);
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    strategy: label,
    queries,
    seconds: round(seconds, 3),
    queries_per_s: Math.round(queries / seconds),
    events_per_s: Math.round(outcomes.events / seconds),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
