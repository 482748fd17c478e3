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
      /** Parity models per group (default 1): parity 0 the `encoder`'s, parity 1 the `weighted` encoder's; any k of the k + r outputs decode. */
      r?: number;
      encoder: 'addition' | 'concatenation';
      parityInstances?: number;
      encode: DistSpec;
      decode: DistSpec;
      /** Encode a partial group once its first batch has waited this long (ms); Infinity waits forever. */
      groupTimeout: number;
      /** Hold a reconstruction back until its batch has waited this long (ms), preferring the original; 0 answers at once. */
      answerWait?: number;
    }
  /** Collage inference: each group of k queries also answered at once by a multi-image classifier on their collage. */
  | {
      kind: 'collage';
      k: number;
      /** Collage instances (default ceil(instances / k)). */
      collages?: number;
      /** Service time of the collage model per collage (default: the cluster's). */
      service?: DistSpec;
      encode: DistSpec;
      groupTimeout: number;
      answerWait?: number;
    }
  /**
   * ApproxIFER's Berrut-coded inference: k queries interpolated into coded queries that the
   * deployed model answers; decoded from any k answers (or fewer after `wait`).
   */
  | {
      kind: 'berrut';
      k: number;
      /** Answers that may straggle: the code has k + stragglers answers per group. */
      stragglers: number;
      /** Originals on data instances as well, coded queries only for the stragglers (exact answers when the originals come back). */
      systematic: boolean;
      /** Coded instances (default ceil(instances × coded queries per group / k)). */
      codedInstances?: number;
      encode: DistSpec;
      decode: DistSpec;
      groupTimeout: number;
      /** Decode from fewer than k answers (at least one) once the group has waited this long after encoding (ms); Infinity never. */
      wait: number;
      /** As parm's: hold a decoded answer back until its batch has waited this long (systematic only). */
      answerWait?: number;
    }
) & { label: string };

export type StrategyKind = StrategySpec['kind'];
