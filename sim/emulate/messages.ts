import type { WorldConfig } from '../cluster/config.js';
import type { Outcomes } from '../cluster/outcomes.js';
import type { StrategySpec } from '../strategies/spec.js';
import type { InstanceCoding } from './instance/coding.js';

/**
 * What the emulation's two processes say to each other over their IPC channel: the conductor
 * (in the root namespace: testbed, instance processes, shuffles, failures) and the frontend
 * (in the frontend's namespace: the strategy, the cluster's bookkeeping, real TCP to instances).
 */
export type ToFrontend =
  | { type: 'job'; world: WorldConfig; strategy: StrategySpec; seed: number; hosts: number; wallLimitMs: number }
  | { type: 'instances'; endpoints: { address: string; port: number }[] }
  | { type: 'flow-done'; slot: number }
  | { type: 'recovered'; host: number; endpoint: { address: string; port: number } };

export type ToConductor =
  /** The strategy's pools: each host's role and what its instance process serves (wire-plan.ts). */
  | { type: 'pools'; pools: { role: number; hosts: number[]; coding: InstanceCoding }[] }
  | { type: 'flow'; slot: number; src: number; dst: number; bytes: number }
  | { type: 'fail'; host: number }
  | { type: 'recover'; host: number }
  | { type: 'done'; result: FrontendResult }
  | { type: 'error'; message: string };

/** The run as the frontend saw it: outcomes (run-relative ms) and when each task's steps happened. */
export interface FrontendResult {
  outcomes: Outcomes;
  /** Monotonic ms at the run's time 0 (to compare with the canary's freezes). */
  origin: number;
  /** Per task: [sent, landed, start, end, received, lateness] (ms since origin; lateness in ms). */
  taskTimes: Float64Array[];
  /** The run was cut at its wall-clock limit (unanswered queries then count as lost). */
  wallLimitHit: boolean;
  /** How late the frontend's own timers fired (ms): p50, p99, max. */
  loopLateness: [number, number, number];
}
