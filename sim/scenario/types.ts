import type { WorldConfig } from '../cluster/config.js';
import type { StrategySpec } from '../strategies/spec.js';
import type { SweepPoint } from '../metrics/types.js';

/** A validated scenario with units normalised (ms, bytes, bytes/ms, 1/ms). */
export interface Scenario {
  name: string;
  /** The file it came from (for messages), or null when built in code. */
  file: string | null;
  seed: number;
  /** Independent replications: seeds seed, seed+1, ... */
  seeds: number;
  world: WorldConfig;
  /** Compared under common random numbers; labels are unique. */
  strategies: StrategySpec[];
  /** Model set under models/ that supplies real predictions, or null for latency only. */
  models: string | null;
  /** The sweep as written: path → values as the user wrote them. Empty when there is none. */
  sweep: Record<string, (string | number | boolean)[]>;
  /** Claims about strategies, e.g. "parm.p999 < 0.6 * equal-resources.p999". Parsed later by the check layer. */
  expect: string[];
}

/** One simulation to run: a scenario at one sweep point with one seed, for every strategy. */
export interface RunPoint {
  /** The scenario with the sweep point applied. */
  scenario: Scenario;
  point: SweepPoint;
  seed: number;
}
