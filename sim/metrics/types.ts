/**
 * The shape of a results folder's summary.json (versioned: bump RESULTS_VERSION on any
 * incompatible change). Everything here is plain JSON data; non-finite numbers are written as null.
 */
export const RESULTS_VERSION = 2;

export const percentileKeys = ['p50', 'p90', 'p99', 'p995', 'p999', 'p9999'] as const;
export type PercentileKey = (typeof percentileKeys)[number];
/** The quantile each percentile key stands for. */
export const percentileLevels: Record<PercentileKey, number> = {
  p50: 0.5, p90: 0.9, p99: 0.99, p995: 0.995, p999: 0.999, p9999: 0.9999,
};
export const latencyKeys = ['mean', ...percentileKeys, 'max'] as const;
export type LatencyKey = (typeof latencyKeys)[number];
export type LatencySummary = Record<LatencyKey, number | null>;

/**
 * Measured queries by how they were answered. `lost`: no copy of the query was left anywhere
 * (failures took them) and no deadline answered it; `unfinished`: still queued or in service
 * when the drain limit passed (the cluster had not caught up). Both have an infinite latency.
 */
export interface AnsweredCounts {
  original: number; replica: number; reconstructed: number; backup: number; default: number; lost: number; unfinished: number;
}

/** One pool's utilisation: offered (computed from the scenario before running) and measured (share of the run its instances were held by tasks). */
export interface PoolUtilisation { instances: number; offered: number | null; measured: number | null }

export interface AccuracySummary {
  /** Correct answers over all measured queries (lost queries count as wrong). */
  overall: number;
  /** Accuracy of answers from the deployed model (originals and replicas). */
  original: number | null;
  /** Accuracy of decoded reconstructions (null when none happened). */
  reconstructed: number | null;
  backup: number | null;
  default: number | null;
  fraction_reconstructed: number;
}

/** A sweep point: scenario path → the value as the user wrote it (e.g. {"arrivals.rate": "270/s"}). */
export type SweepPoint = Record<string, string | number | boolean>;

export interface RunSummary {
  strategy: string;
  kind: string;
  seed: number;
  sweep: SweepPoint;
  queries: number;
  latency_ms: LatencySummary;
  /**
   * Share of measured queries that stalled: slower than the run's median by more than STALL_MS
   * (sim/metrics/stalls.ts; lost and unfinished queries count). Null only in results read from
   * version 1, which did not record it.
   */
  stalled: number | null;
  answered: AnsweredCounts;
  /** The instances (hosts) the strategy ran on: its own, as each strategy runs on its own hosts. Absent in results written before it was recorded. */
  hosts?: number;
  /** Where the scenario names hosts this strategy does not have (sim/faults/host-references.ts); only when there are any. */
  not_applied?: string[];
  /** Provisioned hosts and busy time relative to the data work alone (1 = no redundancy). */
  overhead: { instances: number; busy: number };
  /** Per pool (data, parity, backup): offered and measured utilisation. */
  utilisation: Record<string, PoolUtilisation>;
  /**
   * The work waiting in the cluster (tasks queued, travelling or in service) kept growing across
   * the measured arrivals: the cluster is overloaded and the latencies measure the run's length.
   */
  unstable: boolean;
  /** That work, sampled at 9 evenly spaced arrivals of the measured queries (what `unstable` is decided from). */
  backlog: number[];
  accuracy?: AccuracySummary;
  /** Simulation statistics: engine events and simulated span (ms). No wall time: results are byte-identical per seed. */
  sim: { events: number; simulated_ms: number };
  /** Emulated runs only: what a real run measured beyond latencies. */
  emulation?: EmulationDetails;
}

export interface TcpCounts { retransmitted_segments: number; timeouts: number; loss_probes: number; sack_recoveries: number; fast_retransmits: number }

export interface EmulationDetails {
  /** Share of measured queries slower than the median by more than STALL_MS (sim/metrics/stalls.ts). */
  stalled: number;
  /** Shares of measured queries whose request (frontend → instance) or response took more than STALL_MS on the wire. */
  stalled_requests: number;
  stalled_responses: number;
  /** Measured queries in flight during a machine freeze the canary saw. */
  frozen_queries: number;
  /** TCP counters over the run (after minus before) of the frontend's namespace: its requests' and connections' losses. */
  tcp: TcpCounts;
  /** The same, summed over the instances' namespaces: their responses' losses, and the shuffles'. */
  tcp_instances: TcpCounts;
  /** How late instances ended their padded service, and how late the frontend handled its events (ms). */
  pad_lateness_ms: { p50: number; p99: number; max: number };
  frontend_lateness_ms: { p50: number; p99: number; max: number };
  shuffle_flows: number;
  /** How the links were shaped for this run: a sweep over the network reshapes them per point. */
  links: { bandwidth_mbit: number; buffer_bytes: number; mtu: number };
  /** Packets the links' qdiscs dropped during the run: at the hosts' own transmit queues, and at the switch ports toward them. */
  qdisc_drops: { host_ends: number; switch_ports: number };
  /** The run was cut at its wall-clock limit; unanswered queries count as lost. */
  cut_at_wall_limit: boolean;
  /** Measured queries and stalls by where the answering host stood with the shuffles (sim/metrics/stall-situations.ts); null without shuffles. */
  stalls_by_host: SituationStalls[] | null;
}

