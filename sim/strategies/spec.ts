import type { DistSpec } from '../engine/distribution-spec.js';

/** A strategy as the scenario names it; `label` is what reports show (unique within a scenario). */
export type StrategySpec = (
  | { kind: 'none' }
  /** n + ceil(n/k) instances all serving the deployed model (ParM's main baseline). */
  | { kind: 'equal-resources'; k: number }
  | { kind: 'replication'; copies: number; instances?: number; cancelRunning: boolean }
  /** A second copy after `after` ms, or after the given percentile of recent batch latencies. */
  | { kind: 'hedged'; after: { fixed: number } | { percentile: number; window: number }; instances?: number }
  | { kind: 'backup'; backups: number; service: DistSpec; after: number }
  | {
      kind: 'parm';
      k: number;
      encoder: 'addition' | 'concatenation';
      parityInstances?: number;
      encode: DistSpec;
      decode: DistSpec;
      /** Encode a partial group once its first batch has waited this long (ms); Infinity waits forever. */
      groupTimeout: number;
    }
) & { label: string };

export type StrategyKind = StrategySpec['kind'];
