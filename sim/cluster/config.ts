import type { DistSpec } from '../engine/distribution-spec.js';

/** Frame size when the scenario names none: the emulated cluster's jumbo frames. */
export const DEFAULT_MTU = 9000;

/**
 * The switch-port model's TCP parameters where the scenario gives none (network.tcp): `hold`
 * calibrated against the emulated cluster on the testbed/loss-grid.yaml grid (docs/validation.md,
 * "Round 18", refitted in "Round 21": its stall shares, overall and by what the answering host was
 * in, and how many stalls meet a second timeout), `slowStartExit` on its deep-buffer row with two
 * shuffles ("Round 21"), `txqueue` on its responses' times on the wire. `burst` is the testbed's
 * tbf burst.
 */
export const TCP_DEFAULTS = { hold: 20, slowStartExit: 10, txqueue: 150_000, burstFrames: 2 } as const;

/**
 * Everything about the serving cluster and its environment that does not depend on the
 * redundancy strategy. Times are in milliseconds, sizes in bytes, bandwidths in bytes/ms,
 * rates in events/ms. The scenario layer produces this from a validated file.
 */
export interface WorldConfig {
  /** Measured queries (after warm-up). */
  queries: number;
  /** Queries at the start that run but are not measured. */
  warmup: number;
  arrivals: ArrivalConfig;
  /** Request payload size per query (bytes). */
  payload: DistSpec;
  /** Response size per batch (bytes); only matters with a bandwidth model. */
  response: DistSpec;
  /** Number of data-set samples a query's sample index is drawn from (uniformly). */
  samples: number;
  cluster: ClusterShape;
  network: NetworkConfig;
  stragglers: StragglerConfig;
  faults: FaultConfig;
  /** Answer with the default prediction if a query is still unanswered this long after arrival. */
  deadline?: number;
  /**
   * The drain limit: how long after the last arrival the run may go on answering queries still
   * queued or lost. Default: as long again as the arrivals took, at least DEFAULT_MIN_DRAIN_MS.
   * Queries unanswered when it passes are reported `unfinished` (still queued or running) or
   * `lost` (no copy of them left anywhere).
   */
  drain?: number;
}

/** The shortest default drain limit (ms): a minute after the last arrival. */
export const DEFAULT_MIN_DRAIN_MS = 60_000;

/** The drain limit of a world whose last query arrived at `lastArrival` (ms). */
export function drainLimit(world: WorldConfig, lastArrival: number): number {
  return world.drain ?? Math.max(DEFAULT_MIN_DRAIN_MS, lastArrival);
}

export type ArrivalConfig =
  | { process: 'poisson'; rate: number }
  | { process: 'constant'; rate: number }
  /** Two-state Markov-modulated Poisson process: rate[i] while in state i, exponential sojourns. */
  | { process: 'mmpp'; rates: [number, number]; sojourn: [number, number] }
  /** Replays absolute arrival times (ms, ascending), cycling with the trace's span if more are needed. */
  | { process: 'trace'; times: readonly number[] };

export type Dispatch = 'single-queue' | 'round-robin' | 'shortest-queue' | 'power-of-two';

export interface ServiceConfig {
  /** Service time of a batch at speed 1. */
  time: DistSpec;
  /** Optional profile: service time by batch size (index = size), overriding `time` where present. */
  byBatchSize?: ReadonlyMap<number, DistSpec>;
}

export interface ClusterShape {
  /** Data instances serving the deployed model. */
  instances: number;
  dispatch: Dispatch;
  batch: { size: number; timeout: number };
  service: ServiceConfig;
  /**
   * Tasks an instance may hold at once (default 1): with more than one, an instance of a
   * single-queue pool pulls the next task while it serves the current one, so the next request
   * travels during service instead of holding the instance idle.
   */
  prefetch?: number;
  /**
   * Relative speed per host (1 = nominal; 0.5 = takes twice as long). Hosts past the end of
   * the list run at 1. Applies to every role placed on the host.
   */
  speeds: readonly number[];
}

export interface NetworkConfig {
  /** One-way latency of each frontend↔instance message. */
  latency: DistSpec;
  /** NIC bandwidth of the frontend and every host (full duplex), or undefined for no bandwidth model. */
  bandwidth?: number;
  /**
   * Queue limit (bytes) of the switch's port toward each endpoint. With it (and a bandwidth), the
   * simulator models the ports' queues, their drops and TCP's recovery (sim/cluster/switch-ports.ts);
   * the emulated cluster shapes its switch ports with it.
   */
  buffer?: number;
  /** NIC frame size (bytes): messages are cut into segments of mtu − 52 bytes. */
  mtu?: number;
  /** The switch-port model's TCP parameters; each defaults to the value calibrated against the emulated cluster (simulated.ts). */
  tcp?: TcpConfig;
}

export interface TcpConfig {
  /** How long after an overflow a switch port's shuffle cuts its window (ms). */
  hold?: number;
  /** The queueing delay the shuffles into an overloaded port build before they leave slow start (ms). */
  slowStartExit?: number;
  /** Bytes a host's own shuffles keep queued in its NIC. */
  txqueue?: number;
  /** Bytes a shuffle's sender releases at once above its rate (its shaper's burst). */
  burst?: number;
}

export interface StragglerConfig {
  /**
   * ParM-style background shuffles between random host pairs (needs a bandwidth). `slowdown`
   * multiplies service time on a host while a shuffle flow touches it (the processing a
   * transfer costs the host); 1 models the network contention alone. `stall`: a query transfer
   * through a NIC that carries a shuffle flow loses a packet with `probability` and waits
   * `duration` (a retransmission timeout) — congestion's rare, long delays.
   */
  shuffles?: { flows: number; size: [number, number]; slowdown: number; stall?: { probability: number; duration: number } };
  /** Per-host on/off slowdown episodes: service time is multiplied by `factor` while on. */
  slowdowns?: { hosts: HostSelection; every: DistSpec; duration: DistSpec; factor: number };
  /** A second deployment's inference jobs on some hosts; each running job slows the host by sharing it. */
  background?: { hosts: HostSelection; rate: number; duration: DistSpec };
}

/** `count` picks that many hosts at random (from its own stream); `list` names them. */
export type HostSelection = { count: number } | { list: readonly number[] } | 'all';

export interface FaultConfig {
  /** Random fail-stop failures per host: up for `uptime`, down for `downtime`, repeat. */
  failStop: readonly { hosts: HostSelection; uptime: DistSpec; downtime: DistSpec }[];
  /** Scripted events at given times. */
  scripted: readonly ScriptedFault[];
}

export type ScriptedFault =
  | { at: number; host: number; action: 'fail'; duration?: number }
  | { at: number; host: number; action: 'slow'; factor: number; duration: number };