/**
 * One statistic across seeds (sim/metrics/confidence.ts): the mean, the 95% percentile-bootstrap
 * interval of the mean (within the seeds' range; nulls with one seed or a value that is not
 * finite), the number of seeds and each seed's value in seed order (null: not finite).
 */
export interface Estimate { mean: number | null; ci95: [number | null, number | null]; n: number; values: (number | null)[] }

export interface AggregateSummary {
  strategy: string;
  sweep: SweepPoint;
  seeds: number;
  /** The seeds, ascending: the order of every Estimate's `values`. */
  seed_list: number[];
  latency_ms: Record<LatencyKey, Estimate>;
  /** The share of stalled queries (RunSummary.stalled) across seeds. */
  stalled: Estimate;
  accuracy?: Record<'overall' | 'reconstructed', Estimate>;
}

/** How the aggregate was computed: named in summary.json so that a reader need not guess. */
export interface StatisticsNote {
  /** The interval's method (CI_METHOD in sim/metrics/confidence.ts). */
  ci95: string;
  resamples: number;
  description: string;
  /** A query stalled when slower than its run's median by more than this (ms). */
  stall_ms: number;
}

/**
 * How a claim is judged across seeds (sim/experiment/claims.ts): on the means (`mean`, the
 * default), at every seed on its own (`every-seed`), or on the sides' 95% bootstrap intervals
 * (`ci95`: for <, the left side's upper bound below the right side's lower bound).
 */
export const claimModes = ['mean', 'every-seed', 'ci95'] as const;
export type ClaimMode = (typeof claimModes)[number];

/** A claim's two sides at one seed (mode every-seed). */
export interface SeedVerdict { seed: number; left: number | null; right: number | null; holds: boolean }

/**
 * A claim at one sweep point. `left`/`right` are the sides on the means across seeds, in every
 * mode; a latency that is infinite (queries lost or unfinished beyond that percentile) compares
 * as Infinity, and is written null in JSON. `every-seed` adds each seed's sides and verdict;
 * `ci95` the sides' intervals. A claim about a strategy whose run was unstable does not hold:
 * `unstable` names it; `note` says why a claim could not be judged otherwise (a ci95 claim on
 * one seed).
 */
export interface ClaimResult {
  claim: string;
  mode: ClaimMode;
  sweep: SweepPoint;
  holds: boolean;
  left: number | null;
  right: number | null;
  per_seed?: SeedVerdict[];
  left_ci95?: [number | null, number | null];
  right_ci95?: [number | null, number | null];
  unstable?: string[];
  note?: string;
}

export interface ResultsFile {
  version: number;
  generator: string;
  /** Absent for the simulator; "emulated" for a run on the emulated cluster (`parm-sim emulate`). */
  source?: 'emulated';
  /** Emulated runs: the testbed (network, machine, freezes the canary saw). */
  testbed?: Record<string, unknown>;
  scenario: { name: string; file: string | null; seed: number; seeds: number; queries: number; warmup: number; models: string | null; sweep: Record<string, (string | number | boolean)[]> };
  /** How `aggregate` was computed. */
  statistics: StatisticsNote;
  runs: RunSummary[];
  aggregate: AggregateSummary[];
  expect: ClaimResult[];
}

/** Points of a run's latency distribution, written to cdf.csv so plots can be redrawn later. */
export interface CdfPoint { strategy: string; seed: number; sweep: string; quantile: number; latency_ms: number }

/**
 * Where a query's answering host stood with the background shuffles when the query arrived. The
 * network model treats them differently (sim/cluster/switch-ports.ts: a port paced at its limit,
 * full a share of the time that depends on whether the shuffle's sender is itself receiving one
 * and whether the host sends one too; an overloaded port's sawtooth), so the stalled share per
 * situation, simulated against emulated, says whether the model is right for the right reason
 * and not by errors cancelling (docs/validation.md, "Round 13" and "Round 14").
 */
export const HOST_SITUATIONS = [
  'no shuffle in',
  'one in, its sender receiving none; the host sends none',
  'one in, its sender receiving one; the host sends none',
  'one in; the host sends one too',
  'two or more in',
] as const;
export type HostSituation = (typeof HOST_SITUATIONS)[number];

export interface SituationStalls {
  situation: HostSituation;
  /** Measured queries answered by a host in this situation at their arrival. */
  queries: number;
  /** Those slower than their run's median by more than STALL_MS, as `stalled` counts them. */
  stalled: number;
}
