import type { WorldConfig } from '../../sim/cluster/config.js';
import type { StrategySpec } from '../../sim/strategies/spec.js';

/** A small world for tests, in normalised units (ms, bytes, bytes/ms, 1/ms); override what matters. */
export function testWorld(overrides: Partial<WorldConfig> = {}, cluster: Partial<WorldConfig['cluster']> = {}): WorldConfig {
  return {
    queries: 5000,
    warmup: 200,
    arrivals: { process: 'poisson', rate: 0.27 },
    payload: { dist: 'constant', value: 150_000 },
    response: { dist: 'constant', value: 0 },
    samples: 10_000,
    network: { latency: { dist: 'constant', value: 0.2 }, bandwidth: 1.25e6 },
    stragglers: { shuffles: { flows: 4, size: [128e6, 256e6], slowdown: 3 } },
    faults: { failStop: [], scripted: [] },
    ...overrides,
    cluster: {
      instances: 12,
      dispatch: 'single-queue',
      batch: { size: 1, timeout: 0 },
      service: { time: { dist: 'lognormal', median: 20, sigma: 0.1 } },
      speeds: [],
      ...cluster,
    },
  };
}

const zero = { dist: 'constant', value: 0 } as const;

/** One of each strategy, with ParM's k = 2. */
export const allStrategies: StrategySpec[] = [
  { kind: 'none', label: 'none' },
  { kind: 'equal-resources', k: 2, label: 'equal-resources' },
  { kind: 'parm', k: 2, encoder: 'addition', encode: zero, decode: zero, groupTimeout: Infinity, label: 'parm' },
  { kind: 'replication', copies: 2, cancelRunning: false, label: 'replication' },
  { kind: 'hedged', after: { percentile: 0.9, window: 200 }, label: 'hedged' },
  { kind: 'backup', backups: 3, service: { dist: 'constant', value: 5 }, after: 10, label: 'backup' },
];
